package io.drippulse.crm.api.pipelines;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/** Pipeline JSON (PRODUCT.md §5): stages come pre-built and ordered by position from the query. */
final class PipelineJson {

  private PipelineJson() {
  }

  static JsonObject of(Row row) {
    Object stages = row.getValue("stages");
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("name", row.getString("name"))
        .put("is_org_default", row.getBoolean("is_org_default"))
        .put("user_id", row.getString("user_id"))
        .put("stages", stages instanceof JsonArray array ? array : new JsonArray(String.valueOf(stages)))
        .put("created_at", row.getOffsetDateTime("created_at").toInstant().toString())
        .put("updated_at", row.getOffsetDateTime("updated_at").toInstant().toString());
  }
}
