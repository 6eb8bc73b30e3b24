package io.drippulse.crm.worker.cleanup;

import java.time.Duration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The stored bundle bytes (export output, import upload) of jobs that finished more than
 * BUNDLE_RETENTION_DAYS ago. Deleted ahead of their job rows and chunk by chunk, because one job's bundle
 * can be many large rows: deleting the job alone would cascade them all in one statement.
 */
public final class StoredBundles implements CleanupTask {

  private static final String DELETE = "DELETE FROM portability_job_chunks c USING (SELECT c.org_id, c.job_id, c.part,"
      + " c.seq FROM portability_job_chunks c JOIN portability_jobs j ON j.org_id = c.org_id AND j.id = c.job_id"
      + " WHERE j.status IN ('succeeded', 'failed') AND j.finished_at < now() - make_interval(secs => ?)"
      + " LIMIT ? FOR UPDATE OF c SKIP LOCKED) old"
      + " WHERE c.org_id = old.org_id AND c.job_id = old.job_id AND c.part = old.part AND c.seq = old.seq";

  private final Duration retention;

  public StoredBundles(Duration retention) {
    this.retention = retention;
  }

  @Override
  public String name() {
    return "stored bundle chunks of jobs finished more than " + retention.toDays() + " days ago";
  }

  @Override
  public int deleteBatch(JdbcTemplate jdbc, int batchSize) {
    return jdbc.update(DELETE, retention.toSeconds(), batchSize);
  }
}
