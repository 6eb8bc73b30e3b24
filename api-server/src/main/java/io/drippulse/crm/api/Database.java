package io.drippulse.crm.api;

import io.drippulse.crm.api.config.AppConfig;
import io.drippulse.crm.api.events.EventHub;
import io.drippulse.crm.api.events.StreamLimits;
import io.drippulse.crm.db.DatabaseUrl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;

/**
 * The reactive pool, shared by every verticle instance of the process. A {@code Pool} hands each request
 * its own connection and does not pipeline requests onto one; what one transaction sends together is
 * pipelined on its connection (the pipelining limit below; see opportunities/InOrder). PgBuilder.client(),
 * which pipelines across requests, was measured slower for the reads the routes make (docs/decisions.md).
 */
public final class Database {

  private Database() {
  }

  static Pool pool(Vertx vertx, AppConfig config) {
    DatabaseUrl url = config.database();
    PoolOptions options = new PoolOptions()
        .setMaxSize(config.dbPoolSize())
        .setShared(true)
        .setName("crm-" + url.database())
        .setMaxWaitQueueSize(10_000)
        // a request never waits long for a busy pool: it is answered 503 database_busy instead
        .setConnectionTimeout((int) config.limits().dbAcquireTimeout().toMillis())
        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
    return PgBuilder.pool().with(options).connectingTo(connectOptions(url)).using(vertx).build();
  }

  /** One connection's {@code SELECT 1}, then closed: is the database there at all. */
  static Future<Void> probe(Vertx vertx, AppConfig config) {
    Pool probe = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(connectOptions(config.database()))
        .using(vertx).build();
    return probe.query("SELECT 1").execute().<Void>mapEmpty().eventually(probe::close);
  }

  /** The replica's event hub: its LISTEN connection (named, so operators can tell it apart) and the shared pool. */
  static EventHub eventHub(Vertx vertx, AppConfig config) {
    PgConnectOptions listener = connectOptions(config.database()).addProperty("application_name", "drippulse-api-events");
    StreamLimits limits = new StreamLimits(config.eventsMaxStreams(), config.eventsMaxStreamsPerOrg());
    return new EventHub(vertx, pool(vertx, config), listener, limits);
  }

  /** How every connection of this server (and its admin CLI) reaches PostgreSQL. */
  public static PgConnectOptions connectOptions(DatabaseUrl url) {
    PgConnectOptions connect = new PgConnectOptions()
        .setHost(url.host())
        .setPort(url.port())
        .setDatabase(url.database())
        .setUser(url.user())
        .setPipeliningLimit(256)
        .setCachePreparedStatements(true)
        // Position arithmetic relies on each statement seeing what the previous stage-lock holder
        // committed; pin READ COMMITTED so a server whose default is stricter cannot turn that into 409s.
        .addProperty("default_transaction_isolation", "read committed")
        .addProperty("application_name", "drippulse-api");
    if (url.password() != null) {
      connect.setPassword(url.password());
    }
    return connect;
  }
}
