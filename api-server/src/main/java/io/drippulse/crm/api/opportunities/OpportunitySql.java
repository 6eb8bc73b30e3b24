package io.drippulse.crm.api.opportunities;

/**
 * Every statement the opportunity feature runs.
 *
 * <p>Positions: every statement that changes stage_position runs in a transaction that first holds the
 * affected stage rows {@code FOR UPDATE}, taken in ascending id order (the one lock order of the whole
 * service, so lockers never deadlock). Position arithmetic runs in a later statement than the lock, so
 * it sees every change committed by whoever held the lock before.
 */
final class OpportunitySql {

  private OpportunitySql() {
  }

  static final String COLUMNS = """
      o.id, o.public_id, o.name, o.pipeline_id, o.pipeline_stage_id, o.stage_position, o.amount, o.currency,
      o.expected_close_date, o.owner_user_id, o.description, o.stage_entered_at, o.version, o.created_at,
      o.updated_at, s.name AS stage_name, s.kind AS stage_kind, s.position AS stage_order""";

  private static final String FROM = """
       FROM opportunities o JOIN pipeline_stages s ON s.org_id = o.org_id AND s.id = o.pipeline_stage_id
      """;

  static final String BY_ID = "SELECT " + COLUMNS + FROM + "WHERE o.org_id = $1 AND o.id = $2";
  static final String BY_PUBLIC_ID = "SELECT " + COLUMNS + FROM + "WHERE o.org_id = $1 AND o.public_id = $2";

  /** Where a page starts: after the cursor's card if it is still in its stage, else at its old place. */
  private static final String ANCHOR = """
      WITH last AS (
        SELECT ls.position AS sp, lo.stage_position AS op
        FROM opportunities lo JOIN pipeline_stages ls ON ls.org_id = lo.org_id AND ls.id = lo.pipeline_stage_id
        WHERE lo.org_id = $1 AND lo.id = $6 AND lo.pipeline_stage_id = $7
      ), anchor AS (
        SELECT coalesce((SELECT sp FROM last), $8::int, -1) AS sp, coalesce((SELECT op FROM last), $9::int - 1, -1) AS op
      )
      """;

  /**
   * One page of a pipeline in board order. The cursor names the last card seen; while that card is
   * still in the stage the cursor recorded, the page continues after its current place, so cards
   * added or removed above it neither repeat nor go missing. When it has left that stage (moved or
   * deleted), its leaving closed the gap, so the page continues with the card now in its old place.
   * Each stage is read through the (stage, position) index from the anchor on, at most a
   * page per stage, so a page costs the same however many cards the pipeline holds. Used without q
   * and for a q too short for the trigram indexes (under three characters).
   */
  static final String PAGE = ANCHOR + "SELECT " + COLUMNS + """
       FROM anchor
      JOIN pipeline_stages s ON s.org_id = $1 AND s.pipeline_id = $2 AND s.position >= anchor.sp
      CROSS JOIN LATERAL (
        SELECT * FROM opportunities o
        WHERE o.org_id = $1 AND o.pipeline_stage_id = s.id
          AND o.stage_position > CASE WHEN s.position = anchor.sp THEN anchor.op ELSE -1 END
          AND ($4::text IS NULL OR o.name ILIKE $4 OR o.public_id ILIKE $4)
        ORDER BY o.stage_position
        LIMIT $5
      ) o
      WHERE ($3::uuid IS NULL OR s.id = $3)
      ORDER BY s.position, o.stage_position
      LIMIT $5""";

  /**
   * A page of the cards whose name or public id contains q (three characters or more), found through the
   * trigram indexes and then put in board order. The pipeline test is written {@code IS TRUE} so that a
   * generic plan cannot AND the trigram bitmaps with the whole pipeline's index entries.
   */
  static final String PAGE_SEARCH = ANCHOR + "SELECT " + COLUMNS + FROM + """
      CROSS JOIN anchor
      WHERE o.org_id = $1 AND (o.pipeline_id = $2) IS TRUE
        AND (o.name ILIKE $4 OR o.public_id ILIKE $4)
        AND ($3::uuid IS NULL OR o.pipeline_stage_id = $3)
        AND (s.position, o.stage_position) > (anchor.sp, anchor.op)
      ORDER BY s.position, o.stage_position
      LIMIT $5""";

