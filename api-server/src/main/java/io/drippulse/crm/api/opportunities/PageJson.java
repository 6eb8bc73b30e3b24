package io.drippulse.crm.api.opportunities;

import static io.drippulse.crm.api.http.JsonBytes.fragment;

import io.drippulse.crm.api.http.JsonBytes;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.function.Function;

/**
 * A list page written as JSON straight from the rows ({@link CardWriter}): no JsonObject per card, no tree to
 * serialise afterwards (what the worker's CopyRowEncoder does for bundles). The first {@code limit} rows are
 * the page; the query reads one more, to know whether a next page exists.
 */
final class PageJson {

  private static final byte[] START = fragment("{\"opportunities\":[");
  private static final byte[] COMMA = fragment(",");
  private static final byte[] NEXT_CURSOR = fragment("],\"next_cursor\":");
  private static final byte[] END = fragment("}");

  /** The page's bytes, and how many cards it holds. */
  record Page(Buffer body, int cards) {
  }

  private PageJson() {
  }

  /** {@code cursorAfter} makes the next page's cursor from the page's last row. */
  static Page of(RowSet<Row> rows, int limit, Function<Row, String> cursorAfter) {
    JsonBytes out = new JsonBytes(1024 + Math.min(rows.size(), limit) * 720).raw(START);
    CardWriter cards = new CardWriter(rows.columnsNames());
    int n = 0;
    Row last = null;
    for (Row row : rows) {
      if (n == limit) {
        break;
      }
      if (n > 0) {
        out.raw(COMMA);
      }
      cards.write(out, row);
      last = row;
      n++;
    }
    out.raw(NEXT_CURSOR).string(rows.size() > limit && last != null ? cursorAfter.apply(last) : null).raw(END);
    return new Page(out.toBuffer(), n);
  }
}
