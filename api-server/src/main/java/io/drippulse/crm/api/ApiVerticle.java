package io.drippulse.crm.api;

import io.drippulse.crm.api.config.AppConfig;
import io.drippulse.crm.api.events.EventHub;
import io.drippulse.crm.api.http.PathGuard;
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
  private final EventHub events;
  private Pool pool;
  private HttpServer server;

  public ApiVerticle(AppConfig config, EventHub events) {
    this.config = config;
    this.events = events;
  }

  @Override
  public Future<?> start() {
    pool = Database.pool(vertx, config);
    return vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true))
        .requestHandler(new PathGuard(new ApiRouter(vertx, pool, config, events).build()))
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
