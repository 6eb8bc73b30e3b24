package io.drippulse.crm.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Replicas start together: two migrator processes on one empty database both succeed, and migrate once. */
class ConcurrentMigrationTest {

  @Test
  void twoProcessesMigratingAtOnceBothSucceed() throws Exception {
    DatabaseUrl empty = TestDatabase.createEmpty();
    List<Process> processes = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Path log = Files.createTempFile("migrate-" + i, ".log");
      logs.add(log);
      ProcessBuilder builder = new ProcessBuilder(javaBin(), "-cp", System.getProperty("java.class.path"), MigrateMain.class.getName())
          .redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().put("DATABASE_URL", empty.toUrl());
      processes.add(builder.start());
    }
    for (int i = 0; i < processes.size(); i++) {
      assertThat(processes.get(i).waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(processes.get(i).exitValue()).as(Files.readString(logs.get(i))).isZero();
    }
    try (var c = TestDatabase.connect(empty); var st = c.createStatement()) {
      ResultSet rs = st.executeQuery("SELECT version, count(*) FROM flyway_schema_history WHERE success GROUP BY version HAVING count(*) > 1");
      assertThat(rs.next()).as("a migration applied twice").isFalse();
      ResultSet tables = st.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_name = 'opportunities'");
      tables.next();
      assertThat(tables.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void everyTableCarriesOrgIdInItsPrimaryKey() throws Exception {
    String sql = """
        SELECT c.conrelid::regclass::text AS tbl, a.attname AS first_col
        FROM pg_constraint c
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE c.contype IN ('p', 'u', 'f', 'x') AND n.nspname = 'public'
          AND c.conrelid::regclass::text NOT LIKE 'batch\\_%' AND c.conrelid::regclass::text <> 'flyway_schema_history'
          AND c.conrelid::regclass::text <> 'organizations'""";
    try (var c = TestDatabase.connect(TestDatabase.shared()); var st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      int keys = 0;
      while (rs.next()) {
        keys++;
        assertThat(rs.getString("first_col")).as("key on %s", rs.getString("tbl")).isEqualTo("org_id");
      }
      assertThat(keys).isGreaterThan(10);
    }
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
