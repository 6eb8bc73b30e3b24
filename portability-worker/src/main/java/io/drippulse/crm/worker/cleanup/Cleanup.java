package io.drippulse.crm.worker.cleanup;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The worker's scheduled cleanup: every CLEANUP_INTERVAL, each task in order deletes what is past its time,
 * batch after batch until a batch comes back short. Runs on a thread of its own in {@code serve}, beside
 * the job queue; a failing task is logged and retried next round without stopping the others.
 */
public final class Cleanup implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Cleanup.class);
  static final int BATCH_SIZE = 500;

  private final JdbcTemplate jdbc;
  private final List<CleanupTask> tasks;
  private final int batchSize;
  private ScheduledExecutorService timer;

  public Cleanup(JdbcTemplate jdbc, List<CleanupTask> tasks) {
    this(jdbc, tasks, BATCH_SIZE);
  }

  Cleanup(JdbcTemplate jdbc, List<CleanupTask> tasks, int batchSize) {
    this.jdbc = jdbc;
    this.tasks = List.copyOf(tasks);
    this.batchSize = batchSize;
  }

  /** The first round a minute after start (not competing with start-up), then every {@code interval}. */
  public void schedule(Duration interval) {
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "cleanup");
      thread.setDaemon(true);
      return thread;
    });
    long first = Math.min(interval.toMillis(), Duration.ofMinutes(1).toMillis());
    timer.scheduleWithFixedDelay(this::runOnce, first, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One round over every task; rows deleted in all. */
  public long runOnce() {
    long total = 0;
    for (CleanupTask task : tasks) {
      try {
        long deleted = drain(task);
        if (deleted > 0) {
          LOG.info("cleanup deleted {} {}", deleted, task.name());
        }
        total += deleted;
      } catch (RuntimeException e) {
        LOG.warn("cleanup of {} failed; trying again next round: {}", task.name(), e.toString());
      }
    }
    return total;
  }

  private long drain(CleanupTask task) {
    long deleted = 0;
    int batch;
    do {
      if (Thread.currentThread().isInterrupted()) {
        break;
      }
      batch = task.deleteBatch(jdbc, batchSize);
      deleted += batch;
    } while (batch == batchSize);
    return deleted;
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
