package io.drippulse.crm.api.opportunities;

/**
 * Every statement the opportunity feature runs.
 *
 * <p>Order: a card's place in its stage is its {@code rank}, a gapped bigint (see {@link Ranks}) kept in
 * a narrow table of its own, {@code opportunity_ranks} (migration V15: a rank change there costs two index
 * entries, not one in each of the card's ten); the 0-based, dense {@code stage_position} of the API is derived
 * on read. Every statement that writes ranks or totals runs in a transaction that first holds the affected
 * stage rows (see {@link StageLocks}), and one that changes a card's stage writes both of its rows.
 */
final class OpportunitySql {

  private OpportunitySql() {
  }

  /** Whole 24-hour periods since the card entered its stage (§9.4), by the database's clock. */
  static final String DAYS_IN_STAGE = "greatest(0, floor(extract(epoch FROM now() - o.stage_entered_at) / 86400))::int";

  /** A card's fields; its position comes from {@link #POSITION} or from the page's row numbers. */
  static final String FIELDS = """
      o.id, o.public_id, o.name, o.pipeline_id, o.pipeline_stage_id, o.rank, o.amount, o.currency,
      o.expected_close_date, o.owner_user_id, o.description, o.stage_entered_at, o.version, o.created_at,
      o.updated_at, s.name AS stage_name, s.kind AS stage_kind, s.position AS stage_order, s.rotting_days AS stage_rotting_days,
      """ + DAYS_IN_STAGE + " AS days_in_stage";

  /** The cards with their ranks, as one relation (the planner flattens it into the join). */
  static final String RANKED = """
      (SELECT c.*, cr.rank FROM opportunities c JOIN opportunity_ranks cr ON cr.org_id = c.org_id AND cr.id = c.id)""";

  static final String FROM = " FROM " + RANKED + """
       o JOIN pipeline_stages s ON s.org_id = o.org_id AND s.id = o.pipeline_stage_id
      """;

  /**
   * One card's position, for a query whose rows (alias {@code o}, org $1) carry pipeline_stage_id and rank:
   * the cards ranked below it, counted along the stage's rank index. Near the top of a stage that walk is
   * short; past 128 cards it counts the cards above instead and takes them from the stage's maintained
   * count (stage_totals, read in the same snapshot), so a card near the end of a long column, where creates
   * and moves put cards, costs a short walk too. Only a card deep in the middle of a long stage costs a
   * walk of half of it.
   */
  static final String POSITION_OF = """
        SELECT CASE WHEN near.n < 128 THEN near.n ELSE
                 (SELECT coalesce(sum(t.card_count), 0) FROM stage_totals t
                  WHERE t.org_id = $1 AND t.stage_id = o.pipeline_stage_id)::int - 1
                 - (SELECT count(*) FROM opportunity_ranks a
                    WHERE a.org_id = $1 AND a.pipeline_stage_id = o.pipeline_stage_id AND a.rank > o.rank)::int
               END AS stage_position
        FROM (SELECT count(*)::int AS n FROM (
                SELECT 1 FROM opportunity_ranks b
                WHERE b.org_id = $1 AND b.pipeline_stage_id = o.pipeline_stage_id AND b.rank < o.rank LIMIT 128) x) near
      """;
  static final String POSITION = "CROSS JOIN LATERAL (\n" + POSITION_OF + ") p\n";

  static final String BY_ID = "SELECT " + FIELDS + ", p.stage_position" + FROM + POSITION + "WHERE o.org_id = $1 AND o.id = $2";
  static final String BY_PUBLIC_ID = "SELECT " + FIELDS + ", p.stage_position" + FROM + POSITION
      + "WHERE o.org_id = $1 AND o.public_id = $2";

  /**
   * The card without its position, for a write's first read: the position of a card deep in a long stage is
   * a walk of the cards after it, and a write needs it only to see whether a "move" asks for the place the
   * card already holds (then it reads {@link #BY_ID_AT_INDEX}).
   */
  static final String BY_ID_UNPLACED = "SELECT " + FIELDS + FROM + "WHERE o.org_id = $1 AND o.id = $2";

