package io.drippulse.crm.worker.imports;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A second connection that writes the first half of an opportunities chunk while the step's own transaction
 * writes the second half. PostgreSQL spends most of an import maintaining the opportunities' indexes, one
 * backend per connection; two backends on two cores do the chunk in about two thirds of the time (measured
 * in docs/performance.md).
 *
 * <p>The half runs in a transaction of its own, so it cannot commit atomically with the chunk. The step's
 * transaction holds the stages' position locks throughout, waits for the half, commits it first and only
 * then commits itself with its checkpoint. The one window, a worker dying between the two commits, leaves
 * the half's rows committed without the checkpoint; the half's transaction also records
 * {@code portability_job_halves}, so the restarted chunk finds those rows, counts them as its own and
 * appends the second half after them (positions stay dense and in bundle order, since the first half is
 * a prefix of every stage's rows in the chunk). Used by the step's thread, while stopping a job may close it
 * from another: every method holds the writer's lock, so a close waits for the half in flight and a commit
 * after a close fails (the chunk then rolls back too) rather than commit nothing.
 */
final class HalfChunkWriter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HalfChunkWriter.class);
  /**
   * Fault injection for the restart test: halt the process, as kill -9 would, right after this many halves
   * have committed, with the chunk itself not yet committed. Unset in every real deployment.
   */
  static final String HALT_AFTER_HALVES = "WORKER_FAILPOINT_HALT_AFTER_HALVES";
  private static final long HALT_AFTER = Long.parseLong(System.getenv().getOrDefault(HALT_AFTER_HALVES, "0"));
  private long committed;

  /** The result of writing a half: written (not yet committed), or refused because a row already exists. */
  enum Outcome { WRITTEN, EXISTS }

  private final Connection connection;
  private final ExecutorService thread;
  private Future<Outcome> pending;
  private boolean closed;

  private HalfChunkWriter(Connection connection) {
    this.connection = connection;
    this.thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "import-half-writer");
      t.setDaemon(true);
      return t;
    });
  }

  static HalfChunkWriter open(DataSource dataSource) throws SQLException {
    Connection c = dataSource.getConnection();
    try {
      c.setAutoCommit(false);
      return new HalfChunkWriter(c);
    } catch (SQLException e) {
      c.close();
      throw e;
    }
  }

  /** Starts writing {@code rows}, with their first transitions and the half's record, in a new transaction. */
  synchronized void start(ImportTarget target, long firstItem, List<ImportRepository.NewOpportunity> rows) {
    if (closed) {
      throw new IllegalStateException("the import's second connection is closed");
    }
    if (pending != null) {
      throw new IllegalStateException("the previous half was neither committed nor rolled back");
    }
    pending = thread.submit(() -> OpportunityCopyIn.writeHalf(connection, target, firstItem, rows));
  }

  /** Waits for the half; its transaction stays open until {@link #commit()} or {@link #rollback()}. */
  synchronized Outcome await() throws SQLException {
    try {
      return pending.get();
    } catch (ExecutionException e) {
      pending = null;
      rollbackQuietly();
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      throw new IllegalStateException("writing the first half of a chunk failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the first half of a chunk was written", e);
    }
  }

  synchronized void commit() throws SQLException {
    if (closed || pending == null) {
      throw new SQLException("the first half of the chunk was rolled back (its writer was closed)");
    }
    pending = null;
    connection.commit();
    if (HALT_AFTER > 0 && ++committed == HALT_AFTER) {
      Runtime.getRuntime().halt(137);
    }
  }

  /** Undoes the half, waiting for it first if it is still being written. Safe to call when none is pending. */
  synchronized void rollback() {
    if (pending == null) {
      return;
    }
    try {
      pending.get();
    } catch (ExecutionException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
    pending = null;
    rollbackQuietly();
  }

  private void rollbackQuietly() {
    try {
      connection.rollback();
    } catch (SQLException e) {
      LOG.debug("rolling back the first half of a chunk", e);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    rollback();
    thread.shutdownNow();
    try {
      connection.rollback();
      connection.close();
    } catch (SQLException e) {
      LOG.debug("closing the half writer's connection", e);
    }
  }
}
