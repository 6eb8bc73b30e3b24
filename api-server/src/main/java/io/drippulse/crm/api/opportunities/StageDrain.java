package io.drippulse.crm.api.opportunities;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * Safe stage removal's move (PRODUCT.md §9.3): every card of a stage about to be removed goes to the end of
 * another stage of the same pipeline, in its order, with a history row each; the stage's totals follow
 * them. For the pipeline edit, which already holds every stage of the pipeline {@code FOR UPDATE} (the
 * stage lock order of {@link StageLocks}: ascending id, all at once).
 */
public final class StageDrain {

  /** The cards, appended a rank gap apart after the target's last card, and their history, in one statement. */
  private static final String MOVE_CARDS = """
      WITH last AS (
        SELECT coalesce((SELECT rank FROM opportunity_ranks WHERE org_id = $1 AND pipeline_stage_id = $3 ORDER BY rank DESC LIMIT 1), 0) AS r
      ), moving AS (
        SELECT id, row_number() OVER (ORDER BY rank) AS i FROM opportunity_ranks WHERE org_id = $1 AND pipeline_stage_id = $2
      ), placed AS (
        UPDATE opportunity_ranks r SET pipeline_stage_id = $3, rank = last.r + moving.i * $5
        FROM moving, last
        WHERE r.org_id = $1 AND r.id = moving.id
        RETURNING r.id
      ), moved AS (
        UPDATE opportunities o SET pipeline_stage_id = $3, stage_entered_at = now(), version = o.version + 1, updated_at = now()
        FROM placed
        WHERE o.org_id = $1 AND o.id = placed.id
        RETURNING o.id
      )
      INSERT INTO stage_transitions (org_id, opportunity_id, from_stage_id, to_stage_id, to_stage_name, moved_by, moved_at)
      SELECT $1, moved.id, $2, s.id, s.name, $4, now() FROM moved JOIN pipeline_stages s ON s.org_id = $1 AND s.id = $3""";

  /** The removed stage's totals, added to the target's (its own rows go with the stage, ON DELETE CASCADE). */
  private static final String MOVE_TOTALS = """
      INSERT INTO stage_totals AS t (org_id, stage_id, currency, card_count, amount_count, amount)
      SELECT org_id, $3, currency, card_count, amount_count, amount FROM stage_totals
      WHERE org_id = $1 AND stage_id = $2 ORDER BY currency
      ON CONFLICT (org_id, stage_id, currency) DO UPDATE
        SET card_count = t.card_count + excluded.card_count, amount_count = t.amount_count + excluded.amount_count,
            amount = t.amount + excluded.amount""";

  private StageDrain() {
  }

  /** Moves every card of {@code from} to the end of {@code to}; the caller holds both stages' locks. */
  public static Future<Void> drain(SqlConnection conn, UUID orgId, UUID from, UUID to, String userId) {
    return conn.preparedQuery(MOVE_CARDS).execute(Tuple.of(orgId, from, to, userId, Ranks.GAP))
        .compose(moved -> conn.preparedQuery(MOVE_TOTALS).execute(Tuple.of(orgId, from, to)))
        .mapEmpty();
  }
}