  /**
   * The card, and whether it sits at index $3 of its stage, found with a walk as long as the index asked for
   * or as the rest of the stage after it, whichever is shorter (as {@link #POSITION_OF} and {@code crm_rank_at}
   * do): it counts the cards ranked below the card, up to $3 + 1, unless the index is 128 or more and past the
   * end of the stage (then no) or in its lower half (then it counts the cards ranked above the card), the
   * stage's count coming from stage_totals, read in the same snapshot. A "move" to where a card deep in a
   * long column already is would otherwise walk half the column to find out.
   */
  static final String BY_ID_AT_INDEX = "SELECT " + FIELDS + """
      , (SELECT CASE
                  WHEN $3::bigint >= 128 AND $3::bigint >= t.n THEN false
                  WHEN $3::bigint < 128 OR $3::bigint * 2 <= t.n THEN (SELECT count(*) FROM (SELECT 1 FROM opportunity_ranks b
                    WHERE b.org_id = $1 AND b.pipeline_stage_id = o.pipeline_stage_id AND b.rank < o.rank LIMIT $3::bigint + 1) x) = $3::bigint
                  ELSE (SELECT count(*) FROM (SELECT 1 FROM opportunity_ranks a
                    WHERE a.org_id = $1 AND a.pipeline_stage_id = o.pipeline_stage_id AND a.rank > o.rank LIMIT t.n - $3::bigint) y)
                    = t.n - 1 - $3::bigint
                END
         FROM (SELECT coalesce(sum(st.card_count), 0)::bigint AS n FROM stage_totals st
               WHERE st.org_id = $1 AND st.stage_id = o.pipeline_stage_id) t) AS at_index
      """ + FROM + "WHERE o.org_id = $1 AND o.id = $2";
  static final String BY_PUBLIC_ID_UNPLACED = "SELECT " + FIELDS + FROM + "WHERE o.org_id = $1 AND o.public_id = $2";

  /**
   * Where a page starts: after the cursor's card if it is still in its stage, else after the rank it had
   * there. {@code before} is how many cards of the anchor's stage precede the page.
   */
  private static final String ANCHOR = """
      WITH last AS (
        SELECT ls.position AS sp, lo.rank AS r
        FROM opportunity_ranks lo JOIN pipeline_stages ls ON ls.org_id = lo.org_id AND ls.id = lo.pipeline_stage_id
        WHERE lo.org_id = $1 AND lo.id = $6 AND lo.pipeline_stage_id = $7
      ), anchor AS (
        SELECT coalesce((SELECT sp FROM last), $8::int, -1) AS sp,
               coalesce((SELECT r FROM last), $9::bigint, '-9223372036854775808'::bigint) AS r
      ), anchored AS (
        SELECT anchor.sp, anchor.r, CASE WHEN $7::uuid IS NULL THEN 0 ELSE (
                 SELECT count(*) FROM opportunity_ranks c WHERE c.org_id = $1 AND c.pipeline_stage_id = $7 AND c.rank <= anchor.r)
               END AS before
        FROM anchor
      )
      """;

  /**
   * A stage's cards after the anchor, in rank order, through the stage's rank index (each card then found by
   * its key): at most a page.
   */
  private static final String STAGE_FROM_ANCHOR = """
      FROM anchored
      JOIN pipeline_stages s ON s.org_id = $1 AND s.pipeline_id = $2 AND s.position >= anchored.sp
      CROSS JOIN LATERAL (
        SELECT o.*, r.rank FROM opportunity_ranks r JOIN opportunities o ON o.org_id = r.org_id AND o.id = r.id
        WHERE r.org_id = $1 AND r.pipeline_stage_id = s.id
          AND r.rank > CASE WHEN s.position = anchored.sp THEN anchored.r ELSE '-9223372036854775808'::bigint END
          AND ($4::text IS NULL OR o.name ILIKE $4 OR o.public_id ILIKE $4)
        ORDER BY r.rank
        LIMIT $5
      ) o
      WHERE ($3::uuid IS NULL OR s.id = $3)
      ORDER BY s.position, o.rank
      LIMIT $5""";

