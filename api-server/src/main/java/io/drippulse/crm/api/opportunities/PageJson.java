package io.drippulse.crm.api.opportunities;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.io.IOException;
import java.io.OutputStream;
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
    Buffer body = Buffer.buffer(1024 + Math.min(rows.size(), limit) * 720);
    int n = 0;
    try (JsonGenerator gen = JSON.createGenerator(new Into(body))) {
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
    return new Page(body, n);
  }

  /**
   * The generator's output appended straight to the response buffer, sized for the page up front: no
   * growing byte array copied out at the end, then copied again into a buffer.
   */
  private static final class Into extends OutputStream {
    private final Buffer buffer;

    Into(Buffer buffer) {
      this.buffer = buffer;
    }

    @Override
    public void write(int b) {
      buffer.appendByte((byte) b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      buffer.appendBytes(bytes, offset, length);
    }
  }
}
