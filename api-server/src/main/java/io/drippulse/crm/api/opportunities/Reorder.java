package io.drippulse.crm.api.opportunities;

import io.drippulse.crm.api.events.BoardEvents;
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

/**
 * POST /opportunities/reorder: all listed ids must be cards of that stage, each once; else 422 and nothing
 * changes. The listed cards take ranks just before the first card the list leaves out, so the unlisted
 * ones keep their ranks (and their relative order after the listed ones): the reorder writes the listed
 * rows only, and answers with them.
 */
final class Reorder {

  static final int MAX_IDS = 10_000;

  private final Pool pool;

  Reorder(Pool pool) {
    this.pool = pool;
  }

  /** A listed card, resolved. */
  private record Listed(UUID id, String publicId) {
  }

  Future<JsonObject> apply(UUID orgId, UUID stageId, List<String> orderedIds) {
    return SentTogether.transaction(pool, tx -> apply(tx, orgId, stageId, orderedIds));
  }

  /**
   * Two groups of statements ({@link SentTogether}), so the stage is locked for one round trip: BEGIN, the
   * lock, the listed cards (to validate the list) and their new ranks; then the event and COMMIT. The ranks
   * are written from the ids as sent, before the list is checked: if any of them is not a card of the stage,
   * or is listed twice, the reorder is refused and rolled back.
   */
  private static Future<JsonObject> apply(SentTogether tx, UUID orgId, UUID stageId, List<String> orderedIds) {
    SqlConnection conn = tx.connection();
    MixedIds sent = MixedIds.of(orderedIds);
    MixedIds.InOrder listed = MixedIds.InOrder.of(orderedIds);
    Future<StageLocks.Locked> stage = StageLocks.exclusive(conn, orgId, stageId);
    Future<List<Listed>> resolved = resolve(conn, orgId, stageId, orderedIds, sent);
    Future<?> ranked = conn.preparedQuery(OpportunitySql.SET_LISTED_RANKS)
        .execute(Tuple.of(orgId, stageId, listed.uuids(), listed.publicIds(), sent.uuids(), sent.publicIds(), Ranks.GAP));
    return InOrder.all(stage, resolved, ranked).compose(ready -> {
      JsonObject result = answer(stageId, resolved.result());
      return tx.commit(BoardEvents.reordered(conn, orgId, stageId, result.getJsonArray("opportunities"))).map(result);
    });
  }

  /** The listed cards now hold positions 0..n-1, in list order; the others follow them as before. */
  private static JsonObject answer(UUID stageId, List<Listed> listed) {
    JsonArray cards = new JsonArray();
    for (int i = 0; i < listed.size(); i++) {
      cards.add(new JsonObject().put("id", listed.get(i).id().toString()).put("public_id", listed.get(i).publicId())
          .put("stage_position", i));
    }
    return new JsonObject().put("pipeline_stage_id", stageId.toString()).put("opportunities", cards);
  }

  /** Maps each listed id (public id or UUID, mixed) to a card of the stage, collecting every offender. */
  private static Future<List<Listed>> resolve(SqlConnection conn, UUID orgId, UUID stageId, List<String> orderedIds,
                                              MixedIds sent) {
    return conn.preparedQuery(OpportunitySql.RESOLVE_IN_STAGE)
        .execute(Tuple.of(orgId, stageId, sent.uuids(), sent.publicIds()))
        .map(rows -> {
          Map<String, Listed> known = new HashMap<>();
          for (Row row : rows) {
            Listed card = new Listed(row.getUUID("id"), row.getString("public_id"));
            known.put(card.id().toString(), card);
            known.put(card.publicId(), card);
          }
          List<Listed> resolved = new ArrayList<>();
          Set<UUID> seen = new HashSet<>();
          JsonArray offenders = new JsonArray();
          for (String raw : orderedIds) {
            Listed card = known.get(Ids.parseUuid(raw).map(UUID::toString).orElse(raw));
            if (card == null) {
              offenders.add(new JsonObject().put("id", raw).put("reason", "not_in_stage"));
            } else if (!seen.add(card.id())) {
              offenders.add(new JsonObject().put("id", raw).put("reason", "duplicate"));
            } else {
              resolved.add(card);
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
