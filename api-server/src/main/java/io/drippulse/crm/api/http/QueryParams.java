package io.drippulse.crm.api.http;

import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.regex.Pattern;

/** Query parameters: undecodable percent-encoding and NUL characters are a 400, never a 500. */
public final class QueryParams {

  private static final Pattern ASCII_DIGITS = Pattern.compile("^[0-9]{1,9}$");

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

  /**
   * A whole number in ASCII digits only: Java's parseInt also reads fullwidth and other Unicode digits
   * ({@code ５}), which no client means as a number. Empty when absent; 400 {@code code} when malformed.
   */
  public static Optional<Integer> wholeNumber(RoutingContext ctx, String name, String code, String message) {
    Optional<String> raw = get(ctx, name);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    if (!ASCII_DIGITS.matcher(raw.get()).matches()) {
      throw ApiError.badRequest(code, message);
    }
    return Optional.of(Integer.parseInt(raw.get()));
  }

  /** The search text {@code q}: a literal substring; an empty q means no filter. */
  public static Optional<String> q(RoutingContext ctx) {
    return get(ctx, "q");
  }
}
