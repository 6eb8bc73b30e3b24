package io.drippulse.crm.worker;

import io.drippulse.crm.db.DatabaseUrl;
import java.util.Locale;
import java.util.Map;

/**
 * The worker's settings, read once from the environment. A missing or malformed setting stops start-up
 * with a sentence naming the variable.
 *
 * @param leaseSeconds how long a claimed job stays ours without a heartbeat; a worker that dies loses its
 *     jobs to the others after this long
 * @param pollSeconds how often an idle {@code serve} looks for work when no notification arrived
 * @param maxAttempts claims of one job before it is failed instead of tried again
 * @param stopGraceSeconds how long {@code serve} waits, on SIGTERM, for the running job to stop at a
 *     chunk boundary and be handed back to the queue
 */
public record WorkerConfig(DatabaseUrl databaseUrl, boolean migrate, int poolSize, int leaseSeconds, int pollSeconds,
                           int maxAttempts, int stopGraceSeconds) {

  public static final String DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/drippulse";

  /** A snapshot, a chunk transaction and the bundle stream can be open at once. */
  private static final int MIN_POOL = 3;

  public static WorkerConfig fromEnv(Map<String, String> env) {
    DatabaseUrl url = DatabaseUrl.parse(env.getOrDefault("DATABASE_URL", DEFAULT_DATABASE_URL));
    boolean migrate = bool(env, "DB_MIGRATE", true);
    int pool = integer(env, "DB_POOL_SIZE", Math.max(4, Runtime.getRuntime().availableProcessors() + 2), MIN_POOL, 200,
        "the worker holds a snapshot, a chunk transaction and the bundle stream at once");
    int lease = integer(env, "JOB_LEASE_SECONDS", 30, 2, 3600, "seconds a claimed job is held without a heartbeat");
    int poll = integer(env, "JOB_POLL_SECONDS", 5, 1, 3600, "seconds between queue polls when no notification came");
    int attempts = integer(env, "JOB_MAX_ATTEMPTS", 5, 1, 100, "claims of one job before it is failed");
    int grace = integer(env, "STOP_GRACE_SECONDS", 25, 1, 3600, "seconds serve waits on SIGTERM for the running job");
    return new WorkerConfig(url, migrate, pool, lease, poll, attempts, grace);
  }

  /** Issue 13 (trash): days a deleted opportunity stays restorable before the cleanup purges it. */
  public static int trashRetentionDays(Map<String, String> env) {
    return integer(env, "TRASH_RETENTION_DAYS", 30, 1, 3650, "days a deleted opportunity stays in the trash");
  }

  private static boolean bool(Map<String, String> env, String name, boolean fallback) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    return switch (raw.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new IllegalArgumentException(name + " must be true or false, not '" + raw + "'");
    };
  }

  private static int integer(Map<String, String> env, String name, int fallback, int min, int max, String meaning) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the accepted range
    }
    throw new IllegalArgumentException(name + " must be an integer from " + min + " to " + max + " (" + meaning
        + "), not '" + raw + "'");
  }
}
