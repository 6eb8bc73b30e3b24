package io.drippulse.crm.worker.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.db.DatabaseUrl;
import io.drippulse.crm.db.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** The scheduled cleanup deletes what is past its time, in batches, and nothing else. */
class CleanupTest {

  private static JdbcTemplate jdbc;

  @BeforeAll
  static void connect() {
    DatabaseUrl url = TestDatabase.shared();
    jdbc = new JdbcTemplate(new SimpleDriverDataSource(new org.postgresql.Driver(), url.jdbcUrl(), url.user(),
        url.password()));
  }

  @Test
  void deletesExpiredIdempotencyKeysOnly() {
    UUID org = organization();
    key(org, "old", "25 hours");
    key(org, "fresh", "23 hours");

    cleanup(2).runOnce();

    assertThat(jdbc.queryForList("SELECT key FROM idempotency_keys WHERE org_id = ?", String.class, org))
        .containsExactly("fresh");
  }

  @Test
  void deletesFinishedJobsAndTheirBundlesPastTheRetentionOnly() {
    UUID org = organization();
    UUID oldSucceeded = job(org, "succeeded", "8 days", 5);
    UUID oldFailed = job(org, "failed", "8 days", 1);
    UUID recent = job(org, "succeeded", "6 days", 3);
    UUID oldQueued = job(org, "queued", null, 2);
    UUID oldRunning = job(org, "running", null, 2);
    jdbc.update("INSERT INTO portability_job_rejections (org_id, job_id, section, item_index, reason)"
        + " VALUES (?, ?, 'opportunities', 0, 'bad')", org, oldFailed);

    long deleted = cleanup(2).runOnce();

    assertThat(jdbc.queryForList("SELECT id FROM portability_jobs WHERE org_id = ?", UUID.class, org))
        .containsExactlyInAnyOrder(recent, oldQueued, oldRunning);
    assertThat(chunks(org, oldSucceeded) + chunks(org, oldFailed)).isZero();
    assertThat(chunks(org, recent)).isEqualTo(3);
    assertThat(chunks(org, oldQueued) + chunks(org, oldRunning)).isEqualTo(4);
    assertThat(jdbc.queryForObject("SELECT count(*) FROM portability_job_rejections WHERE org_id = ?", Long.class, org))
        .isZero();
    assertThat(deleted).as("5 + 1 chunks and 2 jobs, several batches of 2").isGreaterThanOrEqualTo(8);
  }

  private static Cleanup cleanup(int batchSize) {
    Duration retention = Duration.ofDays(7);
    return new Cleanup(jdbc, List.of(new ExpiredIdempotencyKeys(), new StoredBundles(retention),
        new FinishedJobs(retention)), batchSize);
  }

  private static UUID organization() {
    UUID org = UUID.randomUUID();
    jdbc.update("INSERT INTO organizations (id) VALUES (?)", org);
    return org;
  }

  private static void key(UUID org, String key, String age) {
    jdbc.update("INSERT INTO idempotency_keys (org_id, key, request_hash, response_status, response_body, created_at)"
        + " VALUES (?, ?, '\\x00', 201, '{}', now() - ?::interval)", org, key, age);
  }

  /** A job of {@code status}, created a month ago, finished {@code finishedAgo} ago (null: not finished). */
  private static UUID job(UUID org, String status, String finishedAgo, int chunks) {
    UUID id = UUID.randomUUID();
    boolean running = status.equals("running");
    jdbc.update("INSERT INTO portability_jobs (org_id, id, kind, status, attempts, lease_owner, lease_expires_at,"
        + " created_at, started_at, finished_at) VALUES (?, ?, 'export', ?, 1, ?, CASE WHEN ? THEN now() END,"
        + " now() - interval '30 days', now() - interval '30 days', now() - ?::interval)",
        org, id, status, running ? "host:1:1" : null, running, finishedAgo);
    for (int seq = 0; seq < chunks; seq++) {
      jdbc.update("INSERT INTO portability_job_chunks (org_id, job_id, part, seq, data) VALUES (?, ?, 'output', ?, '\\x01')",
          org, id, seq);
    }
    return id;
  }

  private static long chunks(UUID org, UUID job) {
    return jdbc.queryForObject("SELECT count(*) FROM portability_job_chunks WHERE org_id = ? AND job_id = ?", Long.class,
        org, job);
  }
}
