package io.drippulse.crm.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** serve runs the scheduled cleanup (worker.cleanup) every CLEANUP_INTERVAL; CleanupTest covers what it deletes. */
class ServeCleanupTest {

  @Test
  void serveDeletesAnExpiredIdempotencyKeyOnSchedule() {
    UUID org = UUID.randomUUID();
    Db.update("INSERT INTO organizations (id) VALUES (?)", org);
    Db.update("INSERT INTO idempotency_keys (org_id, key, request_hash, response_status, response_body, created_at)"
        + " VALUES (?, 'old', '\\x00', 201, '{}', now() - interval '2 days')", org);
    Db.update("INSERT INTO idempotency_keys (org_id, key, request_hash, response_status, response_body)"
        + " VALUES (?, 'fresh', '\\x00', 201, '{}')", org);

    try (WorkerProcess worker = WorkerProcess.start(WorkerProcess.env("CLEANUP_INTERVAL", "1s"), "serve")) {
      Await.until(Duration.ofMinutes(3), "the cleanup to delete the expired key", () ->
          Db.count("SELECT count(*) FROM idempotency_keys WHERE org_id = ? AND key = 'old'", org) == 0);
    }
    assertThat(Db.count("SELECT count(*) FROM idempotency_keys WHERE org_id = ? AND key = 'fresh'", org)).isEqualTo(1);
  }
}
