package io.drippulse.crm.api.events;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * The hooks board writes call inside their own transaction, as their last statement: each records one event
 * (PRODUCT.md §9.2) built from what the write already returns. Last, because recording takes the org's
 * event counter lock until commit (see migration V6); nothing may wait on another lock after it.
 */
public final class BoardEvents {

  private BoardEvents() {
  }

  /** created, updated, deleted, restored: {@code "opportunity"} as the API shows it. */
  public static Future<Void> opportunity(SqlConnection conn, UUID orgId, EventType type, JsonObject opportunity) {
    return record(conn, orgId, pipelineOf(opportunity), type, new JsonObject().put("opportunity", opportunity));
  }

  /** A card that changed stage or place; {@code from_stage_id} is where it was. */
  public static Future<Void> moved(SqlConnection conn, UUID orgId, JsonObject opportunity, UUID fromStageId) {
    return record(conn, orgId, pipelineOf(opportunity), EventType.OPPORTUNITY_MOVED,
        new JsonObject().put("opportunity", opportunity).put("from_stage_id", fromStageId.toString()));
  }

  /** reordered, bulk_moved: the stage and its new {@code {"id","public_id","stage_position"}} list. */
  public static Future<Void> stageOrder(SqlConnection conn, UUID orgId, EventType type, UUID stageId, JsonArray cards) {
    JsonObject body = new JsonObject().put("pipeline_stage_id", stageId.toString()).put("opportunities", cards);
    return conn.preparedQuery(EventsSql.RECORD_FOR_STAGE).execute(Tuple.of(orgId, stageId, type.wire(), body)).mapEmpty();
  }

  /** pipeline.created, .updated, .deleted: {@code "pipeline"} as the API shows it. */
  public static Future<Void> pipeline(SqlConnection conn, UUID orgId, EventType type, JsonObject pipeline) {
    return record(conn, orgId, UUID.fromString(pipeline.getString("id")), type, new JsonObject().put("pipeline", pipeline));
  }

  private static Future<Void> record(SqlConnection conn, UUID orgId, UUID pipelineId, EventType type, JsonObject body) {
    return conn.preparedQuery(EventsSql.RECORD).execute(Tuple.of(orgId, pipelineId, type.wire(), body)).mapEmpty();
  }

  private static UUID pipelineOf(JsonObject opportunity) {
    return UUID.fromString(opportunity.getString("pipeline_id"));
  }
}
