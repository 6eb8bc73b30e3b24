package io.drippulse.crm.api.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

public final class Responses {

  private Responses() {
  }

  public static Future<Void> json(RoutingContext ctx, int status, JsonObject body) {
    return ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(body.toBuffer());
  }

  public static Future<Void> json(RoutingContext ctx, int status, io.vertx.core.json.JsonArray body) {
    return ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(body.toBuffer());
  }

  public static Future<Void> noContent(RoutingContext ctx) {
    return ctx.response().setStatusCode(204).end();
  }
}