  /**
   * One page of a pipeline in board order, without q. A page costs the same however many cards the
   * pipeline holds; positions are row numbers within each stage, plus, in the anchor's stage, the cards
   * before the anchor.
   */
  static final String PAGE = ANCHOR + """
      SELECT o.*, (CASE WHEN o.stage_order = o.anchor_sp THEN o.before ELSE 0 END
                   + row_number() OVER (PARTITION BY o.stage_order ORDER BY o.rank) - 1)::int AS stage_position
      FROM (""" + "SELECT " + FIELDS + ", anchored.sp AS anchor_sp, anchored.before\n" + STAGE_FROM_ANCHOR + """
      ) o
      ORDER BY o.stage_order, o.rank""";

  /**
   * A page of the cards whose name or public id contains q. Each card's position is its own (it sits among
   * cards that do not match), computed for the page's rows only. With three characters or more the
   * trigram indexes find the matches (the pipeline test is written {@code IS TRUE} so that a generic plan
   * cannot AND the trigram bitmaps with the whole pipeline's index entries); a shorter q walks the stages
   * in board order.
   */
  static final String PAGE_SEARCH = ANCHOR + "SELECT o.*, p.stage_position FROM (SELECT " + FIELDS + FROM + """
      CROSS JOIN anchored
      WHERE o.org_id = $1 AND (o.pipeline_id = $2) IS TRUE
        AND (o.name ILIKE $4 OR o.public_id ILIKE $4)
        AND ($3::uuid IS NULL OR o.pipeline_stage_id = $3)
        AND (s.position, o.rank) > (anchored.sp, anchored.r)
      ORDER BY s.position, o.rank
      LIMIT $5
      ) o
      """ + POSITION + "ORDER BY o.stage_order, o.rank";

  static final String PAGE_SHORT_SEARCH = ANCHOR + "SELECT o.*, p.stage_position FROM (SELECT " + FIELDS + "\n"
      + STAGE_FROM_ANCHOR + "\n) o\n" + POSITION + "ORDER BY o.stage_order, o.rank";

  /**
   * The list filters of §9.4 beside q: {@code status} ($10, a stage kind), {@code owner_user_id} ($11) and
   * {@code rotting=true} ($12: open stages with rotting_days, and in them the cards that entered before the
   * cut-off). Positions are each card's own (as for q), so filtered pages use the per-row position. The walk
   * reads each matching stage's cards in board order and skips the others, so a page over a filter that few
   * cards of a long stage pass reads further than a page. The unfiltered board keeps its own statements.
   */
  private static final String STAGE_FILTERS = """
      AND ($10::text IS NULL OR s.kind = $10)
        AND ($12::boolean IS NOT TRUE OR (s.kind = 'open' AND s.rotting_days IS NOT NULL))""";
  private static final String CARD_FILTERS = """
      AND ($11::text IS NULL OR o.owner_user_id = $11)
          AND ($12::boolean IS NOT TRUE OR o.stage_entered_at <= now() - make_interval(days => s.rotting_days))""";

  static final String PAGE_FILTERED = filtered(PAGE_SHORT_SEARCH,
      "AND s.position >= anchored.sp", "AND s.position >= anchored.sp " + STAGE_FILTERS,
      "AND ($4::text IS NULL OR o.name ILIKE $4 OR o.public_id ILIKE $4)",
      "AND ($4::text IS NULL OR o.name ILIKE $4 OR o.public_id ILIKE $4)\n          " + CARD_FILTERS);
  static final String PAGE_SEARCH_FILTERED = filtered(PAGE_SEARCH,
      "AND ($3::uuid IS NULL OR o.pipeline_stage_id = $3)",
      "AND ($3::uuid IS NULL OR o.pipeline_stage_id = $3)\n        " + STAGE_FILTERS + "\n        " + CARD_FILTERS,
      null, null);

