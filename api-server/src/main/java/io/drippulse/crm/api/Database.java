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
 * The reactive pools: one per event loop (verticle instance), its connections created on that event loop, so
 * a request, its SQL and its response stay on one thread. A pool shared by the event loops hands a request a
 * connection owned by another loop about half the time, and each answer then crosses threads (a wake-up, a
 * task queued, a context switch): measured at a fifth of a list page's CPU (docs/performance-api.md). A
 * {@code Pool} hands each request its own connection and does not pipeline requests onto one; what one
 * transaction sends together is pipelined on its connection (the pipelining limit below; see
 * opportunities/SentTogether). PgBuilder.client(), which pipelines across requests, was measured slower for
 * the reads the routes make (docs/decisions.md).
 */
public final class Database {

  private Database() {
  }

  /**
   * A pool of {@code size} connections for the calling context's event loop (built in a verticle's start, its
   * connections are made on that verticle's loop). {@code name} is its {@code pool_name} in /metrics, and the
   * {@code namespace} of its SQL client meters: pools left unnamed would share one, and the metrics keep only
   * the first pool's gauges.
   */
  static Pool pool(Vertx vertx, AppConfig config, int size, String name) {
    DatabaseUrl url = config.database();
    PoolOptions options = new PoolOptions()
        .setMaxSize(size)
        .setName(name)
        .setMaxWaitQueueSize(10_000)
        // a request never waits long for a busy pool: it is answered 503 database_busy instead
        .setConnectionTimeout((int) config.limits().dbAcquireTimeout().toMillis())
        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
    // the SQL client meters (vertx_sql_*) carry the same name as their namespace label, like the pool's own
    return PgBuilder.pool().with(options).connectingTo(connectOptions(url).setMetricsName(name)).using(vertx).build();
  }

  /** One connection's {@code SELECT 1}, then closed: is the database there at all. */
  static Future<Void> probe(Vertx vertx, AppConfig config) {
    Pool probe = PgBuilder.pool().with(new PoolOptions().setMaxSize(1).setName("crm-probe"))
        .connectingTo(connectOptions(config.database()).setMetricsName("crm-probe")).using(vertx).build();
    return probe.query("SELECT 1").execute().<Void>mapEmpty().eventually(probe::close);
  }

  /**
   * Event loop {@code index}'s share of the process's {@code DB_POOL_SIZE} connections (the remainder goes to
   * the first loops), at least one.
   */
  static int share(int poolSize, int loops, int index) {
    return Math.max(1, poolSize / loops + (index < poolSize % loops ? 1 : 0));
  }

  /** The replica's event hub, with its LISTEN connection (named, so operators can tell it apart). */
  static EventHub eventHub(Vertx vertx, AppConfig config) {
    PgConnectOptions listener = connectOptions(config.database()).addProperty("application_name", "drippulse-api-events");
    listener.setMetricsName("crm-events-listen");
    StreamLimits limits = new StreamLimits(config.eventsMaxStreams(), config.eventsMaxStreamsPerOrg());
    return new EventHub(vertx, listener, limits);
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
