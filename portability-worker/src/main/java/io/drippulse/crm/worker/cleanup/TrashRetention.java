package io.drippulse.crm.worker.cleanup;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Purges opportunities that have been in the trash longer than {@code TRASH_RETENTION_DAYS} (PRODUCT.md §9.4),
 * with their stage history, in batches of {@link Cleanup}'s size, each its own short statement, so a purge
 * never holds many locks or a long snapshot. Rows a restore is taking at that moment are skipped (SKIP LOCKED), never waited
 * for; the restore wins. One of the tasks of the worker's scheduled {@link Cleanup}.
 */
public final class TrashRetention implements CleanupTask {

  /** The oldest expired cards first, through the (deleted_at) index; their history goes in the same statement. */
  private static final String PURGE = """
      WITH doomed AS (
        SELECT org_id, id FROM trashed_opportunities
        WHERE deleted_at < now() - make_interval(days => ?)
        ORDER BY deleted_at LIMIT ? FOR UPDATE SKIP LOCKED
      ), history AS (
        DELETE FROM stage_transitions t USING doomed d WHERE t.org_id = d.org_id AND t.opportunity_id = d.id
      )
      DELETE FROM trashed_opportunities t USING doomed d WHERE t.org_id = d.org_id AND t.id = d.id""";

  private final int retentionDays;

  public TrashRetention(int retentionDays) {
    if (retentionDays < 1) {
      throw new IllegalArgumentException("retention must be at least one day");
    }
    this.retentionDays = retentionDays;
  }

  @Override
  public String name() {
    return "opportunities in the trash past TRASH_RETENTION_DAYS";
  }

  @Override
  public int deleteBatch(JdbcTemplate jdbc, int batchSize) {
    return jdbc.update(PURGE, retentionDays, batchSize);
  }
}
