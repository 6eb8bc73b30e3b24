package io.drippulse.crm.worker.imports;

import io.drippulse.crm.worker.jobs.PortabilityJob;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The live board's word about an import (PRODUCT.md §9.2): one {@code bundle.imported} event per target pipeline
 * the import wrote into, recorded in the transaction that finishes the job (clients reload those boards), never
 * one per row. The pipelines are the ones the job's id map names, read before the map is dropped.
 */
public final class ImportEvents {

  private static final String RECORD = "SELECT crm_record_events(?, array_agg(pipeline_id ORDER BY pipeline_id),"
      + " array_fill('bundle.imported'::text, ARRAY[count(*)::int]),"
      + " array_agg(jsonb_build_object('job_id', ?::text) ORDER BY pipeline_id))"
      + " FROM (SELECT target_id AS pipeline_id FROM portability_job_id_map WHERE org_id = ? AND job_id = ? AND kind = 'pipeline'"
      + " UNION SELECT target_parent_id FROM portability_job_id_map WHERE org_id = ? AND job_id = ? AND kind = 'stage'"
      + " AND target_parent_id IS NOT NULL) touched"
      + " HAVING count(*) > 0";

  private ImportEvents() {
  }

  /** Runs on the caller's transaction (JdbcTemplate joins it), as the last write before the id map goes. */
  public static void record(JdbcTemplate jdbc, PortabilityJob job) {
    if (job.dryRun()) {
      return;
    }
    jdbc.query(RECORD, rs -> null, job.orgId(), job.id().toString(), job.orgId(), job.id(), job.orgId(), job.id());
  }
}
