package io.drippulse.crm.api;

import io.drippulse.crm.api.config.AppConfig;
import io.drippulse.crm.api.config.ConfigLoader;
import io.drippulse.crm.api.dev.DevTokens;
import io.drippulse.crm.api.dev.DemoBoard;
import io.drippulse.crm.api.events.EventHub;
import io.drippulse.crm.api.ratelimit.RateLimits;
import io.drippulse.crm.db.Migrations;
import io.vertx.sqlclient.Pool;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up as one Future chain: config, migrations (on a worker thread: Flyway is blocking JDBC), then one
 * verticle per event loop sharing one pool. Used by {@link Main} and by tests alike.
 */
public final class ApiApplication {

  private static final Logger LOG = LoggerFactory.getLogger(ApiApplication.class);

  private final Vertx vertx;
  private final AppConfig config;
  private final List<ApiVerticle> verticles;
  private final String deploymentId;
  private final EventHub events;

  private ApiApplication(Vertx vertx, AppConfig config, List<ApiVerticle> verticles, String deploymentId, EventHub events) {
    this.vertx = vertx;
    this.config = config;
    this.verticles = verticles;
    this.deploymentId = deploymentId;
    this.events = events;
  }

  public static Future<ApiApplication> start(Vertx vertx, JsonObject overrides, int instances) {
    return ConfigLoader.load(vertx, overrides)
        .compose(config -> migrate(vertx, config).map(config))
        .compose(config -> deploy(vertx, config, instances))
        .compose(app -> app.config.devMode() ? app.seedDemo().map(app) : Future.succeededFuture(app));
  }

  /** Migrates, or without migrations asks once, so an unreachable database stops start-up with one sentence. */
  private static Future<Void> migrate(Vertx vertx, AppConfig config) {
    Future<Void> reached = !config.dbMigrate() ? Database.probe(vertx, config) : vertx.executeBlocking(() -> {
      var result = Migrations.migrate(config.database());
      LOG.info("database {} at schema version {} ({} migrations applied)", config.database(),
          Migrations.versionAfter(result), result.migrationsExecuted);
      return null;
    });
    return reached.recover(e -> Future.failedFuture(StartupFailure.database(config, e)));
  }

  /** The replica's one event listener first, so no verticle serves a stream before it listens. */
  private static Future<ApiApplication> deploy(Vertx vertx, AppConfig config, int instances) {
    EventHub events = Database.eventHub(vertx, config);
    List<ApiVerticle> created = Collections.synchronizedList(new ArrayList<>());
    RateLimits rateLimits = new RateLimits(config.rateLimitPerMinute());
    return events.start()
        .compose(listening -> vertx.deployVerticle(() -> {
          int loop = created.size();
          ApiVerticle verticle = new ApiVerticle(config, rateLimits, events,
              Database.share(config.dbPoolSize(), instances, loop), "crm-api-" + loop);
          created.add(verticle);
          return verticle;
        }, new DeploymentOptions().setInstances(instances))
            .recover(e -> Future.failedFuture(StartupFailure.listen(config, e))))
        .map(id -> new ApiApplication(vertx, config, List.copyOf(created), id, events));
  }

  /** DEV_MODE: the demo organization gets a sample board on first start. */
  private Future<Void> seedDemo() {
    Pool pool = Database.pool(vertx, config, 1, "crm-demo-seed"); // once, at start: a connection of its own
    return DemoBoard.seed(pool, DevTokens.DEMO_ORG, DevTokens.DEMO_USER).eventually(pool::close);
  }

  public AppConfig config() {
    return config;
  }

  public int port() {
    return verticles.get(0).actualPort();
  }

  public Future<Void> stop() {
    return vertx.undeploy(deploymentId).eventually(events::close);
  }
}
