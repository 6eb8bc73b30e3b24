package io.drippulse.crm.worker.cleanup;

import java.time.Duration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Job rows that finished (succeeded or failed) more than BUNDLE_RETENTION_DAYS ago, with what cascades from
 * them (rejections, id maps). Queued and running jobs are never touched, however old. Runs after
 * {@link StoredBundles}, so the cascade no longer has bundle bytes to delete.
 */
public final class FinishedJobs implements CleanupTask {

  private static final String DELETE = "DELETE FROM portability_jobs j USING (SELECT org_id, id FROM portability_jobs"
      + " WHERE status IN ('succeeded', 'failed') AND finished_at < now() - make_interval(secs => ?)"
      + " LIMIT ? FOR UPDATE SKIP LOCKED) old WHERE j.org_id = old.org_id AND j.id = old.id";

  private final Duration retention;

  public FinishedJobs(Duration retention) {
    this.retention = retention;
  }

  @Override
  public String name() {
    return "jobs finished more than " + retention.toDays() + " days ago";
  }

  @Override
  public int deleteBatch(JdbcTemplate jdbc, int batchSize) {
    return jdbc.update(DELETE, retention.toSeconds(), batchSize);
  }
}
