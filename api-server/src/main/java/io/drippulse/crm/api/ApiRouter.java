package io.drippulse.crm.api;

import io.drippulse.crm.api.apikeys.ApiKeyRepository;
import io.drippulse.crm.api.apikeys.ApiKeyRoutes;
import io.drippulse.crm.api.auth.AuthHandler;
import io.drippulse.crm.api.auth.JwtVerifier;
import io.drippulse.crm.api.auth.TenantRepository;
import io.drippulse.crm.api.config.AppConfig;
import io.drippulse.crm.api.dev.DevRoutes;
import io.drippulse.crm.api.dev.DevTokens;
import io.drippulse.crm.api.events.EventHub;
import io.drippulse.crm.api.events.EventRoutes;
import io.drippulse.crm.api.health.HealthRoutes;
import io.drippulse.crm.api.http.FailureHandler;
import io.drippulse.crm.api.http.RequestLog;
import io.drippulse.crm.api.http.RequestTimeout;
import io.drippulse.crm.api.http.Responses;
import io.drippulse.crm.api.metrics.ServerMetrics;
import io.drippulse.crm.api.openapi.OpenApiRoutes;
import io.drippulse.crm.api.opportunities.OpportunityRoutes;
import io.drippulse.crm.api.pipelines.PipelineRepository;
import io.drippulse.crm.api.pipelines.PipelineRoutes;
import io.drippulse.crm.api.portability.PortabilityRepository;
import io.drippulse.crm.api.portability.PortabilityRoutes;
import io.drippulse.crm.api.ratelimit.RateLimits;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.sqlclient.Pool;

/** The route table: health, dev sign-in (DEV_MODE only), the authenticated /api/v1 routes, then the UI. */
final class ApiRouter {

  private final Vertx vertx;
  private final Pool pool;
  private final AppConfig config;
  private final RateLimits rateLimits;
  private final EventHub events;

  ApiRouter(Vertx vertx, Pool pool, AppConfig config, RateLimits rateLimits, EventHub events) {
    this.vertx = vertx;
    this.pool = pool;
    this.config = config;
    this.rateLimits = rateLimits;
    this.events = events;
  }

  Router build() {
    Router root = Router.router(vertx);
    root.route().handler(new RequestLog());
    root.route().handler(new RequestTimeout(config.limits().requestTimeout()));
    new HealthRoutes(pool).mount(root);
    ServerMetrics.mount(root, vertx);
    if (config.devMode()) {
      new DevRoutes(new DevTokens(vertx, config)).mount(root);
    } else {
      DevRoutes.mountInfoOnly(root);
    }

    AuthHandler auth = new AuthHandler(new JwtVerifier(vertx, config), new ApiKeyRepository(pool), new TenantRepository(pool));
    PortabilityRoutes portability = new PortabilityRoutes(new PortabilityRepository(pool), config.limits());
    // bundle uploads stream into the database, so their route comes before the body handler buffers anything
    portability.mountUpload(root, auth, rateLimits);
    root.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(config.bodyLimitBytes()));
    new OpenApiRoutes(vertx).mount(root);
    root.route("/api/v1/*").subRouter(api(auth, portability));
    root.route("/api/*").failureHandler(new FailureHandler());

    StaticHandler ui = StaticHandler.create("webroot").setCachingEnabled(true).setMaxAgeSeconds(60);
    // the UI owns every other path, for GET and HEAD only, so /api and /dev keep honest 404s and 405s
    root.routeWithRegex("^/(?!api/|dev/|health/|metrics$).*").method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(ApiRouter::securityHeaders).handler(ui);
    root.errorHandler(400, ApiRouter::jsonOrPlain);
    root.errorHandler(404, ApiRouter::jsonOrPlain);
    root.errorHandler(405, ApiRouter::jsonOrPlain);
    return root;
  }

  private Router api(AuthHandler auth, PortabilityRoutes portability) {
    Router api = Router.router(vertx);
    api.route().handler(auth);
    api.route().handler(rateLimits);
    new ApiKeyRoutes(new ApiKeyRepository(pool)).mount(api);
    PipelineRepository pipelines = new PipelineRepository(pool);
    new PipelineRoutes(pipelines).mount(api);
    new OpportunityRoutes(pool, pipelines).mount(api);
    portability.mount(api);
    new EventRoutes(events, pool, config.eventsHeartbeatSeconds(), config.eventsWriteQueueBytes()).mount(api);
    api.route().failureHandler(new FailureHandler());
    return api;
  }

  /** The UI loads nothing from elsewhere and has no inline code, so the policy can be strict. */
  private static void securityHeaders(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; script-src 'self'; "
            + "style-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer");
    ctx.next();
  }

  /** Unknown routes and methods under /api answer in the JSON error shape too. */
  private static void jsonOrPlain(RoutingContext ctx) {
    if (ctx.request().path().startsWith("/api/")) {
      Responses.json(ctx, ctx.statusCode(), FailureHandler.fromStatus(ctx.statusCode()).toJson());
    } else {
      ctx.response().setStatusCode(ctx.statusCode()).end();
    }
  }
}
