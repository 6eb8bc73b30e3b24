package io.drippulse.crm.api.config;

import io.drippulse.crm.db.DatabaseUrl;
import io.drippulse.crm.db.settings.Settings;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every setting, parsed once at start-up by the shared {@link Settings} parser. Values come from
 * {@code conf/defaults.json} on the classpath, overridden by environment variables of the same name
 * (DATABASE_URL's default is {@link DatabaseUrl#DEFAULT}, the worker's too). A missing or malformed setting
 * stops start-up with a sentence naming the variable.
 */
public record AppConfig(
    int httpPort,
    DatabaseUrl database,
    int dbPoolSize,
    Optional<String> jwtHs256Secret,
    List<PublicKeyPem> jwtPublicKeys,
    Optional<String> jwtIssuer,
    Optional<String> jwtAudience,
    boolean dbMigrate,
    boolean devMode,
    long bodyLimitBytes,
    Limits limits,
    // operations (issue 14): LOG_FORMAT is read by the log set-up itself, parsed here so a typo stops start-up
    String logFormat,
    int rateLimitPerMinute,
    // live board event streams (issue 12)
    int eventsMaxStreams,
    int eventsMaxStreamsPerOrg,
    int eventsHeartbeatSeconds,
    int eventsWriteQueueBytes) {

  /**
   * Slow clients and busy databases (issue 15): how long a request's headers and body may take to arrive,
   * an upload's idle and total limits, how many uploads one organization may run at once (per replica),
   * and how long a request waits for a pooled connection before it is answered 503.
   */
  public record Limits(Duration requestTimeout, Duration uploadIdle, Duration uploadTotal, int uploadsPerOrg,
                       Duration dbAcquireTimeout) {

    static Limits from(JsonObject raw) {
      return new Limits(
          Duration.ofSeconds(integer(raw, "REQUEST_TIMEOUT", 1, 3600)),
          Duration.ofSeconds(integer(raw, "UPLOAD_IDLE_TIMEOUT", 1, 3600)),
          Duration.ofSeconds(integer(raw, "UPLOAD_TIMEOUT", 1, 86_400)),
          integer(raw, "UPLOADS_PER_ORG", 1, 1000),
          Duration.ofMillis(integer(raw, "DB_ACQUIRE_TIMEOUT_MS", 100, 600_000)));
    }
  }

  public static AppConfig from(JsonObject raw) {
    Optional<String> secret = text(raw, "JWT_HS256_SECRET");
    List<PublicKeyPem> publicKeys = text(raw, "JWT_PUBLIC_KEYS").map(PemKeys::split).orElse(List.of());
    if (secret.isEmpty() && publicKeys.isEmpty()) {
      throw new ConfigException("No JWT key is configured: set JWT_HS256_SECRET (shared secret, dev and tests) "
          + "or JWT_PUBLIC_KEYS (PEM public keys for RS256/ES256 tokens).");
    }
    if (secret.isPresent() && secret.get().length() < 32) {
      throw new ConfigException("JWT_HS256_SECRET is too short: use at least 32 characters.");
    }
    boolean devMode = bool(raw, "DEV_MODE");
    if (devMode && secret.isEmpty()) {
      throw new ConfigException("DEV_MODE=true needs JWT_HS256_SECRET: the demo sign-in mints HS256 tokens.");
    }
    DatabaseUrl database = database(raw);
    int poolSize = integer(raw, "DB_POOL_SIZE", 0, 1000);
    return new AppConfig(
        integer(raw, "HTTP_PORT", 0, 65535),
        database,
        poolSize == 0 ? defaultPoolSize() : poolSize,
        secret,
        publicKeys,
        text(raw, "JWT_ISSUER"),
        text(raw, "JWT_AUDIENCE"),
        bool(raw, "DB_MIGRATE"),
        devMode,
        integer(raw, "BODY_LIMIT_BYTES", 1024, Integer.MAX_VALUE),
        Limits.from(raw),
        settings(raw).choice("LOG_FORMAT", "text", Set.of("text", "json")),
        integer(raw, "RATE_LIMIT_PER_MINUTE", 1, 1_000_000),
        // live board event streams (issue 12)
        integer(raw, "EVENTS_MAX_STREAMS", 1, 1_000_000),
        integer(raw, "EVENTS_MAX_STREAMS_PER_ORG", 1, 1_000_000),
        integer(raw, "EVENTS_HEARTBEAT_SECONDS", 1, 15),
        integer(raw, "EVENTS_WRITE_QUEUE_BYTES", 4096, 64 * 1024 * 1024));
  }

  /** What the admin CLI needs: the database and whether to migrate it first; no JWT key, no port. */
  public record DatabaseSettings(DatabaseUrl url, boolean migrate) {

    public static DatabaseSettings from(JsonObject raw) {
      return new DatabaseSettings(database(raw), bool(raw, "DB_MIGRATE"));
    }
  }

  private static DatabaseUrl database(JsonObject raw) {
    return settings(raw).database();
  }

  /** A reactive connection never idles a thread while it waits, so a few per core keep PostgreSQL busy. */
  private static int defaultPoolSize() {
    return Math.max(4, Runtime.getRuntime().availableProcessors() * 4);
  }

  // The shared parser (db's Settings) does the work; these keep the short names the settings above read with.

  private static Settings settings(JsonObject raw) {
    return Settings.of(raw.getMap());
  }

  private static Optional<String> text(JsonObject raw, String name) {
    return settings(raw).text(name);
  }

  private static boolean bool(JsonObject raw, String name) {
    return settings(raw).bool(name, false);
  }

  /** Required: conf/defaults.json gives every integer setting its default. */
  private static int integer(JsonObject raw, String name, int min, int max) {
    return settings(raw).integer(name, null, min, max);
  }
}
