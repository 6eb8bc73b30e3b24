package io.drippulse.crm.api;

import io.drippulse.crm.api.config.AppConfig;
import io.drippulse.crm.db.DatabaseUrl;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** The reactive pool, shared by every verticle instance of the process, with pipelining on. */
final class Database {

  private Database() {
  }

  static Pool pool(Vertx vertx, AppConfig config) {
    DatabaseUrl url = config.database();
    PgConnectOptions connect = new PgConnectOptions()
        .setHost(url.host())
        .setPort(url.port())
        .setDatabase(url.database())
        .setUser(url.user())
        .setPipeliningLimit(256)
        .setCachePreparedStatements(true);
    if (url.password() != null) {
      connect.setPassword(url.password());
    }
    PoolOptions options = new PoolOptions()
        .setMaxSize(config.dbPoolSize())
        .setShared(true)
        .setName("crm-" + url.database())
        .setMaxWaitQueueSize(10_000);
    return PgBuilder.pool().with(options).connectingTo(connect).using(vertx).build();
  }
}
