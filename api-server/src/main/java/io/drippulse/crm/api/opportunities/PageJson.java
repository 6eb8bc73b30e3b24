package io.drippulse.crm.api.opportunities;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

/** A list page: the first {@code limit} rows (the query reads one more, to know whether a next page exists). */
final class PageJson {

  private PageJson() {
  }

  static JsonObject of(RowSet<Row> rows, int limit) {
    JsonArray out = new JsonArray();
    Row last = null;
    int n = 0;
    for (Row row : rows) {
      if (n++ == limit) {
        break;
      }
      out.add(OpportunityJson.of(row));
      last = row;
    }
    String next = rows.size() > limit && last != null ? Cursor.after(last).encode() : null;
    return new JsonObject().put("opportunities", out).put("next_cursor", next);
  }
}