  /** The board statement with the filters added; a statement that no longer has its anchors fails loudly. */
  private static String filtered(String sql, String anchor, String with, String anchor2, String with2) {
    if (!sql.contains(anchor) || (anchor2 != null && !sql.contains(anchor2))) {
      throw new IllegalStateException("the list filters lost their place in the page statement");
    }
    String out = sql.replace(anchor, with);
    return anchor2 == null ? out : out.replace(anchor2, with2);
  }

  static final String STAGE_IN_ORG = "SELECT id, pipeline_id FROM pipeline_stages WHERE org_id = $1 AND id = $2";
  static final String FIRST_STAGE = "SELECT id FROM pipeline_stages WHERE org_id = $1 AND pipeline_id = $2 ORDER BY position LIMIT 1";
  static final String UNASSIGNED_STAGE = "SELECT id FROM pipeline_stages WHERE org_id = $1 AND pipeline_id = $2 AND is_unassigned";
  static final String PIPELINE_AND_STAGE_EXIST = """
      SELECT EXISTS (SELECT 1 FROM pipelines WHERE org_id = $1 AND id = $2) AS pipeline,
             ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM pipeline_stages WHERE org_id = $1 AND pipeline_id = $2 AND id = $3)) AS stage""";

  static final String LOCK_STAGES = "SELECT id, pipeline_id, name FROM pipeline_stages WHERE org_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE";
  /**
   * Field edits hold the card's stage in share mode: they wait for a running move, delete or reorder of
   * that stage and block the next one until they commit, so the totals and ranks a mover reads and writes
   * are never changed under it, and an edit's new index entry is never re-checked against the deferred
   * rank constraint while a mover holding the stage waits for the edited row.
   */
  static final String SHARE_STAGE = "SELECT id FROM pipeline_stages WHERE org_id = $1 AND id = $2 FOR SHARE";
  static final String LOCK_OPPORTUNITY = """
      SELECT o.id, o.pipeline_id, o.pipeline_stage_id, r.rank, o.version, o.name, o.amount, o.currency,
             o.expected_close_date, o.owner_user_id, o.description
      FROM opportunities o JOIN opportunity_ranks r ON r.org_id = o.org_id AND r.id = o.id
      WHERE o.org_id = $1 AND o.id = $2 FOR UPDATE OF o""";

  /**
   * A new card at the end of stage $5 (sent behind its lock, so after what the previous holder committed): the
   * card, then its rank.
   */
  static final String INSERT = """
      WITH card AS (
        INSERT INTO opportunities (org_id, id, public_id, name, pipeline_id, pipeline_stage_id, amount, currency,
                                   expected_close_date, owner_user_id, description)
        SELECT $1, $2, $3, $4, s.pipeline_id, s.id, $6, $7, $8, $9, $10
        FROM pipeline_stages s WHERE s.org_id = $1 AND s.id = $5
        RETURNING pipeline_stage_id
      )
      INSERT INTO opportunity_ranks (org_id, id, pipeline_stage_id, rank)
      SELECT $1, $2, card.pipeline_stage_id, crm_rank_at($1, card.pipeline_stage_id, $2, NULL) FROM card""";

  static final String RECORD_TRANSITION = """
      INSERT INTO stage_transitions (org_id, opportunity_id, from_stage_id, to_stage_id, to_stage_name, moved_by, moved_at)
      SELECT $1, $2, $3, s.id, s.name, $5, now() FROM pipeline_stages s WHERE s.org_id = $1 AND s.id = $4""";

  /** Field edits: one row, already locked and checked; ranks are never written here. */
  static final String UPDATE_FIELDS = """
      UPDATE opportunities SET name = $3, amount = $4, currency = $5, expected_close_date = $6, owner_user_id = $7,
             description = $8, version = version + 1, updated_at = now()
      WHERE org_id = $1 AND id = $2""";

  static final String ORG_HAS_OPPORTUNITIES = "SELECT EXISTS (SELECT 1 FROM opportunities WHERE org_id = $1) AS any";