  static final String STAGE_IN_ORG = "SELECT id, pipeline_id FROM pipeline_stages WHERE org_id = $1 AND id = $2";
  static final String FIRST_STAGE = "SELECT id FROM pipeline_stages WHERE org_id = $1 AND pipeline_id = $2 ORDER BY position LIMIT 1";
  static final String UNASSIGNED_STAGE = "SELECT id FROM pipeline_stages WHERE org_id = $1 AND pipeline_id = $2 AND is_unassigned";
  static final String PIPELINE_AND_STAGE_EXIST = """
      SELECT EXISTS (SELECT 1 FROM pipelines WHERE org_id = $1 AND id = $2) AS pipeline,
             ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM pipeline_stages WHERE org_id = $1 AND pipeline_id = $2 AND id = $3)) AS stage""";

  static final String LOCK_STAGES = "SELECT id, pipeline_id, name FROM pipeline_stages WHERE org_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE";
  /**
   * Field edits hold the card's stage in share mode: they wait for a running move, delete or reorder of
   * that stage and block the next one until they commit. Without it, an edit's new index entry (same
   * stage and position, since every update of a card rewrites its index entries) would be re-checked
   * against the deferred unique index at commit, waiting for a shifter that itself waits for the
   * edited card's row lock: a deadlock.
   */
  static final String SHARE_STAGE = "SELECT id FROM pipeline_stages WHERE org_id = $1 AND id = $2 FOR SHARE";
  static final String LOCK_OPPORTUNITY = """
      SELECT id, pipeline_id, pipeline_stage_id, stage_position, version, name, amount, currency, expected_close_date,
             owner_user_id, description
      FROM opportunities WHERE org_id = $1 AND id = $2 FOR UPDATE""";

  static final String INSERT = """
      INSERT INTO opportunities (org_id, id, public_id, name, pipeline_id, pipeline_stage_id, stage_position, amount,
                                 currency, expected_close_date, owner_user_id, description)
      SELECT $1, $2, $3, $4, $5, $6,
             (SELECT coalesce(max(stage_position) + 1, 0) FROM opportunities WHERE org_id = $1 AND pipeline_stage_id = $6),
             $7, $8, $9, $10, $11""";

  static final String RECORD_TRANSITION = """
      INSERT INTO stage_transitions (org_id, opportunity_id, from_stage_id, to_stage_id, to_stage_name, moved_by, moved_at)
      SELECT $1, $2, $3, s.id, s.name, $5, now() FROM pipeline_stages s WHERE s.org_id = $1 AND s.id = $4""";

  /** Field edits: one row, already locked and checked; positions are never written here. */
  static final String UPDATE_FIELDS = """
      UPDATE opportunities SET name = $3, amount = $4, currency = $5, expected_close_date = $6, owner_user_id = $7,
             description = $8, version = version + 1, updated_at = now()
      WHERE org_id = $1 AND id = $2""";

  static final String ORG_HAS_OPPORTUNITIES = "SELECT EXISTS (SELECT 1 FROM opportunities WHERE org_id = $1) AS any";

  static final String COUNT_IN_STAGE = "SELECT count(*) AS n FROM opportunities WHERE org_id = $1 AND pipeline_stage_id = $2";

  /** Close the gap a card leaves (delete or move out): only rows below it change. */
  static final String CLOSE_GAP = """
      UPDATE opportunities SET stage_position = stage_position - 1, version = version + 1, updated_at = now()
      WHERE org_id = $1 AND pipeline_stage_id = $2 AND stage_position > $3""";

