package io.drippulse.crm.worker.cleanup;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Deletes live board events older than EVENT_RETENTION_HOURS (at least 24: a client may resume from any cursor
 * of the last day), oldest first through the (created_at) index. One of the tasks of the worker's scheduled
 * {@link Cleanup}, which runs on its own thread, so a large backlog never keeps the worker from its queue.
 */
public final class EventRetention implements CleanupTask {

  private static final String DELETE_BATCH = """
      DELETE FROM crm_events WHERE (org_id, seq) IN (
        SELECT org_id, seq FROM crm_events WHERE created_at < now() - make_interval(hours => ?)
        ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED)""";

  private final int retentionHours;

  public EventRetention(int retentionHours) {
    this.retentionHours = retentionHours;
  }

  @Override
  public String name() {
    return "live board events older than EVENT_RETENTION_HOURS";
  }

  @Override
  public int deleteBatch(JdbcTemplate jdbc, int batchSize) {
    return jdbc.update(DELETE_BATCH, retentionHours, batchSize);
  }
}
