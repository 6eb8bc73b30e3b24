package io.drippulse.crm.api.http;

import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/**
 * Failures that say nothing about the request and everything about the database: it is down or
 * restarting (503 {@code database_unavailable}), or every pooled connection is busy for longer than the
 * pool's wait limit (503 {@code database_busy}). Both are worth retrying, so both carry Retry-After.
 */
final class DatabaseFailures {

  static final int UNAVAILABLE_RETRY_SECONDS = 5;
  static final int BUSY_RETRY_SECONDS = 1;
  private static final String ACQUIRE_TIMEOUT = "Timeout waiting for connection";

  private DatabaseFailures() {
  }

  static ApiError classify(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectionPoolTooBusyException || t instanceof TimeoutException || acquireTimedOut(t)) {
        return new ApiError(503, "database_busy", "Every database connection is busy; try again shortly.", null);
      }
      if (t instanceof ConnectException || t instanceof ClosedConnectionException
          || t instanceof PgException pg && unavailable(pg.getSqlState())) {
        return new ApiError(503, "database_unavailable", "The database is not reachable; nothing was changed."
            + " Try again shortly.", null);
      }
    }
    return null;
  }

  /** The sql client's pool says so only in words (PoolOptions.connectionTimeout ran out). */
  private static boolean acquireTimedOut(Throwable t) {
    return t instanceof VertxException && ACQUIRE_TIMEOUT.equals(t.getMessage());
  }

  /** Class 08 (connection exceptions), admin/crash shutdown, cannot connect now, too many connections. */
  private static boolean unavailable(String sqlState) {
    return sqlState != null && (sqlState.startsWith("08") || sqlState.equals("57P01") || sqlState.equals("57P02")
        || sqlState.equals("57P03") || sqlState.equals("53300"));
  }

  static int retryAfterSeconds(ApiError error) {
    return "database_busy".equals(error.code()) ? BUSY_RETRY_SECONDS : UNAVAILABLE_RETRY_SECONDS;
  }
}
