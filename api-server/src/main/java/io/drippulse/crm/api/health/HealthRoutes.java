package io.drippulse.crm.api.health;

import io.drippulse.crm.api.http.Responses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;

/** Liveness says the process answers; readiness says it can reach the database (503 while it cannot). */
public final class HealthRoutes {

  private final Pool pool;

  public HealthRoutes(Pool pool) {
    this.pool = pool;
  }

  public void mount(Router root) {
    root.get("/health/live").handler(ctx -> Responses.json(ctx, 200, new JsonObject().put("status", "up")));
    root.get("/health/ready").handler(this::ready);
  }

  private void ready(RoutingContext ctx) {
    pool.query("SELECT 1").execute()
        .timeout(2, TimeUnit.SECONDS)
        .onSuccess(ignored -> Responses.json(ctx, 200, new JsonObject().put("status", "ready")))
        .onFailure(e -> Responses.json(ctx, 503, new JsonObject().put("error", new JsonObject()
            .put("code", "database_unavailable")
            .put("message", "The database is not reachable.")
            .put("details", new JsonArray()))));
  }
}