  /**
   * A write that may change only the card's place: {@code updated_at} moves when its stage or fields change, not
   * for a new place within its stage (docs/decisions.md); an update that changes no indexed column is HOT.
   */
  private static String updatedAt(String stage, String fields) {
    return "updated_at = CASE WHEN (o.pipeline_stage_id, o.name, o.amount, o.currency, o.expected_close_date,"
        + " o.owner_user_id, o.description) IS NOT DISTINCT FROM (" + stage + ", " + fields + ") THEN o.updated_at ELSE now() END";
  }

  /** The card's new place and fields (its rank row, then the card), after a respread made room ({@link Ranks}). */
  static final String PLACE = """
      WITH placed AS (
        UPDATE opportunity_ranks SET pipeline_stage_id = $4, rank = $5 WHERE org_id = $1 AND id = $2 RETURNING id
      )
      UPDATE opportunities o SET pipeline_id = $3, pipeline_stage_id = $4,
             stage_entered_at = CASE WHEN o.pipeline_stage_id = $4 THEN o.stage_entered_at ELSE now() END,
             name = $6, amount = $7, currency = $8, expected_close_date = $9, owner_user_id = $10, description = $11,
             version = o.version + 1, """ + updatedAt("$4::uuid", "$6, $7::numeric, $8, $9::date, $10, $11") + """

      FROM placed WHERE o.org_id = $1 AND o.id = placed.id""";

  /**
   * A move in one statement: the card's new stage and its rank there for the index asked for ($4; NULL
   * appends), in its rank row, then the card's stage and fields. It writes nothing when the spot has no room
   * left ({@code crm_rank_at} is NULL), and the move then takes the way that respreads ({@link Ranks}). Sent
   * behind the stage locks, so the rank is chosen from what the previous lock holder committed.
   */
  static final String PLACE_RANKED = """
      WITH spot AS (
        SELECT s.id, s.pipeline_id, crm_rank_at($1, s.id, $2, $4) AS rank FROM pipeline_stages s WHERE s.org_id = $1 AND s.id = $3
      ), placed AS (
        UPDATE opportunity_ranks r SET pipeline_stage_id = spot.id, rank = spot.rank FROM spot
        WHERE r.org_id = $1 AND r.id = $2 AND spot.rank IS NOT NULL
        RETURNING spot.id AS stage_id, spot.pipeline_id
      )
      UPDATE opportunities o SET pipeline_id = p.pipeline_id, pipeline_stage_id = p.stage_id,
             stage_entered_at = CASE WHEN o.pipeline_stage_id = p.stage_id THEN o.stage_entered_at ELSE now() END,
             name = $5, amount = $6, currency = $7, expected_close_date = $8, owner_user_id = $9, description = $10,
             version = o.version + 1, """ + updatedAt("p.stage_id", "$5, $6::numeric, $7, $8::date, $9, $10") + """

      FROM placed p WHERE o.org_id = $1 AND o.id = $2""";

  /**
   * Into the trash ({@link Trash}), in one statement. Nothing closes a gap: the cards after it simply count one
   * card fewer before them.
   */
  static final String DELETE = """
      WITH gone AS (DELETE FROM opportunities WHERE org_id = $1 AND id = $2 AND pipeline_stage_id = $3 RETURNING *)
      INSERT INTO trashed_opportunities (org_id, id, public_id, name, pipeline_id, pipeline_stage_id, amount, currency,
                                         expected_close_date, owner_user_id, description, stage_entered_at, version,
                                         created_at, updated_at)
      SELECT org_id, id, public_id, name, pipeline_id, pipeline_stage_id, amount, currency, expected_close_date,
             owner_user_id, description, stage_entered_at, version + 1, created_at, now()
      FROM gone RETURNING id""";

  /** Reorder validation: which of the listed ids are opportunities in this stage. */
  static final String RESOLVE_IN_STAGE = """
      SELECT id, public_id FROM opportunities
      WHERE org_id = $1 AND pipeline_stage_id = $2 AND (id = ANY($3::uuid[]) OR public_id = ANY($4::text[]))""";

