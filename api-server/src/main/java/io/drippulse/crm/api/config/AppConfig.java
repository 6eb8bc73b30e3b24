package io.drippulse.crm.api.config;

import io.drippulse.crm.db.DatabaseUrl;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * Every setting, parsed once at start-up. Values come from {@code conf/defaults.json} on the classpath,
 * overridden by environment variables of the same name. A missing or malformed setting stops start-up
 * with a sentence naming the variable.
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
    // live board event streams (issue 12)
    int eventsMaxStreams,
    int eventsMaxStreamsPerOrg,
    int eventsHeartbeatSeconds,
    int eventsWriteQueueBytes) {

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
    try {
      return DatabaseUrl.parse(text(raw, "DATABASE_URL").orElse(null));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  /** Reactive connections multiplex pipelined queries, so a few per core go a long way. */
  private static int defaultPoolSize() {
    return Math.max(4, Runtime.getRuntime().availableProcessors() * 4);
  }

  private static Optional<String> text(JsonObject raw, String name) {
    Object value = raw.getValue(name);
    if (value == null || value.toString().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(value.toString().trim());
  }

  private static boolean bool(JsonObject raw, String name) {
    String value = text(raw, name).orElse("false").toLowerCase();
    return switch (value) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new ConfigException(name + " must be true or false, not '" + value + "'.");
    };
  }

  private static int integer(JsonObject raw, String name, int min, int max) {
    String value = text(raw, name).orElseThrow(() -> new ConfigException(name + " is not set."));
    try {
      int parsed = Integer.parseInt(value);
      if (parsed < min || parsed > max) {
        throw new ConfigException(name + " must be between " + min + " and " + max + ", not " + parsed + ".");
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new ConfigException(name + " must be a whole number, not '" + value + "'.");
    }
  }
}
