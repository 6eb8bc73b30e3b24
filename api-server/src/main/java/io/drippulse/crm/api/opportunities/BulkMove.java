package io.drippulse.crm.api.opportunities;

import io.drippulse.crm.api.events.BoardEvents;
import io.drippulse.crm.api.http.ApiError;
import io.drippulse.crm.api.http.Fields;
import io.drippulse.crm.api.http.KnownFields;
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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * POST /opportunities/bulk_move (PRODUCT.md §9.4): up to 500 cards of any stages of the org to the top or the
 * bottom of one stage, all or nothing, in the board order they had (stage order, then position). Under the
 * locks of every stage involved (one statement, ascending id, like every writer), it writes one row per card,
 * the merged totals, and one history row per card that changes stage, then its event (for the target's pipeline
 * and each pipeline the cards left). A card that changed stage between the unlocked read and the locks makes
 * the move start over.
 */
final class BulkMove {

  static final int MAX_IDS = 500;
  static final KnownFields BODY = KnownFields.of("ids", "pipeline_stage_id", "position");
  private static final int ATTEMPTS = 8;

  private final Pool pool;

  BulkMove(Pool pool) {
    this.pool = pool;
  }

  /** A parsed request: the ids as sent, the target stage, top or bottom. */
  record Request(List<String> ids, UUID stageId, boolean top) {

    static Request parse(JsonObject body) {
      BODY.check(body, "");
      JsonArray raw = Fields.array(body, "ids")
          .orElseThrow(() -> ApiError.invalidField("ids", "ids is required: an array of 1 to " + MAX_IDS + " opportunity ids."));
      List<String> ids = new ArrayList<>(raw.size());
      for (int i = 0; i < raw.size(); i++) {
        if (!(raw.getValue(i) instanceof String id)) {
          throw Fields.wrongType("ids[" + i + "]", "a string");
        }
        ids.add(id);
      }
      if (ids.isEmpty() || ids.size() > MAX_IDS) {
        throw ApiError.invalidField("ids", "ids must list 1 to " + MAX_IDS + " opportunities.");
      }
      String rawStage = Fields.string(body, "pipeline_stage_id")
          .orElseThrow(() -> ApiError.invalidField("pipeline_stage_id", "pipeline_stage_id is required."));
      UUID stageId = Ids.parseUuid(rawStage).orElseThrow(Lookups::unknownStage);
      String position = Fields.string(body, "position").orElse("bottom");
      if (!position.equals("top") && !position.equals("bottom")) {
        throw ApiError.invalidField("position", "position must be top or bottom.");
      }
      return new Request(List.copyOf(ids), stageId, position.equals("top"));
    }
  }

  /** A retry signal: a listed card changed stage (or was deleted) between the read and the locks. */
  private static final class Raced extends RuntimeException {
    Raced() {
      super(null, null, false, false);
    }
  }

  Future<JsonObject> apply(UUID orgId, String userId, Request request) {
    return attempt(ATTEMPTS, () -> pool.withTransaction(conn -> apply(conn, orgId, userId, request)));
  }

  private static Future<JsonObject> apply(SqlConnection conn, UUID orgId, String userId, Request request) {
    return resolve(conn, orgId, request.ids()).compose(cards -> {
      Set<UUID> stages = new LinkedHashSet<>(cards.values());
      stages.add(request.stageId());
      UUID[] ids = cards.keySet().toArray(UUID[]::new);
      return StageLocks.exclusive(conn, orgId, stages).compose(locked -> conn.preparedQuery(BulkMoveSql.LOCK_IN_BOARD_ORDER)
          .execute(Tuple.of(orgId).addValue(ids)).compose(rows -> {
            List<Deal> moving = new ArrayList<>();
            List<String> publicIds = new ArrayList<>();
            for (Row row : rows) {
              Deal deal = Deal.from(row);
              if (!deal.stageId().equals(cards.get(deal.id()))) {
                throw new Raced();
              }
              moving.add(deal);
              publicIds.add(row.getString("public_id"));
            }
            if (moving.size() != ids.length) {
              throw new Raced();
            }
            StageLocks.Locked target = locked.get(request.stageId());
            return place(conn, orgId, userId, request, target, moving, publicIds)
                .compose(result -> BoardEvents.bulkMoved(conn, orgId, target.pipelineId(), target.id(),
                    result.getJsonArray("opportunities"), moving.stream().map(Deal::pipelineId).toList()).map(result));
          }));
    });
  }

