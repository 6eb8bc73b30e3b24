package io.drippulse.crm.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.config.AppConfig;
import io.drippulse.crm.api.config.ConfigLoader;
import io.drippulse.crm.api.ratelimit.RateLimits;
import io.drippulse.crm.api.support.Contract;
import io.drippulse.crm.api.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The router and openapi.json name the same /api/v1 operations. A route added without its description, or a
 * description left behind by a removed route, fails here. Both sides are read from the code and the file:
 * the only list to keep is {@link #DESCRIBED_AHEAD}.
 */
class OpenApiCoverageTest {

  /**
   * Operations described before their route lands (work in flight). Empty now: every described operation is
   * mounted; add an entry only while a route is being built, and drop it once the route is mounted.
   */
  private static final Set<String> DESCRIBED_AHEAD = Set.of();

  private static Vertx vertx;
  private static Router router;

  @BeforeAll
  static void build() {
    vertx = Vertx.vertx();
    AppConfig config = ConfigLoader.load(vertx, TestServer.config(TestServer.get().database)).await();
    Pool pool = Database.pool(vertx, config, 1, "crm-api-0"); // lazy: no connection is made to build the routes
    router = new ApiRouter(vertx, pool, config, new RateLimits(config.rateLimitPerMinute()),
        Database.eventHub(vertx, config)).build(); // the hub is not started: no LISTEN connection either
  }

  @AfterAll
  static void close() {
    vertx.close().await();
  }

  @Test
  void everyMountedRouteIsDescribed() {
    Set<String> undescribed = new TreeSet<>(mounted());
    undescribed.removeAll(described());
    assertThat(undescribed).as("routes the router mounts that openapi.json lacks").isEmpty();
  }

  @Test
  void everyDescribedOperationIsMounted() {
    Set<String> unmounted = new TreeSet<>(described());
    unmounted.removeAll(mounted());
    unmounted.removeAll(DESCRIBED_AHEAD);
    assertThat(unmounted).as("operations openapi.json describes that the router does not mount").isEmpty();
  }

  @Test
  void theCoverageCheckSeesTheRoutes() {
    assertThat(mounted()).contains("GET /api/v1/crm/opportunities/{id}", "POST /api/v1/crm/portability/imports",
        "GET /api/v1/openapi.json").hasSizeGreaterThan(20);
  }

  private static Set<String> mounted() {
    Set<String> operations = new TreeSet<>();
    collect(router, "", operations);
    return operations;
  }

  private static void collect(Router from, String prefix, Set<String> into) {
    for (Route route : from.getRoutes()) {
      // a route with :params keeps its template only as its name (its path is compiled to a pattern)
      String path = route.getPath() != null ? route.getPath() : route.getName();
      if (route.getSubRouter() != null) {
        collect(route.getSubRouter(), prefix + (path == null ? "" : path.replaceAll("/$", "")), into);
      } else if (path != null && path.startsWith("/") && !path.contains("(") && route.methods() != null) {
        String full = prefix + path;
        if (full.startsWith("/api/v1/")) {
          for (HttpMethod method : route.methods()) {
            into.add(method.name() + " " + full.replaceAll(":([A-Za-z_]+)", "{$1}"));
          }
        }
      }
    }
  }

  private static Set<String> described() {
    Set<String> operations = new TreeSet<>();
    JsonObject paths = Contract.document().getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        if (Set.of("get", "put", "post", "patch", "delete", "head", "options").contains(method)) {
          operations.add(method.toUpperCase() + " " + path);
        }
      }
    }
    return operations;
  }
}
