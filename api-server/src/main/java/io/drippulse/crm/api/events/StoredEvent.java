package io.drippulse.crm.api.events;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.UUID;

/** One event read from the table, rendered once as its SSE frame and shared by every stream that sends it. */
record StoredEvent(UUID orgId, long seq, UUID pipelineId, Buffer frame) {

  static StoredEvent of(Row row) {
    UUID orgId = row.getUUID("org_id");
    long seq = row.getLong("seq");
    UUID pipelineId = row.getUUID("pipeline_id");
    String type = row.getString("type");
    JsonObject data = new JsonObject()
        .put("type", type)
        .put("org_id", orgId.toString())
        .put("pipeline_id", pipelineId == null ? null : pipelineId.toString())
        .put("at", row.getOffsetDateTime("created_at").toInstant().toString())
        .mergeIn(new JsonObject(row.getString("body")));
    // JSON encoding escapes line breaks inside strings, so data is one line as SSE requires
    String frame = "id: " + EventCursor.of(orgId, seq) + "\nevent: " + type + "\ndata: " + data.encode() + "\n\n";
    return new StoredEvent(orgId, seq, pipelineId, Buffer.buffer(frame));
  }

  boolean concerns(UUID pipeline) {
    return pipeline == null || pipeline.equals(pipelineId);
  }
}
