package io.drippulse.crm.api.events;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The hooks board writes call inside their own transaction, as their last statement: each records one event
 * (PRODUCT.md §9.2) built from what the write already returns. Last, because recording takes the org's
 * event counter lock until commit (see migration V6); nothing may wait on another lock after it. A move out
 * of another pipeline is recorded for each pipeline it touches (the sources' copies first, then the
 * target's), so a board of the pipeline the cards left hears it too. A reorder records its
 * {@code opportunities.reordered} inside its own one statement ({@code opportunities.OpportunitySql.REORDER}),
 * with the same body {@link #bulkMoved} writes: the stage and its cards' new positions.
 */
public final class BoardEvents {

  private BoardEvents() {
  }

  /** created, updated, deleted, restored: {@code "opportunity"} as the API shows it. */
  public static Future<Void> opportunity(SqlConnection conn, UUID orgId, EventType type, JsonObject opportunity) {
    return record(conn, orgId, pipelineOf(opportunity), type, new JsonObject().put("opportunity", opportunity));
  }

  /** A card that changed stage or place; {@code from_stage_id} is where it was, in {@code fromPipelineId}. */
  public static Future<Void> moved(SqlConnection conn, UUID orgId, JsonObject opportunity, UUID fromStageId,
                                   UUID fromPipelineId) {
    return recordForEach(conn, orgId, List.of(fromPipelineId), pipelineOf(opportunity), EventType.OPPORTUNITY_MOVED,
        new JsonObject().put("opportunity", opportunity).put("from_stage_id", fromStageId.toString()));
  }

  /** bulk_moved: like reordered, for the target's pipeline and each pipeline the cards came from. */
  public static Future<Void> bulkMoved(SqlConnection conn, UUID orgId, UUID pipelineId, UUID stageId, JsonArray cards,
                                       Collection<UUID> fromPipelines) {
    return recordForEach(conn, orgId, fromPipelines, pipelineId, EventType.OPPORTUNITIES_BULK_MOVED, stageOrder(stageId, cards));
  }

  /** pipeline.created, .updated, .deleted: {@code "pipeline"} as the API shows it. */
  public static Future<Void> pipeline(SqlConnection conn, UUID orgId, EventType type, JsonObject pipeline) {
    return record(conn, orgId, UUID.fromString(pipeline.getString("id")), type, new JsonObject().put("pipeline", pipeline));
  }

  private static Future<Void> record(SqlConnection conn, UUID orgId, UUID pipelineId, EventType type, JsonObject body) {
    return conn.preparedQuery(EventsSql.RECORD).execute(Tuple.of(orgId, pipelineId, type.wire(), body)).mapEmpty();
  }

  /** One statement: a copy for each source pipeline other than the target, then the target's. */
  private static Future<Void> recordForEach(SqlConnection conn, UUID orgId, Collection<UUID> sources, UUID target,
                                            EventType type, JsonObject body) {
    Set<UUID> pipelines = new LinkedHashSet<>(sources);
    pipelines.remove(target);
    pipelines.add(target);
    return conn.preparedQuery(EventsSql.RECORD_FOR_EACH)
        .execute(Tuple.of(orgId, pipelines.toArray(UUID[]::new), type.wire(), body)).mapEmpty();
  }

  private static JsonObject stageOrder(UUID stageId, JsonArray cards) {
    return new JsonObject().put("pipeline_stage_id", stageId.toString()).put("opportunities", cards);
  }

  private static UUID pipelineOf(JsonObject opportunity) {
    return UUID.fromString(opportunity.getString("pipeline_id"));
  }
}
