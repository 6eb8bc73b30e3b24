package io.drippulse.crm.api.support;

import io.drippulse.crm.api.ApiApplication;
import io.drippulse.crm.api.metrics.ServerMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * A second, short-lived api-server in this JVM, on its own Vert.x and a random port, for a test that needs
 * a configuration (or a database) of its own. Start from {@link TestServer#config} and change what matters.
 */
public final class ScratchServer implements AutoCloseable {

  private final Vertx vertx;
  private final ApiApplication app;
  private final WebClient client;

  private ScratchServer(Vertx vertx, ApiApplication app) {
    this.vertx = vertx;
    this.app = app;
    this.client = Contract.validating(WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost").setDefaultPort(app.port())));
  }

  public static ScratchServer start(JsonObject config) {
    Vertx vertx = ServerMetrics.newVertx();
    try {
      return new ScratchServer(vertx, ApiApplication.start(vertx, config, 1).await());
    } catch (RuntimeException e) {
      vertx.close().await();
      throw e;
    }
  }

  public int port() {
    return app.port();
  }

  /** A caller sending this Authorization header (none when null). */
  public Api withAuthorization(String header) {
    return new Api(client, header, null, null);
  }

  @Override
  public void close() {
    client.close();
    vertx.close().await();
  }
}
