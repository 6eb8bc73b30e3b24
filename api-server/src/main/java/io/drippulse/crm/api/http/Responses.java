package io.drippulse.crm.api.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Every JSON answer, errors included, is written here: one content type, never cached. */
public final class Responses {

  private Responses() {
  }

  public static Future<Void> json(RoutingContext ctx, int status, JsonObject body) {
    return send(ctx.response(), status, body.toBuffer());
  }

  public static Future<Void> json(RoutingContext ctx, int status, JsonArray body) {
    return send(ctx.response(), status, body.toBuffer());
  }

  /** A body already written as JSON (list pages write theirs straight from the rows). */
  public static Future<Void> json(RoutingContext ctx, int status, Buffer body) {
    return send(ctx.response(), status, body);
  }

  /** The JSON error body {@code {"error": {"code", "message", "details"}}} with the error's status. */
  public static Future<Void> error(HttpServerResponse response, ApiError error) {
    return send(response, error.status(), error.toJson().toBuffer());
  }

  private static Future<Void> send(HttpServerResponse response, int status, Buffer body) {
    return response
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(body);
  }

  public static Future<Void> noContent(RoutingContext ctx) {
    return ctx.response().setStatusCode(204).end();
  }
}
