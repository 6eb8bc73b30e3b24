package io.drippulse.crm.api.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** vertx-config: classpath defaults, then environment variables, then explicit overrides (tests). */
public final class ConfigLoader {

  private ConfigLoader() {
  }

  public static Future<AppConfig> load(Vertx vertx, JsonObject overrides) {
    return raw(vertx, overrides).map(AppConfig::from);
  }

  /** The merged settings before parsing, for commands that need only some of them (the admin CLI). */
  public static Future<JsonObject> raw(Vertx vertx, JsonObject overrides) {
    ConfigRetrieverOptions options = new ConfigRetrieverOptions()
        .setScanPeriod(0)
        .setIncludeDefaultStores(false)
        .addStore(new ConfigStoreOptions().setType("file").setFormat("json")
            .setConfig(new JsonObject().put("path", "conf/defaults.json")))
        .addStore(new ConfigStoreOptions().setType("env").setConfig(new JsonObject().put("raw-data", true)))
        .addStore(new ConfigStoreOptions().setType("json").setConfig(overrides));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig().andThen(ignored -> retriever.close());
  }
}
