package io.drippulse.crm.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Replicas start together: two migrator processes on one empty database both succeed, and migrate once.
 * And the schema keeps the tenancy rule: every table, key and unique index leads with org_id.
 */
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

  /** The tables of the product: Spring Batch's and Flyway's own tables, and the tenant table itself, are not. */
  private static final String TENANT_TABLES = """
      n.nspname = 'public' AND c.relname NOT LIKE 'batch\\_%' AND c.relname <> 'flyway_schema_history'
        AND c.relname <> 'organizations'""";

  @Test
  void everyTableCarriesOrgIdInItsPrimaryKey() throws Exception {
    String sql = """
        SELECT c.relname AS tbl,
               EXISTS (SELECT 1 FROM pg_attribute a
                       WHERE a.attrelid = c.oid AND a.attname = 'org_id' AND a.attnum > 0 AND NOT a.attisdropped) AS has_org_id,
               (SELECT a.attname FROM pg_constraint k
                JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
                WHERE k.conrelid = c.oid AND k.contype = 'p') AS pk_first_col
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND\s""" + TENANT_TABLES;
    List<String> tables = new ArrayList<>();
    try (var c = TestDatabase.connect(TestDatabase.shared()); var st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        String table = rs.getString("tbl");
        tables.add(table);
        assertThat(rs.getBoolean("has_org_id")).as("%s has an org_id column", table).isTrue();
        assertThat(rs.getString("pk_first_col")).as("%s has a primary key leading with org_id", table).isEqualTo("org_id");
      }
    }
    assertThat(tables).contains("users", "api_keys", "pipelines", "pipeline_stages", "opportunities", "stage_transitions",
        "user_default_pipelines", "idempotency_keys", "portability_jobs");
  }

  @Test
  void everyKeyConstraintLeadsWithOrgId() throws Exception {
    String sql = """
        SELECT c.conrelid::regclass::text AS tbl, c.conname, a.attname AS first_col
        FROM pg_constraint c
        JOIN pg_class t ON t.oid = c.conrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        WHERE c.contype IN ('p', 'u', 'f', 'x') AND\s""" + TENANT_TABLES.replace("c.relname", "t.relname");
    try (var c = TestDatabase.connect(TestDatabase.shared()); var st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      int keys = 0;
      while (rs.next()) {
        keys++;
        assertThat(rs.getString("first_col")).as("key %s on %s", rs.getString("conname"), rs.getString("tbl")).isEqualTo("org_id");
      }
      assertThat(keys).isGreaterThan(10);
    }
  }

  /** Unique indexes, not only constraints: a CREATE UNIQUE INDEX (e.g. the one org default) is no constraint. */
  @Test
  void everyUniqueIndexLeadsWithOrgId() throws Exception {
    String sql = """
        SELECT c.relname AS tbl, i.indexrelid::regclass::text AS idx, a.attname AS first_col
        FROM pg_index i
        JOIN pg_class c ON c.oid = i.indrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
        WHERE i.indisunique AND\s""" + TENANT_TABLES;
    List<String> indexes = new ArrayList<>();
    try (var c = TestDatabase.connect(TestDatabase.shared()); var st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        indexes.add(rs.getString("idx"));
        // an expression as first key has no attribute: null, and fails like any other column
        assertThat(rs.getString("first_col")).as("unique index %s on %s", rs.getString("idx"), rs.getString("tbl")).isEqualTo("org_id");
      }
    }
    assertThat(indexes).contains("pipelines_one_org_default", "opportunity_ranks_stage_rank_unique");
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
