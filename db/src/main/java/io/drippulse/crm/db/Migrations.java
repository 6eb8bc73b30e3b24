package io.drippulse.crm.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the versioned migrations under {@code db/migration}. Flyway takes a PostgreSQL advisory
 * lock for the whole run, so replicas starting together migrate once and the others wait.
 */
public final class Migrations {

  private Migrations() {
  }

  public static MigrateResult migrate(DatabaseUrl url) {
    return Flyway.configure()
        .dataSource(url.jdbcUrl(), url.user(), url.password())
        .locations("classpath:db/migration")
        .failOnMissingLocations(true)
        .load()
        .migrate();
  }

  /** The schema version after a run; Flyway leaves the target empty when nothing was pending. */
  public static String versionAfter(MigrateResult result) {
    return result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
  }
}
