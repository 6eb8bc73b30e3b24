package io.drippulse.crm.api.opportunities;

/** The statements of the trash ({@link Trash}); the move into it is {@link OpportunitySql#DELETE}. */
final class TrashSql {

  private TrashSql() {
  }

  private static final String FIELDS = """
      t.id, t.public_id, t.name, t.pipeline_id, t.pipeline_stage_id, t.amount, t.currency, t.expected_close_date,
      t.owner_user_id, t.description, t.stage_entered_at, t.version, t.created_at, t.updated_at, t.deleted_at,
      s.name AS stage_name, s.kind AS stage_kind, s.rotting_days AS stage_rotting_days, NULL::int AS stage_position,
      greatest(0, floor(extract(epoch FROM now() - t.stage_entered_at) / 86400))::int AS days_in_stage""";

  /** The stage may be gone (removed, or its pipeline deleted): then the card shows no stage. */
  private static final String FROM = """
       FROM trashed_opportunities t
      LEFT JOIN pipeline_stages s ON s.org_id = t.org_id AND s.id = t.pipeline_stage_id AND s.pipeline_id = t.pipeline_id
      """;

  static final String BY_ID = "SELECT " + FIELDS + FROM + "WHERE t.org_id = $1 AND t.id = $2";
  static final String BY_PUBLIC_ID = "SELECT " + FIELDS + FROM + "WHERE t.org_id = $1 AND t.public_id = $2";

  /**
   * A page of the trash, newest first, after the cursor's (deleted_at, id): a walk of the listing index that
   * stops after the page. $3 null for the whole org, else one pipeline (then the walk filters as it goes).
   */
  static final String PAGE = "SELECT " + FIELDS + FROM + """
      WHERE t.org_id = $1 AND ($3::uuid IS NULL OR t.pipeline_id = $3)
        AND ($4::timestamptz IS NULL OR (t.deleted_at, t.id) < ($4, $5))
      ORDER BY t.deleted_at DESC, t.id DESC
      LIMIT $2""";

  /** Takes the card out of the trash; none when another restore took it first. */
  static final String TAKE = """
      DELETE FROM trashed_opportunities WHERE org_id = $1 AND id = $2
      RETURNING id, public_id, name, pipeline_id, pipeline_stage_id, amount, currency, expected_close_date, owner_user_id,
                description, stage_entered_at, version, created_at""";

  /**
   * Back on the board at the given rank ($7): the card, then its rank; it entered its stage anew only when that
   * is another stage.
   */
  static final String PUT_BACK = """
      WITH card AS (
        INSERT INTO opportunities (org_id, id, public_id, name, pipeline_id, pipeline_stage_id, amount, currency,
                                   expected_close_date, owner_user_id, description, stage_entered_at, version, created_at,
                                   updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $8, $9, $10, $11, $12, CASE WHEN $6 = $14::uuid THEN $13 ELSE now() END, $15 + 1, $16,
                now())
        RETURNING org_id, id, pipeline_stage_id
      )
      INSERT INTO opportunity_ranks (org_id, id, pipeline_stage_id, rank) SELECT org_id, id, pipeline_stage_id, $7 FROM card""";
}
