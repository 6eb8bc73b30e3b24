package io.drippulse.crm.worker.jobs;

import io.drippulse.crm.worker.imports.ImportEvents;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The job table as a queue. A claim takes the oldest claimable job with FOR UPDATE SKIP LOCKED, so any
 * number of workers take different jobs; a job stays ours while we renew its lease, and every write that
 * ends or hands back a job checks we still hold it.
 */
public final class JobsRepository {

  private static final String COLUMNS = "org_id, id, kind, dry_run, requested_by, origin, local_file, attempts";

  private static final String CLAIM = "WITH candidate AS (SELECT org_id, id FROM portability_jobs"
      + " WHERE origin <> 'cli' AND (status = 'queued' OR (status = 'running' AND lease_expires_at < now()))"
      + " ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)"
      + " UPDATE portability_jobs j SET status = 'running', lease_owner = ?, lease_expires_at = now() + make_interval(secs => ?),"
      + " heartbeat_at = now(), attempts = j.attempts + 1, started_at = coalesce(j.started_at, now()), updated_at = now()"
      + " FROM candidate c WHERE j.org_id = c.org_id AND j.id = c.id RETURNING j." + COLUMNS.replace(", ", ", j.");

  /**
   * CLI jobs whose process stopped renewing their lease long enough ago that no rerun resumed them: failed,
   * with their id map dropped, so the job list does not show them running forever.
   */
  private static final String FAIL_ABANDONED_CLI = "WITH abandoned AS (UPDATE portability_jobs SET status = 'failed',"
      + " error = CASE kind WHEN 'import' THEN ? ELSE ? END, finished_at = now(), lease_owner = NULL,"
      + " lease_expires_at = NULL, updated_at = now() WHERE origin = 'cli' AND status = 'running'"
      + " AND lease_expires_at < now() - make_interval(secs => ?) RETURNING org_id, id),"
      + " forgotten AS (DELETE FROM portability_job_id_map m USING abandoned a WHERE m.org_id = a.org_id"
      + " AND m.job_id = a.id), halves AS (DELETE FROM portability_job_halves h USING abandoned a"
      + " WHERE h.org_id = a.org_id AND h.job_id = a.id) SELECT count(*) FROM abandoned";
  private static final String LOCAL_LEASES = "SELECT org_id, id, lease_owner FROM portability_jobs"
      + " WHERE status = 'running' AND lease_expires_at >= now() AND lease_owner LIKE ?";
  private static final String EXPIRE_LEASE = "UPDATE portability_jobs SET lease_expires_at = now() - interval '1 second'"
      + " WHERE org_id = ? AND id = ? AND status = 'running' AND lease_owner = ?";

  /** Writes of a running job name the attempt too: an owner that lost the job and took it again is another attempt. */
  private static final String HELD = " WHERE org_id = ? AND id = ? AND status = 'running' AND lease_owner = ?"
      + " AND attempts = ?";
  private static final String RENEW = "UPDATE portability_jobs SET lease_expires_at = now() + make_interval(secs => ?),"
      + " heartbeat_at = now(), progress = ?::jsonb, updated_at = now()" + HELD;
  /** A graceful hand-back gives the attempt back: only attempts that ended without the job finishing count. */
  private static final String RELEASE = "UPDATE portability_jobs SET status = 'queued', lease_owner = NULL,"
      + " lease_expires_at = NULL, progress = ?::jsonb, attempts = attempts - ?, updated_at = now()" + HELD;
  private static final String FINISH = "UPDATE portability_jobs SET status = ?, counts = ?::jsonb, report = ?::jsonb,"
      + " error = ?, bundle_bytes = coalesce(?, bundle_bytes), progress = ?::jsonb, finished_at = now(),"
      + " lease_owner = NULL, lease_expires_at = NULL, updated_at = now()" + HELD;
  private static final String FORGET_ID_MAP = "DELETE FROM portability_job_id_map WHERE org_id = ? AND job_id = ?";
  private static final String FORGET_HALVES = "DELETE FROM portability_job_halves WHERE org_id = ? AND job_id = ?";
  private static final String DROP_INPUT = "DELETE FROM portability_job_chunks WHERE org_id = ? AND job_id = ? AND part = 'input'";

