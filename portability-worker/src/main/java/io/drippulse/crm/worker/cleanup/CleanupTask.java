package io.drippulse.crm.worker.cleanup;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One kind of data the scheduled cleanup deletes once it is past its time. A task deletes at most
 * {@code batchSize} rows per call, in one short statement of its own (autocommit), so a large backlog never
 * holds locks or grows one transaction; {@link Cleanup} calls it again until a call deletes fewer.
 * Several workers may run the same task at once: the rows are picked with SKIP LOCKED.
 */
public interface CleanupTask {

  /** For the log: what the rows are, e.g. "expired idempotency keys". */
  String name();

  /** Deletes up to {@code batchSize} rows past their time; how many it deleted. */
  int deleteBatch(JdbcTemplate jdbc, int batchSize);
}
