package io.drippulse.crm.api.metrics;

import io.drippulse.crm.api.http.ApiError;
import io.drippulse.crm.api.http.Responses;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Prometheus metrics of the server (vertx-micrometer-metrics): HTTP requests by route template, method and
 * status (never the raw path, whose ids would make a series per record), the SQL pool, and the JVM. Each
 * Vert.x instance gets a registry of its own, so servers sharing a test JVM do not mix their counts.
 */
public final class ServerMetrics {

  private static final Map<Vertx, PrometheusMeterRegistry> REGISTRIES = Collections.synchronizedMap(new WeakHashMap<>());

  private ServerMetrics() {
  }

  public static Vertx newVertx() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(MeterFilter.replaceTagValues("route", RouteTemplate::clean));
    MicrometerMetricsOptions options = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setRegistryName("crm-" + System.identityHashCode(registry))
        .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME,
            Label.NAMESPACE))
        // every database pool (one per event loop) has a net client, and their vertx_net_client_* meters carry no
        // label that tells them apart: Micrometer kept the first client's and warned at start-up. The pools'
        // own vertx_pool_* meters, labelled by pool name, say what those did.
        .addDisabledMetricsCategory(MetricsDomain.NET_CLIENT);
    Vertx vertx = Vertx.builder().with(new VertxOptions().setMetricsOptions(options))
        .withMetrics(new MicrometerMetricsFactory(registry)).build();
    REGISTRIES.put(vertx, registry);
    return vertx;
  }

  /** {@code GET /metrics}, without authentication like the health checks. */
  public static void mount(Router root, Vertx vertx) {
    PrometheusMeterRegistry registry = REGISTRIES.get(vertx);
    Handler<RoutingContext> scrape = registry != null ? PrometheusScrapingHandler.create(registry)
        : ctx -> Responses.error(ctx.response(), new ApiError(404, "not_found", "Metrics are not enabled here.", null));
    root.get("/metrics").handler(scrape);
  }
}
