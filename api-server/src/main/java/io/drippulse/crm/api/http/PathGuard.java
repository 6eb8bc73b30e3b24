package io.drippulse.crm.api.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import java.util.regex.Pattern;

/**
 * Answers a path with broken percent-encoding ({@code /x/%ZZ}) in the JSON error shape. Vert.x refuses
 * such paths before any route runs, with an empty 400, so the check has to sit in front of the router.
 */
public final class PathGuard implements Handler<HttpServerRequest> {

  private static final Pattern BROKEN_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

  private final Handler<HttpServerRequest> next;

  public PathGuard(Handler<HttpServerRequest> next) {
    this.next = next;
  }

  @Override
  public void handle(HttpServerRequest request) {
    String path = request.path();
    if (path != null && BROKEN_ESCAPE.matcher(path).find()) {
      Responses.error(request.response(), ApiError.badRequest("invalid_path", "The path is not valid percent-encoding."));
      return;
    }
    next.handle(request);
  }
}
