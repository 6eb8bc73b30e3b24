package io.drippulse.crm.api.opportunities;

import io.drippulse.crm.api.events.EventType;
import io.drippulse.crm.api.http.ApiError;
import io.drippulse.crm.model.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
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

  /**
   * One round trip ({@link SentTogether}): BEGIN, the stage lock, the reorder's one statement (it checks
   * the list, writes the ranks and records the event, {@link OpportunitySql#REORDER}) and COMMIT, so the
   * stage is locked only while PostgreSQL runs them. A list the statement refuses aborts the transaction,
   * and the COMMIT behind it only ends it; the refusal is then explained from a fresh read of the ids.
   */
  Future<JsonObject> apply(UUID orgId, UUID stageId, List<String> orderedIds) {
    MixedIds sent = MixedIds.of(orderedIds);
    return SentTogether.transaction(pool, tx -> {
      SqlConnection conn = tx.connection();
      Future<StageLocks.Locked> stage = StageLocks.exclusive(conn, orgId, stageId);
      Future<RowSet<Row>> reordered = conn.preparedQuery(OpportunitySql.REORDER).execute(Tuple.of(orgId, stageId,
          sent.uuids(), sent.publicIds(), Ranks.GAP, EventType.OPPORTUNITIES_REORDERED.wire()));
      return tx.commit(stage, reordered).map(done -> answer(stageId, reordered.result()));
    }).recover(e -> refused(e)
        ? resolve(pool, orgId, stageId, orderedIds, sent).compose(Reorder::changedMeanwhile)
        : Future.failedFuture(e));
  }

  private static boolean refused(Throwable e) {
    return e instanceof PgException pg && "DP422".equals(pg.getSqlState());
  }

  /** The statement refused the list, but a fresh read finds nothing wrong with it: the stage changed meanwhile. */
  private static Future<JsonObject> changedMeanwhile(List<Listed> listed) {
    return Future.failedFuture(ApiError.conflict("concurrent_update", "The stage kept changing; try again."));
  }

  /** The answer from the statement's rows: the listed cards in list order (a row of nulls for an empty list). */
  private static JsonObject answer(UUID stageId, RowSet<Row> rows) {
    List<Listed> listed = new ArrayList<>();
    for (Row row : rows) {
      if (row.getUUID("id") != null) {
        listed.add(new Listed(row.getUUID("id"), row.getString("public_id")));
      }
    }
    return answer(stageId, listed);
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
  private static Future<List<Listed>> resolve(SqlClient client, UUID orgId, UUID stageId, List<String> orderedIds,
                                              MixedIds sent) {
    return client.preparedQuery(OpportunitySql.RESOLVE_IN_STAGE)
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
