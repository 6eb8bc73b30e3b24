package io.drippulse.crm.api.http;

import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/** Query parameters: undecodable percent-encoding and NUL characters are a 400, never a 500. */
public final class QueryParams {

  private QueryParams() {
  }

  public static Optional<String> get(RoutingContext ctx, String name) {
    String value;
    try {
      value = ctx.request().getParam(name);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("invalid_query", "The query string is not valid percent-encoding.");
    }
    if (value != null && value.indexOf('\u0000') >= 0) {
      throw ApiError.badRequest("invalid_query", "Query parameter '" + name + "' contains a NUL character.");
    }
    return Optional.ofNullable(value).filter(v -> !v.isEmpty());
  }

  /** The search text {@code q}: a literal substring; an empty q means no filter. */
  public static Optional<String> q(RoutingContext ctx) {
    return get(ctx, "q");
  }
}
