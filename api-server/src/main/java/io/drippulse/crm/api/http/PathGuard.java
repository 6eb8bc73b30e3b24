package io.drippulse.crm.api.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import java.util.regex.Pattern;

/**
 * Answers a path with broken percent-encoding ({@code /x/%ZZ}) in the JSON error shape. Vert.x refuses
 * such paths before any route runs, with an empty 400, so the check has to sit in front of the router.
 * Also refuses ambiguous framing: a Transfer-Encoding other than exactly {@code chunked} (obfuscated
 * spellings such as {@code chunked, identity} or {@code xchunked} are how requests get smuggled past a
 * proxy), or one sent together with Content-Length. Such a request is answered and its connection closed.
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
    String encoding = request.getHeader("Transfer-Encoding");
    if (encoding != null && (!encoding.trim().equalsIgnoreCase("chunked") || request.headers().getAll("Transfer-Encoding").size() > 1
        || request.getHeader("Content-Length") != null)) {
      request.response().putHeader("Connection", "close").endHandler(ignored -> request.connection().close());
      Responses.error(request.response(), ApiError.badRequest("invalid_transfer_encoding",
          "Transfer-Encoding must be exactly 'chunked', without Content-Length."));
      return;
    }
    next.handle(request);
  }
}
