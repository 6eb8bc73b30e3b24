package io.drippulse.crm.api.opportunities;

import io.vertx.core.Future;
import java.util.List;

/**
 * Statements sent together on one connection. The client pipelines them (Database sets a pipelining
 * limit) and PostgreSQL runs them one after another in the order they were sent, so a statement sent after
 * a lock still runs under it, and a transaction waits one round trip for the lot instead of one per
 * statement. Under the stage locks those round trips are what every other writer of the stage waits for.
 */
final class InOrder {

  private InOrder() {
  }

  /**
   * Completes when every one has answered (so nothing of the transaction is still running when it ends),
   * failing with the first failure in the order they were sent.
   */
  static Future<Void> all(Future<?>... sent) {
    List<Future<?>> futures = List.of(sent);
    return Future.join(futures).transform(joined -> {
      for (Future<?> future : futures) {
        if (future.failed()) {
          return Future.failedFuture(future.cause());
        }
      }
      return Future.succeededFuture();
    });
  }
}