  /** Open a gap at a position for a card moving in: only rows at or below it change. */
  static final String OPEN_GAP = """
      UPDATE opportunities SET stage_position = stage_position + 1, version = version + 1, updated_at = now()
      WHERE org_id = $1 AND pipeline_stage_id = $2 AND stage_position >= $3""";

  /** Within one stage, from $3 to $4: the rows in between shift by one towards the hole. */
  static final String SHIFT_WITHIN = """
      UPDATE opportunities SET
        stage_position = stage_position + CASE WHEN $3::int < $4::int THEN -1 ELSE 1 END, version = version + 1, updated_at = now()
      WHERE org_id = $1 AND pipeline_stage_id = $2 AND id <> $5
        AND stage_position BETWEEN least($3::int, $4::int) AND greatest($3::int, $4::int)""";

  static final String PLACE = """
      UPDATE opportunities SET pipeline_id = $3, pipeline_stage_id = $4, stage_position = $5,
             stage_entered_at = CASE WHEN pipeline_stage_id = $4 THEN stage_entered_at ELSE now() END,
             name = $6, amount = $7, currency = $8, expected_close_date = $9, owner_user_id = $10, description = $11,
             version = version + 1, updated_at = now()
      WHERE org_id = $1 AND id = $2""";

  static final String DELETE = "DELETE FROM opportunities WHERE org_id = $1 AND id = $2 AND pipeline_stage_id = $3 RETURNING stage_position";

  /** Reorder validation: which of the listed ids are opportunities in this stage. */
  static final String RESOLVE_IN_STAGE = """
      SELECT id, public_id FROM opportunities
      WHERE org_id = $1 AND pipeline_stage_id = $2 AND (id = ANY($3::uuid[]) OR public_id = ANY($4::text[]))""";

  /** Reorder: listed cards take 0..n-1, the rest keep their relative order after them; one statement. */
  static final String REORDER = """
      WITH listed AS (
        SELECT u.id, (u.ord - 1)::int AS pos FROM unnest($3::uuid[]) WITH ORDINALITY AS u(id, ord)
      ), rest AS (
        SELECT o.id, ($4 + row_number() OVER (ORDER BY o.stage_position) - 1)::int AS pos
        FROM opportunities o
        WHERE o.org_id = $1 AND o.pipeline_stage_id = $2 AND o.id <> ALL($3::uuid[])
      ), target AS (
        SELECT id, pos FROM listed UNION ALL SELECT id, pos FROM rest
      )
      UPDATE opportunities o SET stage_position = t.pos, version = o.version + 1, updated_at = now()
      FROM target t
      WHERE o.org_id = $1 AND o.id = t.id AND o.stage_position <> t.pos""";

  static final String STAGE_ORDER = """
      SELECT id, public_id, stage_position FROM opportunities
      WHERE org_id = $1 AND pipeline_stage_id = $2 ORDER BY stage_position""";

  static final String SUMMARY = """
      SELECT s.id, s.name, s.position, s.probability, s.kind, o.currency,
             count(o.id) AS n, sum(o.amount) AS total, sum(o.amount * s.probability / 100) AS weighted
      FROM pipeline_stages s
      LEFT JOIN opportunities o ON o.org_id = s.org_id AND o.pipeline_stage_id = s.id
        AND ($3::text IS NULL OR o.name ILIKE $3 OR o.public_id ILIKE $3)
      WHERE s.org_id = $1 AND s.pipeline_id = $2
      GROUP BY s.org_id, s.id, o.currency
      ORDER BY s.position, o.currency""";

  static final String HISTORY = """
      SELECT t.to_stage_id, t.to_stage_name, t.moved_at AS entered_at,
             lead(t.moved_at) OVER (ORDER BY t.moved_at, t.id) AS exited_at, t.moved_by, now() AS db_now
      FROM stage_transitions t
      WHERE t.org_id = $1 AND t.opportunity_id = $2
      ORDER BY t.moved_at, t.id""";
}
