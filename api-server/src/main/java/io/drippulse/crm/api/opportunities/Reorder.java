package io.drippulse.crm.api.opportunities;

import io.drippulse.crm.api.events.BoardEvents;
import io.drippulse.crm.api.events.EventType;
import io.drippulse.crm.api.http.ApiError;
import io.drippulse.crm.model.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** POST /opportunities/reorder: all listed ids must be cards of that stage, each once; else 422 and nothing changes. */
final class Reorder {

  static final int MAX_IDS = 10_000;

  private final Pool pool;

  Reorder(Pool pool) {
    this.pool = pool;
  }

  Future<JsonObject> apply(UUID orgId, UUID stageId, List<String> orderedIds) {
    return pool.withTransaction(conn -> Moves.lockStages(conn, orgId, stageId, stageId)
        .compose(ignored -> resolve(conn, orgId, stageId, orderedIds))
        .compose(ids -> conn.preparedQuery(OpportunitySql.REORDER)
            .execute(Tuple.of(orgId, stageId, ids.toArray(UUID[]::new), ids.size())))
        .compose(ignored -> conn.preparedQuery(OpportunitySql.STAGE_ORDER).execute(Tuple.of(orgId, stageId)))
        .map(rows -> {
          JsonArray cards = new JsonArray();
          rows.forEach(row -> cards.add(new JsonObject()
              .put("id", row.getUUID("id").toString())
              .put("public_id", row.getString("public_id"))
              .put("stage_position", row.getInteger("stage_position"))));
          return new JsonObject().put("pipeline_stage_id", stageId.toString()).put("opportunities", cards);
        })
        .compose(result -> BoardEvents.stageOrder(conn, orgId, EventType.OPPORTUNITIES_REORDERED, stageId,
            result.getJsonArray("opportunities")).map(result)));
  }

  /** Maps each listed id (public id or UUID, mixed) to a card of the stage, collecting every offender. */
  private static Future<List<UUID>> resolve(SqlConnection conn, UUID orgId, UUID stageId, List<String> orderedIds) {
    List<UUID> uuids = new ArrayList<>();
    List<String> publicIds = new ArrayList<>();
    for (String raw : orderedIds) {
      if (Ids.isPublicId(raw)) {
        publicIds.add(raw);
      } else {
        Ids.parseUuid(raw).ifPresent(uuids::add);
      }
    }
    return conn.preparedQuery(OpportunitySql.RESOLVE_IN_STAGE)
        .execute(Tuple.of(orgId, stageId, uuids.toArray(UUID[]::new), publicIds.toArray(String[]::new)))
        .map(rows -> {
          Map<String, UUID> known = new HashMap<>();
          for (Row row : rows) {
            known.put(row.getUUID("id").toString(), row.getUUID("id"));
            known.put(row.getString("public_id"), row.getUUID("id"));
          }
          List<UUID> resolved = new ArrayList<>();
          Set<UUID> seen = new HashSet<>();
          JsonArray offenders = new JsonArray();
          for (String raw : orderedIds) {
            UUID id = known.get(Ids.parseUuid(raw).map(UUID::toString).orElse(raw));
            if (id == null) {
              offenders.add(new JsonObject().put("id", raw).put("reason", "not_in_stage"));
            } else if (!seen.add(id)) {
              offenders.add(new JsonObject().put("id", raw).put("reason", "duplicate"));
            } else {
              resolved.add(id);
            }
          }
          if (!offenders.isEmpty()) {
            throw new ApiError(422, "invalid_ordered_ids",
                "Every id must be an opportunity currently in that stage, listed once.", offenders);
          }
          return resolved;
        });
  }
}
