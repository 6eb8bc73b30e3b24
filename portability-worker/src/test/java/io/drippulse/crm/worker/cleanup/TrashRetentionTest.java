package io.drippulse.crm.worker.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drippulse.crm.db.DatabaseUrl;
import io.drippulse.crm.db.TestDatabase;
import io.drippulse.crm.worker.WorkerConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The purge of expired trash, against real PostgreSQL: only what is past retention goes, history with it. */
class TrashRetentionTest {

  private final DatabaseUrl url = TestDatabase.shared();

  @Test
  void purgesOnlyCardsPastRetentionWithTheirHistoryInBatches() throws SQLException {
    UUID org = UUID.randomUUID();
    try (Connection c = TestDatabase.connect(url)) {
      exec(c, "INSERT INTO organizations (id) VALUES (?)", org);
      int expired = 107; // more than one batch of 100
      for (int i = 0; i < expired; i++) {
        trash(c, org, "opp_old" + String.format("%09d", i), 31);
      }
      UUID young = trash(c, org, "opp_young0000001", 29);
      long purged = new Cleanup(new JdbcTemplate(new DriverManagerDataSource(url.jdbcUrl(), url.user(), url.password())),
          List.of(new TrashRetention(30)), 100).runOnce();
      assertThat(purged).isGreaterThanOrEqualTo(expired); // other tests' orgs may hold expired trash too
      assertThat(count(c, "SELECT count(*) FROM trashed_opportunities WHERE org_id = ?", org)).isEqualTo(1);
      assertThat(count(c, "SELECT count(*) FROM trashed_opportunities WHERE org_id = ? AND id = ?", org, young)).isEqualTo(1);
      assertThat(count(c, "SELECT count(*) FROM stage_transitions WHERE org_id = ?", org)).isEqualTo(1);
    }
  }

  @Test
  void retentionDaysIsASettingWithARange() {
    assertThat(WorkerConfig.trashRetentionDays(Map.of())).isEqualTo(30);
    assertThat(WorkerConfig.trashRetentionDays(Map.of("TRASH_RETENTION_DAYS", "7"))).isEqualTo(7);
    assertThatThrownBy(() -> WorkerConfig.trashRetentionDays(Map.of("TRASH_RETENTION_DAYS", "0")))
        .hasMessageContaining("TRASH_RETENTION_DAYS");
  }

  /** A trashed card deleted {@code daysAgo} days ago, with one history entry. */
  private static UUID trash(Connection c, UUID org, String publicId, int daysAgo) throws SQLException {
    UUID id = UUID.randomUUID();
    exec(c, "INSERT INTO trashed_opportunities (org_id, id, public_id, name, pipeline_id, pipeline_stage_id, currency,"
        + " stage_entered_at, version, created_at, updated_at, deleted_at) VALUES (?, ?, ?, 'x', ?, ?, 'USD', now(), 1,"
        + " now(), now(), now() - make_interval(days => " + daysAgo + "))", org, id, publicId, UUID.randomUUID(), UUID.randomUUID());
    exec(c, "INSERT INTO stage_transitions (org_id, opportunity_id, to_stage_id, to_stage_name) VALUES (?, ?, ?, 'x')",
        org, id, UUID.randomUUID());
    return id;
  }

  private static void exec(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      st.executeUpdate();
    }
  }

  private static long count(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
