package io.drippulse.crm.worker.metrics;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Jobs by state, one small GROUP BY when scraped (every state's gauge of one scrape shares it: it is
 * remembered for a second). Counts span every organization: a number of jobs says nothing about a tenant.
 */
public final class JobCounts {

  static final List<String> STATES = List.of("queued", "running", "succeeded", "failed");
  private static final String BY_STATE = "SELECT status, count(*) FROM portability_jobs GROUP BY status";
  private static final long FRESH_NANOS = 1_000_000_000L;

  private final JdbcTemplate jdbc;
  private volatile Map<String, Long> last = Map.of();
  private volatile long readAt = System.nanoTime() - FRESH_NANOS;

  public JobCounts(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  synchronized Map<String, Long> current() {
    if (System.nanoTime() - readAt >= FRESH_NANOS) {
      last = jdbc.query(BY_STATE, (rs, n) -> Map.entry(rs.getString(1), rs.getLong(2))).stream()
          .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
      readAt = System.nanoTime();
    }
    return last;
  }
}
