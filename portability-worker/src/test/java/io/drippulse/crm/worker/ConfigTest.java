package io.drippulse.crm.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.db.DatabaseUrl;
import io.drippulse.crm.db.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Start-up refuses a bad command line or setting with a sentence naming it. */
class ConfigTest {

  @Test
  void aMalformedPoolSizeNamesTheVariable() {
    WorkerProcess.Result result = WorkerProcess.run(WorkerProcess.env("DB_POOL_SIZE", "lots"), "serve");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr()).contains("DB_POOL_SIZE must be a whole number from 3 to 200").contains("not 'lots'");
  }

  @Test
  void aMalformedDatabaseUrlNamesTheVariable() {
    WorkerProcess.Result result = WorkerProcess.run(WorkerProcess.env("DATABASE_URL", "mysql://db/crm"), "serve");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr()).contains("DATABASE_URL must start with postgresql://");
  }

  @Test
  void anUnreachableDatabaseNamesTheVariable() {
    WorkerProcess.Result result = WorkerProcess.run(WorkerProcess.env("DATABASE_URL",
        "postgresql://postgres@127.0.0.1:1/nothing", "DB_MIGRATE", "true"), "serve");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr()).contains("DATABASE_URL");
  }

  @Test
  void aBadMigrateFlagNamesTheVariable() {
    WorkerProcess.Result result = WorkerProcess.run(WorkerProcess.env("DB_MIGRATE", "sometimes"), "serve");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr()).contains("DB_MIGRATE must be true or false");
  }

  @Test
  void migrationsRunAtStartByDefault() throws Exception {
    DatabaseUrl empty = TestDatabase.createEmpty();
    Map<String, String> env = new HashMap<>(WorkerProcess.env("DATABASE_URL", empty.toUrl()));
    env.remove("DB_MIGRATE");
    WorkerProcess.Result result = WorkerProcess.run(withoutMigrateFlag(env), "enqueue-export", "--org",
        UUID.randomUUID().toString());

    assertThat(result.stderr()).contains("no such organization");
    try (Connection c = TestDatabase.connect(empty); ResultSet rs = c.createStatement().executeQuery(
        "SELECT count(*) FROM flyway_schema_history WHERE version IN ('1', '2', '3') AND success")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(3);
    }
  }

  /** The default (unset) DB_MIGRATE; WorkerProcess sets false for speed, an empty value means "not set". */
  private static Map<String, String> withoutMigrateFlag(Map<String, String> env) {
    env.put("DB_MIGRATE", "");
    return env;
  }

  @Test
  void commandLineMistakesPrintUsage() {
    assertThat(WorkerProcess.run("export", "--org", "not-a-uuid", "--out", "x.json").stderr())
        .contains("--org must be an organization UUID").contains("usage:");
    assertThat(WorkerProcess.run("import", "--org", UUID.randomUUID().toString()).stderr()).contains("Missing required option: '--in=FILE'");
    assertThat(WorkerProcess.run("launch").exitCode()).isEqualTo(2);
  }

  @Test
  void exportingAnUnknownOrganizationFails() {
    WorkerProcess.Result result = WorkerProcess.run("export", "--org", UUID.randomUUID().toString(), "--out",
        WorkerProcess.tempFile(".json").getPath());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr()).contains("does not exist");
  }
}
