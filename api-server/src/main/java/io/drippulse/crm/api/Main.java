package io.drippulse.crm.api;

import io.drippulse.crm.api.admin.CreateApiKeyCommand;
import io.drippulse.crm.db.settings.SettingException;
import io.drippulse.crm.api.dev.DevTokens;
import io.drippulse.crm.api.metrics.ServerMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.drippulse.crm.db.logging.LogSetup;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar api-server.jar}: the server, configured from the environment; SIGTERM drains requests,
 * then exits. {@code java -jar api-server.jar create-api-key --org <uuid> --name <name>}: the admin CLI.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    if (args.length > 0) {
      System.exit(admin(args));
    }
    serve();
  }

  private static int admin(String[] args) {
    if (!args[0].equals(CreateApiKeyCommand.NAME)) {
      System.err.println("api-server: unknown command '" + args[0] + "'");
      System.err.println("usage: java -jar api-server.jar              (serve)");
      System.err.println("       " + CreateApiKeyCommand.USAGE.substring("usage: ".length()));
      return 2;
    }
    return new CreateApiKeyCommand(System.out, System.err).run(Arrays.copyOfRange(args, 1, args.length));
  }

  private static void serve() {
    Vertx vertx = ServerMetrics.newVertx();
    int instances = Runtime.getRuntime().availableProcessors();
    ApiApplication.start(vertx, new JsonObject(), instances)
        .onSuccess(app -> {
          LOG.info("DripPulse CRM api-server listening on http://localhost:{}/", app.port());
          if (app.config().devMode()) {
            LOG.warn("DEV_MODE is on: the demo sign-in at POST /dev/login is open to anyone who can reach this port");
            devBanner(app.port(), new DevTokens(vertx, app.config()).demoToken());
          }
          Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(vertx), "shutdown"));
        })
        .onFailure(e -> {
          if (e instanceof SettingException) {
            LOG.error("cannot start: {}", e.getMessage());
          } else {
            LOG.error("cannot start", e);
          }
          vertx.close();
          System.exit(1);
        });
  }

  /** For a person at a terminal; in JSON log mode the same lines go through the log, one object each. */
  private static void devBanner(int port, String token) {
    List<String> lines = List.of(
        "  Open   http://localhost:" + port + "/  and press 'Demo sign-in'",
        "  Token  " + token,
        "  Try    curl -H \"Authorization: Bearer $TOKEN\" http://localhost:" + port + "/api/v1/crm/opportunity_pipelines");
    if (LogSetup.json()) {
      lines.forEach(line -> LOG.info(line.strip()));
    } else {
      System.out.println();
      lines.forEach(System.out::println);
      System.out.println();
    }
  }

  private static void shutdown(Vertx vertx) {
    LOG.info("stopping: finishing in-flight requests");
    try {
      vertx.close().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("shutdown did not finish cleanly: {}", e.toString());
    }
  }
}
