package io.drippulse.crm.api.openapi;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/openapi.json}: the OpenAPI 3.1 description of every /api/v1 route, without
 * authentication. The file on the classpath is the one source; the route-coverage test holds the router
 * to it, and the API tests validate every response they receive against it.
 */
public final class OpenApiRoutes {

  public static final String PATH = "/api/v1/openapi.json";
  public static final String RESOURCE = "openapi/openapi.json";

  private final Future<Buffer> document;

  public OpenApiRoutes(Vertx vertx) {
    // read once, asynchronously (Vert.x resolves classpath resources through its file system)
    this.document = vertx.fileSystem().readFile(RESOURCE);
  }

  /** On the root router, ahead of the authenticated /api/v1 sub-router. */
  public void mount(Router root) {
    root.get(PATH).handler(this::serve);
  }

  private void serve(RoutingContext ctx) {
    document.onSuccess(body -> ctx.response()
            .putHeader("Content-Type", "application/json; charset=utf-8")
            .putHeader("Cache-Control", "public, max-age=300")
            .end(body))
        .onFailure(ctx::fail);
  }
}