  private static final String REJECTIONS = "SELECT section, item_index, record_id, reason FROM portability_job_rejections"
      + " WHERE org_id = ? AND job_id = ? ORDER BY array_position(ARRAY['pipelines', 'stages', 'opportunities'], section),"
      + " item_index LIMIT ?";
  private static final String SUMMARY = "SELECT status, counts::text, report::text, error, bundle_bytes"
      + " FROM portability_jobs WHERE org_id = ? AND id = ?";
  private static final String ORG_EXISTS = "SELECT count(*) FROM organizations WHERE id = ?";
  private static final String ENSURE_ORG = "INSERT INTO organizations (id) VALUES (?) ON CONFLICT DO NOTHING";
  private static final String FORGET_FINISHED_JOB = "DELETE FROM portability_jobs WHERE org_id = ? AND id = ?"
      + " AND status IN ('succeeded', 'failed')";
  private static final String FORGET_ORG = "DELETE FROM organizations WHERE id = ?";
  private static final String ENQUEUE_EXPORT = "INSERT INTO portability_jobs (org_id, id, kind, origin)"
      + " VALUES (?, ?, 'export', 'schedule')";
  private static final String CREATE_CLI_JOB = "INSERT INTO portability_jobs (org_id, id, kind, status, dry_run, origin,"
      + " local_file, bundle_bytes, attempts, lease_owner, lease_expires_at, heartbeat_at, started_at)"
      + " VALUES (?, ?, ?, 'running', ?, 'cli', ?, ?, 1, ?, now() + make_interval(secs => ?), now(), now())"
      + " RETURNING " + COLUMNS;
  /** A CLI import of the same file into the same org whose process died: the rerun resumes it. */
  private static final String RESUME_CLI_IMPORT = "WITH candidate AS (SELECT org_id, id FROM portability_jobs"
      + " WHERE org_id = ? AND kind = 'import' AND origin = 'cli' AND local_file = ? AND dry_run = ?"
      + " AND bundle_bytes = ? AND status = 'running' AND lease_expires_at < now()"
      + " ORDER BY created_at DESC LIMIT 1 FOR UPDATE SKIP LOCKED)"
      + " UPDATE portability_jobs j SET lease_owner = ?, lease_expires_at = now() + make_interval(secs => ?),"
      + " heartbeat_at = now(), attempts = j.attempts + 1, updated_at = now()"
      + " FROM candidate c WHERE j.org_id = c.org_id AND j.id = c.id RETURNING j." + COLUMNS.replace(", ", ", j.");

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;

  public JobsRepository(JdbcTemplate jdbc, TransactionTemplate transactions) {
    this.jdbc = jdbc;
    this.transactions = transactions;
  }

  public Optional<PortabilityJob> claim(String owner, int leaseSeconds) {
    return jdbc.query(CLAIM, JobsRepository::job, owner, leaseSeconds).stream().findFirst();
  }

