package io.drippulse.crm.worker;

import io.drippulse.crm.db.DatabaseUrl;
import io.drippulse.crm.db.settings.Settings;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The worker's settings, read once from the environment by the shared {@link Settings} parser. A missing or
 * malformed setting stops start-up with a sentence naming the variable.
 *
 * @param leaseSeconds how long a claimed job stays ours without a heartbeat; a worker that dies loses its
 *     jobs to the others after this long
 * @param pollSeconds how often an idle {@code serve} looks for work when no notification arrived
 * @param maxAttempts claims of one job before it is failed instead of tried again
 * @param stopGraceSeconds how long {@code serve} waits, on SIGTERM, for the running job to stop at a
 *     chunk boundary and be handed back to the queue
 * @param cliResumeWindow how long a command-line import whose process died can be resumed by running the same
 *     command again; after it, {@code serve} workers mark the job failed
 * @param logFormat {@code text} or {@code json} (read by the log set-up itself; parsed here so a typo fails)
 * @param metricsPort where {@code serve} answers {@code GET /metrics} (Prometheus); 0 turns it off
 * @param bundleRetentionDays how long finished jobs and their stored bundles are kept before the cleanup
 * @param cleanupInterval how often {@code serve} runs the scheduled cleanup
 * @param eventRetentionHours how long live board events stay resumable before the worker deletes them
 * @param trashRetentionDays how long a deleted opportunity stays restorable before the cleanup purges it
 */
public record WorkerConfig(DatabaseUrl databaseUrl, boolean migrate, int poolSize, int leaseSeconds, int pollSeconds,
                           int maxAttempts, int stopGraceSeconds, Duration cliResumeWindow, String logFormat,
                           int metricsPort, int bundleRetentionDays, Duration cleanupInterval,
                           int eventRetentionHours, int trashRetentionDays) {

  /** The default everywhere is {@link DatabaseUrl#DEFAULT}; kept under this name for existing callers. */
  public static final String DEFAULT_DATABASE_URL = DatabaseUrl.DEFAULT;

  /** A snapshot, a chunk transaction and the bundle stream can be open at once. */
  private static final int MIN_POOL = 3;

  public Duration bundleRetention() {
    return Duration.ofDays(bundleRetentionDays);
  }

  public static WorkerConfig fromEnv(Map<String, String> env) {
    Settings settings = Settings.of(env);
    DatabaseUrl url = settings.database();
    boolean migrate = bool(env, "DB_MIGRATE", true);
    int pool = integer(env, "DB_POOL_SIZE", Math.max(4, Runtime.getRuntime().availableProcessors() + 2), MIN_POOL, 200,
        "the worker holds a snapshot, a chunk transaction and the bundle stream at once");
    int lease = integer(env, "JOB_LEASE_SECONDS", 30, 2, 3600, "seconds a claimed job is held without a heartbeat");
    int poll = integer(env, "JOB_POLL_SECONDS", 5, 1, 3600, "seconds between queue polls when no notification came");
    int attempts = integer(env, "JOB_MAX_ATTEMPTS", 5, 1, 100, "claims of one job before it is failed");
    int grace = integer(env, "STOP_GRACE_SECONDS", 25, 1, 3600, "seconds serve waits on SIGTERM for the running job");
    Duration resume = settings.duration("CLI_RESUME_WINDOW", Duration.ofHours(24), Duration.ofMinutes(1), Duration.ofDays(365));
    String logFormat = settings.choice("LOG_FORMAT", "text", Set.of("text", "json"));
    int metricsPort = integer(env, "METRICS_PORT", 9090, 0, 65535, "the port of serve's GET /metrics; 0 turns it off");
    int retentionDays = integer(env, "BUNDLE_RETENTION_DAYS", 7, 1, 3650, "days finished jobs and their bundles are kept");
    Duration cleanup = settings.duration("CLEANUP_INTERVAL", Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofDays(7));
    // live board events (issue 12): clients may resume from any cursor of the last 24 hours
    int eventRetention = integer(env, "EVENT_RETENTION_HOURS", 24, 24, 24 * 366, "hours live board events are kept");
    return new WorkerConfig(url, migrate, pool, lease, poll, attempts, grace, resume, logFormat, metricsPort,
        retentionDays, cleanup, eventRetention, trashRetentionDays(env));
  }

  /** Issue 13 (trash): days a deleted opportunity stays restorable before the cleanup purges it. */
  public static int trashRetentionDays(Map<String, String> env) {
    return integer(env, "TRASH_RETENTION_DAYS", 30, 1, 3650, "days a deleted opportunity stays in the trash");
  }

  // The shared parser does the work; these keep the short names the settings above read with.

  private static boolean bool(Map<String, String> env, String name, boolean fallback) {
    return Settings.of(env).bool(name, fallback);
  }

  private static int integer(Map<String, String> env, String name, int fallback, int min, int max, String meaning) {
    return Settings.of(env).integer(name, fallback, min, max, meaning);
  }
}
