package io.drippulse.crm.api.opportunities;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.Arrays;
import java.util.function.Function;

/**
 * A transaction whose BEGIN is sent with its first statements and whose COMMIT with its last, so a board
 * write that knows everything it will send waits one round trip for its locks, reads and writes, and one
 * for its event and the commit. The client's own {@code Transaction} waits for every statement to answer
 * before it sends COMMIT, which keeps the stage locks and the org's event counter held for one more round
 * trip through a busy event loop; under the stage locks that round trip is what every other writer waits for.
 *
 * <p>Whatever the work sends between BEGIN and {@link #commit} is checked by the work before it commits;
 * when the work fails, or decides not to commit, a ROLLBACK follows what was sent (PostgreSQL runs the
 * statements of a connection in order) and the connection goes back to the pool idle. When a statement fails
 * in PostgreSQL, the ones after it fail too and a pipelined COMMIT only ends the aborted transaction, which
 * {@link InOrder} reports as the first failure.
 */
final class SentTogether {

  private final SqlConnection conn;
  private boolean ended;

  private SentTogether(SqlConnection conn) {
    this.conn = conn;
  }

  /** Runs {@code work} in a transaction on a pooled connection; the work must end it with {@link #commit}. */
  static <T> Future<T> transaction(Pool pool, Function<SentTogether, Future<T>> work) {
    return pool.withConnection(conn -> {
      SentTogether tx = new SentTogether(conn);
      Future<?> begun = conn.query("BEGIN").execute();
      Future<T> done = start(work, tx);
      return InOrder.all(begun, done).transform(ended -> {
        if (ended.succeeded() && tx.ended) {
          return done;
        }
        Throwable cause = ended.failed() ? ended.cause() : new IllegalStateException("the transaction was not committed");
        return tx.rollback().transform(rolledBack -> Future.<T>failedFuture(cause));
      });
    });
  }

  private static <T> Future<T> start(Function<SentTogether, Future<T>> work, SentTogether tx) {
    try {
      return work.apply(tx);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  SqlConnection connection() {
    return conn;
  }

  /**
   * Sends COMMIT right behind the statements just sent (the {@code last} futures), without waiting for them,
   * and completes when all have answered.
   */
  Future<Void> commit(Future<?>... last) {
    ended = true;
    Future<?>[] all = Arrays.copyOf(last, last.length + 1);
    all[last.length] = conn.query("COMMIT").execute();
    return InOrder.all(all);
  }

  /** Ends the transaction without its writes, when the work failed before it sent COMMIT. */
  private Future<Void> rollback() {
    if (ended) {
      return Future.succeededFuture(); // COMMIT was sent: PostgreSQL has ended the transaction, either way
    }
    ended = true;
    return conn.query("ROLLBACK").execute().mapEmpty();
  }
}
