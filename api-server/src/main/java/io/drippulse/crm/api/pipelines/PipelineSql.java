package io.drippulse.crm.api.pipelines;

/** Every statement the pipeline feature runs. */
final class PipelineSql {

  private PipelineSql() {
  }

  private static final String SELECT_WITH_STAGES = """
      SELECT p.id, p.name, p.is_org_default, p.user_id, p.created_at, p.updated_at,
             coalesce(json_agg(json_build_object(
                 'id', s.id, 'pipeline_id', s.pipeline_id, 'name', s.name, 'position', s.position,
                 'probability', s.probability, 'kind', s.kind, 'is_unassigned', s.is_unassigned,
                 'rotting_days', s.rotting_days)
               ORDER BY s.position) FILTER (WHERE s.id IS NOT NULL), '[]'::json) AS stages
      FROM pipelines p
      LEFT JOIN pipeline_stages s ON s.org_id = p.org_id AND s.pipeline_id = p.id
      """;

  static final String LIST = SELECT_WITH_STAGES + """
      WHERE p.org_id = $1
      GROUP BY p.org_id, p.id
      ORDER BY p.is_org_default DESC, p.created_at, p.id""";

  static final String GET = SELECT_WITH_STAGES + """
      WHERE p.org_id = $1 AND p.id = $2
      GROUP BY p.org_id, p.id""";

  /**
   * Creates the org default and its stages in one statement. Racing first requests all reach the
   * unique partial index; one inserts, the others wait for it and insert nothing.
   */
  static final String ENSURE_DEFAULT = """
      WITH created AS (
        INSERT INTO pipelines (org_id, id, name, is_org_default)
        VALUES ($1, $2, $3, true)
        ON CONFLICT (org_id) WHERE is_org_default DO NOTHING
        RETURNING id
      ), stages AS (
        INSERT INTO pipeline_stages (org_id, id, pipeline_id, name, position, probability, kind, is_unassigned)
        SELECT $1, gen_random_uuid(), created.id, t.name, (t.ord - 1)::int, t.probability, t.kind, t.is_unassigned
        FROM created,
             unnest($4::text[], $5::int[], $6::text[], $7::bool[]) WITH ORDINALITY
               AS t(name, probability, kind, is_unassigned, ord)
      )
      SELECT id FROM created""";

  static final String FIND_DEFAULT = "SELECT id FROM pipelines WHERE org_id = $1 AND is_org_default";

  static final String PREFERRED = "SELECT pipeline_id FROM user_default_pipelines WHERE org_id = $1 AND user_id = $2";

  static final String CLONE = """
      WITH created AS (
        INSERT INTO pipelines (org_id, id, name, user_id) VALUES ($1, $2, $3, $4) RETURNING id
      )
      INSERT INTO pipeline_stages (org_id, id, pipeline_id, name, position, probability, kind, is_unassigned, rotting_days)
      SELECT s.org_id, gen_random_uuid(), created.id, s.name, s.position, s.probability, s.kind, s.is_unassigned, s.rotting_days
      FROM created, pipeline_stages s
      WHERE s.org_id = $1 AND s.pipeline_id = $5""";

  static final String OWNER = "SELECT is_org_default, user_id FROM pipelines WHERE org_id = $1 AND id = $2";

  static final String LOCK_PIPELINE = OWNER + " FOR UPDATE";

  /** Stage rows are always locked in id order: the one lock order every writer follows. */
  static final String LOCK_STAGES = "SELECT " + Stage.COLUMNS
      + " FROM pipeline_stages WHERE org_id = $1 AND pipeline_id = $2 ORDER BY id FOR UPDATE";

  static final String COUNT_IN_STAGES = """
      SELECT pipeline_stage_id, count(*) AS n FROM opportunities
      WHERE org_id = $1 AND pipeline_stage_id = ANY($2::uuid[])
      GROUP BY pipeline_stage_id""";

  static final String DELETE_STAGES = "DELETE FROM pipeline_stages WHERE org_id = $1 AND pipeline_id = $2 AND id = ANY($3::uuid[])";

  static final String UPSERT_STAGES = """
      INSERT INTO pipeline_stages AS s (org_id, id, pipeline_id, name, position, probability, kind, is_unassigned, rotting_days)
      SELECT $1, u.id, $2, u.name, u.position, u.probability, u.kind, u.is_unassigned, u.rotting_days
      FROM unnest($3::uuid[], $4::text[], $5::int[], $6::int[], $7::text[], $8::bool[], $9::int[])
        AS u(id, name, position, probability, kind, is_unassigned, rotting_days)
      ON CONFLICT (org_id, id) DO UPDATE
        SET name = excluded.name, position = excluded.position, probability = excluded.probability,
            kind = excluded.kind, is_unassigned = excluded.is_unassigned, rotting_days = excluded.rotting_days
        WHERE s.pipeline_id = excluded.pipeline_id""";

  static final String TOUCH = "UPDATE pipelines SET name = coalesce($3, name), updated_at = now() WHERE org_id = $1 AND id = $2";

  static final String HAS_OPPORTUNITIES = "SELECT EXISTS (SELECT 1 FROM opportunities WHERE org_id = $1 AND pipeline_id = $2) AS busy";

  static final String DELETE = "DELETE FROM pipelines WHERE org_id = $1 AND id = $2";

  static final String SET_PREFERRED = """
      INSERT INTO user_default_pipelines (org_id, user_id, pipeline_id)
      SELECT org_id, $2, id FROM pipelines WHERE org_id = $1 AND id = $3
      ON CONFLICT (org_id, user_id) DO UPDATE SET pipeline_id = excluded.pipeline_id, updated_at = now()
      RETURNING pipeline_id""";
}
