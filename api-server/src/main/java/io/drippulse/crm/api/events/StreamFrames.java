package io.drippulse.crm.api.events;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** The frames a stream writes besides its events (StoredEvent renders those). */
final class StreamFrames {

  static final Buffer GOODBYE = Buffer.buffer(": server shutting down, reconnect with Last-Event-ID\n\n");

  private StreamFrames() {
  }

  /**
   * Where the stream is: an {@code id:} without data (no event, in SSE terms), sent once its replay is done,
   * so a client that loses the connection before the first event still resumes from here, losing nothing.
   */
  static Buffer position(UUID orgId, long seq) {
    return Buffer.buffer("id: " + EventCursor.of(orgId, seq) + "\n\n");
  }

  /**
   * The idle comment line, with the stream's position as its id, so a client's cursor also moves past events
   * its pipeline_id filter skipped (a resume does not read them again).
   */
  static Buffer keepAlive(UUID orgId, long seq) {
    return Buffer.buffer(": keep-alive\nid: " + EventCursor.of(orgId, seq) + "\n\n");
  }

  static Buffer reset(UUID orgId, UUID pipelineId, long position, String reason) {
    JsonObject data = new JsonObject()
        .put("type", "reset")
        .put("org_id", orgId.toString())
        .put("pipeline_id", pipelineId == null ? null : pipelineId.toString())
        .put("reason", reason);
    return Buffer.buffer("id: " + EventCursor.of(orgId, position) + "\nevent: reset\ndata: " + data.encode() + "\n\n");
  }
}
