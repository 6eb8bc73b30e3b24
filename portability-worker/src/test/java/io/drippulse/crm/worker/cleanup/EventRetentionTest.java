package io.drippulse.crm.worker.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.db.DatabaseUrl;
import io.drippulse.crm.db.TestDatabase;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Live board events past the retention go, in batches; younger ones, and other orgs' young ones, stay. */
class EventRetentionTest {

  private final JdbcTemplate jdbc = jdbc(TestDatabase.shared());

  @Test
  void deletesEventsOlderThanTheRetentionInBatchesAndKeepsTheRest() {
    UUID org = UUID.randomUUID();
    jdbc.update("INSERT INTO organizations (id) VALUES (?)", org);
    int old = 250; // more than two batches of 100
    jdbc.update("INSERT INTO crm_events (org_id, seq, type, body, created_at) SELECT ?, n, 'opportunity.updated', '{}',"
        + " now() - interval '25 hours' FROM generate_series(1, ?) n", org, old);
    jdbc.update("INSERT INTO crm_events (org_id, seq, type, body, created_at) SELECT ?, n, 'opportunity.updated', '{}',"
        + " now() - interval '23 hours' FROM generate_series(?, ?) n", org, old + 1, old + 10);

    long deleted = new Cleanup(jdbc, List.of(new EventRetention(24)), 100).runOnce();

    assertThat(deleted).isGreaterThanOrEqualTo(old);
    assertThat(jdbc.queryForObject("SELECT count(*) FROM crm_events WHERE org_id = ?", Long.class, org)).isEqualTo(10);
    assertThat(jdbc.queryForObject("SELECT min(seq) FROM crm_events WHERE org_id = ?", Long.class, org)).isEqualTo(old + 1);
  }

  private static JdbcTemplate jdbc(DatabaseUrl url) {
    return new JdbcTemplate(new DriverManagerDataSource(url.jdbcUrl(), url.user(), url.password()));
  }
}
