package io.drippulse.crm.worker.cleanup;

import java.time.Duration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Idempotency keys older than the window the API honours them for (24 hours, see the api-server's
 * Idempotency): past it a repeat is a new request anyway, so the stored response is dead weight.
 */
public final class ExpiredIdempotencyKeys implements CleanupTask {

  public static final Duration WINDOW = Duration.ofHours(24);

  private static final String DELETE = "DELETE FROM idempotency_keys k USING (SELECT org_id, key FROM idempotency_keys"
      + " WHERE created_at < now() - make_interval(secs => ?) LIMIT ? FOR UPDATE SKIP LOCKED) old"
      + " WHERE k.org_id = old.org_id AND k.key = old.key";

  @Override
  public String name() {
    return "expired idempotency keys";
  }

  @Override
  public int deleteBatch(JdbcTemplate jdbc, int batchSize) {
    return jdbc.update(DELETE, WINDOW.toSeconds(), batchSize);
  }
}
