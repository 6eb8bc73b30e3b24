package io.drippulse.crm.worker.jobs;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import org.springframework.transaction.TransactionSystemException;

/**
 * Whether a failure is the database going away (a failover, a restart, a network cut) rather than something
 * the job did: such a job is handed back to the queue and resumed, not failed.
 */
final class ConnectionLoss {

  /** Besides SQLSTATE class 08 (connection exception): the server shutting down, crashing, or still starting. */
  private static final Set<String> SERVER_GOING_AWAY = Set.of("57P01", "57P02", "57P03");

  private ConnectionLoss() {
  }

  static boolean causedAny(Iterable<? extends Throwable> failures) {
    for (Throwable failure : failures) {
      if (caused(failure)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Looks through causes, suppressed exceptions, and the exception a failed rollback replaced: when the
   * connection is gone, the rollback fails too, and Spring reports that failure with the original one inside.
   */
  static boolean caused(Throwable failure) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Throwable> pending = new ArrayDeque<>();
    pending.add(failure);
    while (!pending.isEmpty()) {
      Throwable t = pending.poll();
      if (!seen.add(t)) {
        continue;
      }
      if (t instanceof SQLTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08") || SERVER_GOING_AWAY.contains(sql.getSQLState()))) {
        return true;
      }
      if (t.getCause() != null) {
        pending.add(t.getCause());
      }
      Collections.addAll(pending, t.getSuppressed());
      if (t instanceof TransactionSystemException tx && tx.getApplicationException() != null) {
        pending.add(tx.getApplicationException());
      }
    }
    return false;
  }
}