  /** Running jobs whose lease a process of this host holds: (org, job, owner). */
  public List<String[]> localLeases(String hostPattern) {
    return jdbc.query(LOCAL_LEASES, (rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)},
        hostPattern);
  }

  /** Marks failed the CLI jobs interrupted more than {@code resumeWindow} ago (CLI_RESUME_WINDOW); how many there were. */
  public long failAbandonedCliJobs(Duration resumeWindow) {
    Long failed = jdbc.queryForObject(FAIL_ABANDONED_CLI, Long.class,
        "the command-line import stopped without finishing and was not run again within " + describe(resumeWindow)
            + "; running the same command again imports the bundle as a new job (rows already imported count as"
            + " existing)",
        "the command-line export stopped without finishing; run it again", resumeWindow.toSeconds());
    return failed == null ? 0 : failed;
  }

  static String describe(Duration window) {
    return window.toMinutes() % 60 == 0 ? window.toHours() + " hours" : window.toMinutes() + " minutes";
  }

  /** Ends the lease of a holder known to be dead, so the job is claimable now rather than when it runs out. */
  public void expireLease(UUID orgId, UUID jobId, String owner) {
    jdbc.update(EXPIRE_LEASE, orgId, jobId, owner);
  }

  public boolean renew(PortabilityJob job, String owner, int leaseSeconds, String progressJson) {
    return jdbc.update(RENEW, leaseSeconds, progressJson, job.orgId(), job.id(), owner, job.attempts()) == 1;
  }

  /**
   * Hands a job we stopped back to the queue; its Spring Batch execution resumes wherever it stopped. A
   * graceful hand-back (SIGTERM) does not count as an attempt; one forced by a lost database connection does,
   * so a job that keeps breaking its connection still ends after JOB_MAX_ATTEMPTS.
   */
  public boolean release(PortabilityJob job, String owner, String progressJson, boolean graceful) {
    return jdbc.update(RELEASE, progressJson, graceful ? 1 : 0, job.orgId(), job.id(), owner, job.attempts()) == 1;
  }

  /** Records the outcome and drops what only a running import needed (id map, halves, uploaded bundle). */
  public boolean finish(PortabilityJob job, String owner, JobOutcome outcome) {
    Boolean done = transactions.execute(status -> {
      int rows = jdbc.update(FINISH, outcome.succeeded() ? "succeeded" : "failed", outcome.countsJson(),
          outcome.reportJson(), outcome.error(), outcome.bundleBytes(), outcome.progressJson(), job.orgId(), job.id(),
          owner, job.attempts());
      if (rows == 1 && !job.isExport()) {
        ImportEvents.record(jdbc, job);
        jdbc.update(FORGET_ID_MAP, job.orgId(), job.id());
        jdbc.update(FORGET_HALVES, job.orgId(), job.id());
        jdbc.update(DROP_INPUT, job.orgId(), job.id());
      }
      return rows == 1;
    });
    return Boolean.TRUE.equals(done);
  }

  /** The first {@code limit} rejected rows of an import, in bundle order. */
  public List<java.util.Map<String, Object>> rejections(PortabilityJob job, int limit) {
    return jdbc.query(REJECTIONS, (rs, n) -> {
      java.util.Map<String, Object> row = new java.util.LinkedHashMap<>();
      row.put("section", rs.getString(1));
      row.put("index", rs.getLong(2));
      row.put("id", rs.getString(3));
      row.put("reason", rs.getString(4));
      return row;
    }, job.orgId(), job.id(), limit);
  }

  /** A job row as the CLI prints it at the end. */
  public record Summary(String status, String countsJson, String reportJson, String error, Long bundleBytes) {
  }

  public Summary summary(PortabilityJob job) {
    return jdbc.queryForObject(SUMMARY, (rs, n) -> new Summary(rs.getString(1), rs.getString(2), rs.getString(3),
        rs.getString(4), (Long) rs.getObject(5)), job.orgId(), job.id());
  }

  public boolean organizationExists(UUID orgId) {
    Long n = jdbc.queryForObject(ORG_EXISTS, Long.class, orgId);
    return n != null && n > 0;
  }

  /** True when this call created the organization. */
  public boolean ensureOrganization(UUID orgId) {
    return jdbc.update(ENSURE_ORG, orgId) == 1;
  }

  /**
   * Removes a finished job together with its organization, unless anything else refers to the organization
   * (its foreign keys refuse the delete, and both stay). True when both are gone.
   */
  public boolean forgetWithOrganization(PortabilityJob job) {
    try {
      transactions.executeWithoutResult(status -> {
        jdbc.update(FORGET_FINISHED_JOB, job.orgId(), job.id());
        jdbc.update(FORGET_ORG, job.orgId());
      });
      return true;
    } catch (DataIntegrityViolationException e) {
      return false;
    }
  }

  public void enqueueExport(UUID orgId, UUID jobId) {
    jdbc.update(ENQUEUE_EXPORT, orgId, jobId);
  }

  public PortabilityJob createCliJob(UUID orgId, UUID jobId, String kind, boolean dryRun, String localFile,
                                     Long bundleBytes, String owner, int leaseSeconds) {
    return jdbc.queryForObject(CREATE_CLI_JOB, JobsRepository::job, orgId, jobId, kind, dryRun, localFile, bundleBytes,
        owner, leaseSeconds);
  }

  public Optional<PortabilityJob> resumeCliImport(UUID orgId, String localFile, boolean dryRun, long bundleBytes,
                                                  String owner, int leaseSeconds) {
    return jdbc.query(RESUME_CLI_IMPORT, JobsRepository::job, orgId, localFile, dryRun, bundleBytes, owner, leaseSeconds)
        .stream().findFirst();
  }

  public <T> T inTransaction(java.util.function.Supplier<T> work) {
    return transactions.execute(status -> work.get());
  }

  private static PortabilityJob job(ResultSet rs, int n) throws SQLException {
    return new PortabilityJob(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getBoolean(4),
        rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8));
  }
}
