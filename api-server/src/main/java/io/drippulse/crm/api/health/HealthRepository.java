package io.drippulse.crm.api.health;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

/** The readiness probe's one query: a round trip through the pool to PostgreSQL. */
final class HealthRepository {

  private static final String PING = "SELECT 1";

  private final Pool pool;

  HealthRepository(Pool pool) {
    this.pool = pool;
  }

  Future<Void> ping() {
    return pool.query(PING).execute().mapEmpty();
  }
}
