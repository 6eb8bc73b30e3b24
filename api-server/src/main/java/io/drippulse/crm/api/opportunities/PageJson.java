package io.drippulse.crm.api.opportunities;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;

/**
 * A list page written as JSON straight from the rows, with one streaming generator: no JsonObject per card,
 * no tree to serialise afterwards (what the worker's CopyRowEncoder does for bundles). The first
 * {@code limit} rows are the page; the query reads one more, to know whether a next page exists.
 */
final class PageJson {

  private static final JsonFactory JSON = new JsonFactory();

  /** The page's bytes, and how many cards it holds. */
  record Page(Buffer body, int cards) {
  }

  private PageJson() {
  }

  /** {@code cursorAfter} makes the next page's cursor from the page's last row. */
  static Page of(RowSet<Row> rows, int limit, Function<Row, String> cursorAfter) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024 + Math.min(rows.size(), limit) * 640);
    int n = 0;
    try (JsonGenerator gen = JSON.createGenerator(bytes)) {
      gen.writeStartObject();
      gen.writeArrayFieldStart("opportunities");
      CardWriter cards = new CardWriter(rows.columnsNames());
      Row last = null;
      for (Row row : rows) {
        if (n == limit) {
          break;
        }
        cards.write(gen, row);
        last = row;
        n++;
      }
      gen.writeEndArray();
      gen.writeStringField("next_cursor", rows.size() > limit && last != null ? cursorAfter.apply(last) : null);
      gen.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Page(Buffer.buffer(bytes.toByteArray()), n);
  }
}
