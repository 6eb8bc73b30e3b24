package io.drippulse.crm.api.health;

import io.drippulse.crm.api.http.ApiError;
import io.drippulse.crm.api.http.FailureHandler;
import io.drippulse.crm.api.http.Responses;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Liveness says the process answers; readiness says it can reach the database (503 while it cannot). */
public final class HealthRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(HealthRoutes.class);
  private static final long READY_TIMEOUT_SECONDS = 2;

  private final HealthRepository database;

  public HealthRoutes(Pool pool) {
    this.database = new HealthRepository(pool);
  }

  public void mount(Router root) {
    root.get("/health/live").handler(ctx -> Responses.json(ctx, 200, new JsonObject().put("status", "up")));
    root.get("/health/ready").handler(this::ready);
    root.route("/health/*").failureHandler(new FailureHandler());
  }

  private void ready(RoutingContext ctx) {
    database.ping()
        .timeout(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .onSuccess(ignored -> Responses.json(ctx, 200, new JsonObject().put("status", "ready")))
        .onFailure(e -> {
          // the cause stays in the log; the body says only what a load balancer needs to know
          LOG.warn("not ready: {}", e.toString());
          ctx.fail(new ApiError(503, "database_unavailable", "The database is not reachable.", null));
        });
  }
}
