package io.drippulse.crm.api.opportunities;

/** The statements of {@link BulkMove}. */
final class BulkMoveSql {

  private BulkMoveSql() {
  }

  /** Which of the listed ids are cards of the org, and in which stage (read before the locks, checked after). */
  static final String RESOLVE = """
      SELECT id, public_id, pipeline_stage_id FROM opportunities
      WHERE org_id = $1 AND (id = ANY($2::uuid[]) OR public_id = ANY($3::text[]))""";

  /** The cards, locked, in board order: stage order, then their place in the stage. */
  static final String LOCK_IN_BOARD_ORDER = """
      SELECT o.id, o.public_id, o.pipeline_id, o.pipeline_stage_id, r.rank, o.version, o.name, o.amount, o.currency,
             o.expected_close_date, o.owner_user_id, o.description
      FROM opportunities o JOIN pipeline_stages s ON s.org_id = o.org_id AND s.id = o.pipeline_stage_id
      JOIN opportunity_ranks r ON r.org_id = o.org_id AND r.id = o.id
      WHERE o.org_id = $1 AND o.id = ANY($2::uuid[])
      ORDER BY s.position, s.id, r.rank
      FOR UPDATE OF o""";

  /** The target stage's first and last rank, among all its cards (the moving ones too). */
  static final String RANK_BOUNDS = """
      SELECT (SELECT rank FROM opportunity_ranks WHERE org_id = $1 AND pipeline_stage_id = $2 ORDER BY rank LIMIT 1) AS first,
             (SELECT rank FROM opportunity_ranks WHERE org_id = $1 AND pipeline_stage_id = $2 ORDER BY rank DESC LIMIT 1) AS last""";

  /**
   * Each card's new place: its rank row, then the card; it entered the stage anew (and was updated) only if it
   * came from another, a card already there only changing place, as in a reorder.
   */
  static final String PLACE_ALL = """
      WITH placed AS (
        UPDATE opportunity_ranks r SET pipeline_stage_id = $4, rank = u.rank
        FROM unnest($2::uuid[], $5::bigint[]) AS u(id, rank)
        WHERE r.org_id = $1 AND r.id = u.id
        RETURNING r.id
      )
      UPDATE opportunities o SET pipeline_id = $3, pipeline_stage_id = $4,
             stage_entered_at = CASE WHEN o.pipeline_stage_id = $4 THEN o.stage_entered_at ELSE now() END,
             version = o.version + 1, updated_at = CASE WHEN o.pipeline_stage_id = $4 THEN o.updated_at ELSE now() END
      FROM placed p
      WHERE o.org_id = $1 AND o.id = p.id""";

  /** One stage-history row per card that changed stage. */
  static final String RECORD_TRANSITIONS = """
      INSERT INTO stage_transitions (org_id, opportunity_id, from_stage_id, to_stage_id, to_stage_name, moved_by, moved_at)
      SELECT $1, u.id, u.from_stage, s.id, s.name, $5, now()
      FROM unnest($2::uuid[], $3::uuid[]) AS u(id, from_stage)
      JOIN pipeline_stages s ON s.org_id = $1 AND s.id = $4
      WHERE u.from_stage <> $4""";

  /** How many cards the stage holds now (its maintained count, already including this move). */
  static final String STAGE_COUNT = "SELECT coalesce(sum(card_count), 0)::bigint AS n FROM stage_totals WHERE org_id = $1 AND stage_id = $2";
}