  /**
   * A whole reorder in one statement, behind the stage lock: the cards as listed ($3/$4 side by side, the UUID or
   * the public id at each 1-based index) must be the stage's, each once, or the statement refuses
   * ({@code crm_refuse}, migration V13: 422 invalid_ordered_ids); they take ranks $5 apart just before the first card of
   * the stage the list leaves out, or from the start of an empty rest, a card already at its rank not rewritten,
   * and each rewritten card's version bumps (no index holds it: a HOT update); then the event ($6, with the body
   * {@code BoardEvents} gives a bulk move: the stage and the listed cards' new positions) is recorded, last.
   * Answers one row per listed card in list order (one row of nulls for an empty list).
   */
  static final String REORDER = """
      WITH sent AS (
        SELECT u.id, u.public_id, u.i FROM unnest($3::uuid[], $4::text[]) WITH ORDINALITY AS u(id, public_id, i)
      ), listed AS (
        SELECT o.id, o.public_id, s.i FROM sent s
        JOIN opportunities o ON o.org_id = $1 AND o.id = s.id AND o.pipeline_stage_id = $2
        UNION ALL
        SELECT o.id, o.public_id, s.i FROM sent s
        JOIN opportunities o ON o.org_id = $1 AND o.public_id = s.public_id AND o.pipeline_stage_id = $2
      ), checked AS (
        SELECT CASE WHEN count(*) = cardinality($3::uuid[]) AND count(DISTINCT l.id) = count(*) THEN true
                    ELSE crm_refuse('invalid_ordered_ids') END AS ok
        FROM listed l
      ), unlisted AS (
        SELECT (SELECT o.rank FROM opportunity_ranks o
                WHERE o.org_id = $1 AND o.pipeline_stage_id = $2 AND o.id NOT IN (SELECT l.id FROM listed l)
                ORDER BY o.rank LIMIT 1) AS rank
      ), ranked AS (
        SELECT l.id, CASE WHEN u.rank IS NULL THEN l.i * $5::bigint
                          ELSE u.rank - (cardinality($3::uuid[]) - l.i + 1) * $5::bigint END AS rank
        FROM listed l CROSS JOIN unlisted u CROSS JOIN checked c
        WHERE c.ok
      ), moved AS (
        UPDATE opportunity_ranks o SET rank = r.rank
        FROM ranked r
        WHERE o.org_id = $1 AND o.pipeline_stage_id = $2 AND o.id = r.id AND o.rank <> r.rank
        RETURNING o.id
      ), bumped AS (
        UPDATE opportunities o SET version = o.version + 1 FROM moved m WHERE o.org_id = $1 AND o.id = m.id RETURNING o.id
      ), recorded AS (
        SELECT crm_record_events($1, ARRAY[s.pipeline_id], ARRAY[$6::text], ARRAY[jsonb_build_object(
                 'pipeline_stage_id', $2::text,
                 'opportunities', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', l.id::text, 'public_id', l.public_id,
                                                   'stage_position', l.i - 1) ORDER BY l.i), '[]'::jsonb) FROM listed l))]) AS seq
        FROM pipeline_stages s CROSS JOIN checked c
        WHERE s.org_id = $1 AND s.id = $2 AND c.ok AND (SELECT count(*) FROM bumped) >= 0
      )
      SELECT l.id, l.public_id, l.i FROM recorded r LEFT JOIN listed l ON true ORDER BY l.i""";

