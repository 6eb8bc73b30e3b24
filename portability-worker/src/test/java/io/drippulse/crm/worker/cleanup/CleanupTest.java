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

  @Test
  void deletesSpringBatchRecordsOfRunsThatAllEndedBeforeTheRetention() {
    long old = batchInstance("8 days", "8 days");
    long recent = batchInstance("8 days", "6 days");
    long unfinished = batchInstance("8 days", null);

    cleanup(1).runOnce();

    assertThat(jdbc.queryForList("SELECT job_instance_id FROM batch_job_instance WHERE job_instance_id IN (?, ?, ?)",
        Long.class, old, recent, unfinished)).containsExactlyInAnyOrder(recent, unfinished);
    assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_step_execution s JOIN batch_job_execution e"
        + " ON e.job_execution_id = s.job_execution_id WHERE e.job_instance_id = ?", Long.class, old)).isZero();
    assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_job_execution WHERE job_instance_id IN (?, ?)",
        Long.class, recent, unfinished)).isEqualTo(4);
  }

  private static Cleanup cleanup(int batchSize) {
    Duration retention = Duration.ofDays(7);
    return new Cleanup(jdbc, List.of(new ExpiredIdempotencyKeys(), new StoredBundles(retention),
        new FinishedJobs(retention), new BatchHistory(retention)), batchSize);
  }

  /** An instance with two executions, ended {@code firstEnded} and {@code lastEnded} ago (null: still running). */
  private static long batchInstance(String firstEnded, String lastEnded) {
    long instance = jdbc.queryForObject("INSERT INTO batch_job_instance (job_instance_id, version, job_name, job_key)"
        + " VALUES (nextval('batch_job_instance_seq'), 0, 'cleanupTest', md5(random()::text)) RETURNING job_instance_id", Long.class);
    for (String ended : new String[] {firstEnded, lastEnded}) {
      long execution = jdbc.queryForObject("INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id,"
          + " create_time, status, end_time) VALUES (nextval('batch_job_execution_seq'), 0, ?, localtimestamp - interval '9 days',"
          + " 'COMPLETED', localtimestamp - ?::interval) RETURNING job_execution_id", Long.class, instance, ended);
      long step = jdbc.queryForObject("INSERT INTO batch_step_execution (step_execution_id, version, step_name,"
          + " job_execution_id, create_time) VALUES (nextval('batch_step_execution_seq'), 0, 'step', ?,"
          + " localtimestamp - interval '9 days') RETURNING step_execution_id", Long.class, execution);
      jdbc.update("INSERT INTO batch_step_execution_context (step_execution_id, short_context) VALUES (?, '{}')", step);
      jdbc.update("INSERT INTO batch_job_execution_context (job_execution_id, short_context) VALUES (?, '{}')", execution);
      jdbc.update("INSERT INTO batch_job_execution_params (job_execution_id, parameter_name, parameter_type,"
          + " parameter_value, identifying) VALUES (?, 'p', 'java.lang.String', 'v', 'Y')", execution);
    }
    return instance;
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
