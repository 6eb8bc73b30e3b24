package io.drippulse.crm.api;

import io.drippulse.crm.api.config.AppConfig;
import io.drippulse.crm.api.events.EventHub;
import io.drippulse.crm.api.http.HeaderDeadline;
import io.drippulse.crm.api.http.PathGuard;
import io.drippulse.crm.api.ratelimit.RateLimits;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;

/** One event loop's HTTP server. Reports started only once it listens; stops by draining in-flight requests. */
public final class ApiVerticle extends VerticleBase {

  private static final long DRAIN_SECONDS = 20;

  private final AppConfig config;
  private final RateLimits rateLimits;
  private final EventHub events;
  private final int poolSize;
  private final String poolName;
  private Pool pool;
  private HttpServer server;

  /**
   * {@code rateLimits} and {@code events} are the process's own, shared by every event loop; the verticle's
   * pool of {@code poolSize} connections, named {@code poolName}, is its event loop's own (see {@link Database}).
   */
  public ApiVerticle(AppConfig config, RateLimits rateLimits, EventHub events, int poolSize, String poolName) {
    this.config = config;
    this.rateLimits = rateLimits;
    this.events = events;
    this.poolSize = poolSize;
    this.poolName = poolName;
  }

  @Override
  public Future<?> start() {
    pool = Database.pool(vertx, config, poolSize, poolName);
    HeaderDeadline headers = new HeaderDeadline(vertx, config.limits().requestTimeout());
    // no h2c: with it, Vert.x sets a connection up only once its first request's headers are in, so a
    // client dribbling those headers would never meet the HeaderDeadline
    return vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true).setHttp2ClearTextEnabled(false))
        .connectionHandler(headers::watch)
        .requestHandler(headers.then(new PathGuard(new ApiRouter(vertx, pool, config, rateLimits, events).build())))
        .listen(config.httpPort())
        .onSuccess(listening -> server = listening);
  }

  @Override
  public Future<?> stop() {
    // open event streams never finish by themselves: end them first, or the drain would wait out its timeout
    Future<Void> drained = server == null ? Future.succeededFuture()
        : events.endStreams().compose(ended -> server.shutdown(DRAIN_SECONDS, TimeUnit.SECONDS));
    return drained.eventually(() -> pool.close());
  }

  int actualPort() {
    return server.actualPort();
  }
}