  private static Future<JsonObject> place(SqlConnection conn, UUID orgId, String userId, Request request,
                                          StageLocks.Locked target, List<Deal> moving, List<String> publicIds) {
    int n = moving.size();
    UUID[] ids = moving.stream().map(Deal::id).toArray(UUID[]::new);
    UUID[] from = moving.stream().map(Deal::stageId).toArray(UUID[]::new);
    StageTotals totals = StageTotals.change();
    moving.forEach(card -> totals.remove(card.stageId(), card).add(target.id(), card));
    return conn.preparedQuery(BulkMoveSql.RANK_BOUNDS).execute(Tuple.of(orgId, target.id())).compose(bounds -> {
      Row b = bounds.iterator().next();
      Long[] ranks = new Long[n];
      for (int i = 0; i < n; i++) {
        ranks[i] = request.top()
            ? (b.getLong("first") == null ? Ranks.GAP * (i + 1) : b.getLong("first") - Ranks.GAP * (n - i))
            : (b.getLong("last") == null ? Ranks.GAP * (i + 1) : b.getLong("last") + Ranks.GAP * (i + 1));
      }
      return conn.preparedQuery(BulkMoveSql.PLACE_ALL).execute(Tuple.of(orgId, ids, target.pipelineId(), target.id(), ranks));
    })
        .compose(placed -> totals.write(conn, orgId))
        .compose(totalled -> conn.preparedQuery(BulkMoveSql.RECORD_TRANSITIONS)
            .execute(Tuple.of(orgId, ids, from, target.id(), userId)))
        .compose(recorded -> conn.preparedQuery(BulkMoveSql.STAGE_COUNT).execute(Tuple.of(orgId, target.id())))
        .map(count -> {
          long inStage = count.iterator().next().getLong("n");
          long first = request.top() ? 0 : inStage - n;
          JsonArray out = new JsonArray();
          for (int i = 0; i < n; i++) {
            out.add(new JsonObject().put("id", ids[i].toString()).put("public_id", publicIds.get(i)).put("stage_position", first + i));
          }
          return new JsonObject().put("pipeline_stage_id", target.id().toString()).put("moved", n).put("opportunities", out);
        });
  }

  /**
   * Each listed id (public id or UUID) to its card and current stage; every unknown, foreign or repeated id
   * (the same card named twice, by either id) is collected into one 422 invalid_ids naming them all.
   */
  private static Future<Map<UUID, UUID>> resolve(SqlConnection conn, UUID orgId, List<String> listed) {
    MixedIds ids = MixedIds.of(listed);
    return conn.preparedQuery(BulkMoveSql.RESOLVE).execute(Tuple.of(orgId, ids.uuids(), ids.publicIds()))
        .map(rows -> {
          Map<String, UUID> idOf = new HashMap<>();
          Map<UUID, UUID> stageOf = new HashMap<>();
          for (Row row : rows) {
            idOf.put(row.getUUID("id").toString(), row.getUUID("id"));
            idOf.put(row.getString("public_id"), row.getUUID("id"));
            stageOf.put(row.getUUID("id"), row.getUUID("pipeline_stage_id"));
          }
          Map<UUID, UUID> resolved = new LinkedHashMap<>();
          Set<UUID> seen = new HashSet<>();
          JsonArray offenders = new JsonArray();
          List<String> named = new ArrayList<>();
          for (String raw : listed) {
            UUID id = idOf.get(Ids.parseUuid(raw).map(UUID::toString).orElse(raw));
            if (id == null) {
              offenders.add(new JsonObject().put("id", raw).put("reason", "unknown"));
              named.add(raw);
            } else if (!seen.add(id)) {
              offenders.add(new JsonObject().put("id", raw).put("reason", "repeated"));
              named.add(raw);
            } else {
              resolved.put(id, stageOf.get(id));
            }
          }
          if (!offenders.isEmpty()) {
            throw new ApiError(422, "invalid_ids", "Every id must be an opportunity of your organization, listed once; not: "
                + String.join(", ", named.size() > 20 ? named.subList(0, 20) : named) + (named.size() > 20 ? ", …" : "") + ".",
                offenders);
          }
          return resolved;
        });
  }

  private static <T> Future<T> attempt(int left, Supplier<Future<T>> work) {
    return work.get().recover(e -> {
      if (e instanceof Raced && left > 1) {
        return attempt(left - 1, work);
      }
      if (e instanceof Raced) {
        return Future.failedFuture(ApiError.conflict("concurrent_update", "The opportunities kept changing; try again."));
      }
      return Future.failedFuture(e);
    });
  }
}