  /** Ranks ({@link Ranks}): the cards around an index of a stage, leaving the moving card out. */
  static final String RANK_NEIGHBOURS = """
      SELECT id, rank FROM opportunity_ranks WHERE org_id = $1 AND pipeline_stage_id = $2 AND id <> $3
      ORDER BY rank OFFSET $4 LIMIT $5""";
  /** The rank for an index of a stage, or NULL when the spot needs a respread (migration V12). */
  static final String RANK_AT = "SELECT crm_rank_at($1, $2, $3, $4) AS rank";
  static final String RANK_RESPREAD = """
      UPDATE opportunity_ranks o SET rank = u.rank
      FROM unnest($3::uuid[], $4::bigint[]) AS u(id, rank)
      WHERE o.org_id = $1 AND o.pipeline_stage_id = $2 AND o.id = u.id""";
  static final String TOTALS_ADD = """
      INSERT INTO stage_totals AS t (org_id, stage_id, currency, card_count, amount_count, amount)
      SELECT $1, d.stage_id, d.currency, d.cards, d.amounts, d.amount::numeric
      FROM unnest($2::uuid[], $3::text[], $4::bigint[], $5::bigint[], $6::text[]) AS d(stage_id, currency, cards, amounts, amount)
      ON CONFLICT (org_id, stage_id, currency) DO UPDATE
        SET card_count = t.card_count + excluded.card_count, amount_count = t.amount_count + excluded.amount_count,
            amount = t.amount + excluded.amount""";

  /**
   * A stage's rotting cards (open stage with rotting_days): the range of its (stage, stage_entered_at) index
   * that entered before the cut-off, so it costs the rotting cards, not the stage; zero for other stages.
   */
  private static final String ROTTING_IN_STAGE = """
      SELECT CASE WHEN s.kind = 'open' AND s.rotting_days IS NOT NULL THEN (
               SELECT count(*) FROM opportunities ro
               WHERE ro.org_id = s.org_id AND ro.pipeline_stage_id = s.id
                 AND ro.stage_entered_at <= now() - make_interval(days => s.rotting_days))
             ELSE 0 END AS rotting""";

  /** The summary without q: the maintained totals, a row per stage and currency that holds cards. */
  static final String SUMMARY = """
      SELECT s.id, s.name, s.position, s.probability, s.kind, t.currency, coalesce(t.card_count, 0) AS n,
             CASE WHEN t.amount_count > 0 THEN t.amount END AS total,
             CASE WHEN t.amount_count > 0 THEN t.amount * s.probability / 100 END AS weighted, r.rotting
      FROM pipeline_stages s
      LEFT JOIN stage_totals t ON t.org_id = s.org_id AND t.stage_id = s.id AND t.card_count > 0
      CROSS JOIN LATERAL (""" + ROTTING_IN_STAGE + """
      ) r
      WHERE s.org_id = $1 AND s.pipeline_id = $2
      ORDER BY s.position, t.currency""";

  /** The summary of what q matches (three characters or more: through the trigram indexes). */
  static final String SUMMARY_SEARCH = """
      SELECT s.id, s.name, s.position, s.probability, s.kind, o.currency,
             count(o.id) AS n, sum(o.amount) AS total, sum(o.amount) * s.probability / 100 AS weighted,
             sum(count(o.id) FILTER (WHERE s.kind = 'open' AND s.rotting_days IS NOT NULL
                 AND o.stage_entered_at <= now() - make_interval(days => s.rotting_days))) OVER (PARTITION BY s.id) AS rotting
      FROM pipeline_stages s
      LEFT JOIN (SELECT o.id, o.pipeline_stage_id, o.currency, o.amount, o.stage_entered_at FROM opportunities o
                 WHERE o.org_id = $1 AND (o.pipeline_id = $2) IS TRUE AND (o.name ILIKE $3 OR o.public_id ILIKE $3)) o
        ON o.pipeline_stage_id = s.id
      WHERE s.org_id = $1 AND s.pipeline_id = $2
      GROUP BY s.org_id, s.id, o.currency
      ORDER BY s.position, o.currency""";

  /** A q too short for trigrams: the pipeline's cards, through the pipeline index, filtered. */
  static final String SUMMARY_SHORT_SEARCH = SUMMARY_SEARCH.replace("(o.pipeline_id = $2) IS TRUE", "o.pipeline_id = $2");

  static final String HISTORY = """
      SELECT t.to_stage_id, t.to_stage_name, t.moved_at AS entered_at,
             lead(t.moved_at) OVER (ORDER BY t.moved_at, t.id) AS exited_at, t.moved_by, now() AS db_now
      FROM stage_transitions t
      WHERE t.org_id = $1 AND t.opportunity_id = $2
      ORDER BY t.moved_at, t.id""";
}
