package io.drippulse.crm.worker.cleanup;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Deletes live board events older than EVENT_RETENTION_HOURS (at least 24: a client may resume from any cursor
 * of the last day), oldest first, in small batches so no run holds many row locks or bloats one transaction.
 * {@code serve} calls {@link #runIfDue} between jobs; a run stops after a bounded number of batches and the
 * next one carries on, so a large backlog never keeps the worker from its queue for long.
 */
public final class EventRetention {

  public static final Duration INTERVAL = Duration.ofMinutes(10);
  static final int BATCH = 1_000;
  static final int MAX_BATCHES_PER_RUN = 100;

  private static final Logger LOG = LoggerFactory.getLogger(EventRetention.class);
  private static final String DELETE_BATCH = "DELETE FROM crm_events WHERE (org_id, seq) IN (SELECT org_id, seq"
      + " FROM crm_events WHERE created_at < now() - make_interval(hours => ?) ORDER BY created_at LIMIT ?)";

  private final JdbcTemplate jdbc;
  private final int retentionHours;
  private long nextRun = System.nanoTime();

  public EventRetention(JdbcTemplate jdbc, int retentionHours) {
    this.jdbc = jdbc;
    this.retentionHours = retentionHours;
  }

  /** Runs when INTERVAL has passed since the last run; a failure is logged and tried again next time. */
  public void runIfDue() {
    if (System.nanoTime() - nextRun < 0) {
      return;
    }
    nextRun = System.nanoTime() + INTERVAL.toNanos();
    try {
      long deleted = run();
      if (deleted > 0) {
        LOG.info("deleted {} live board event(s) older than {} hours", deleted, retentionHours);
      }
    } catch (RuntimeException e) {
      LOG.warn("could not delete old live board events; will try again in {}", INTERVAL, e);
    }
  }

  /** Deletes up to MAX_BATCHES_PER_RUN batches, each its own statement (and transaction); returns the rows deleted. */
  public long run() {
    long total = 0;
    for (int i = 0; i < MAX_BATCHES_PER_RUN; i++) {
      int deleted = jdbc.update(DELETE_BATCH, retentionHours, BATCH);
      total += deleted;
      if (deleted < BATCH) {
        break;
      }
    }
    return total;
  }
}
