package io.drippulse.crm.api;

import io.drippulse.crm.api.config.AppConfig;
import io.drippulse.crm.api.config.ConfigException;
import io.drippulse.crm.db.Unreachable;
import java.net.BindException;

/**
 * The start-up failures an operator causes (a database that cannot be reached, a port already taken),
 * turned into the one sentence naming the variable to fix; anything else stays as it was, with its trace.
 */
final class StartupFailure {

  private StartupFailure() {
  }

  static Throwable database(AppConfig config, Throwable failure) {
    return Unreachable.sentence(config.database(), failure).<Throwable>map(ConfigException::new).orElse(failure);
  }

  static Throwable listen(AppConfig config, Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = String.valueOf(root.getMessage());
    if (root instanceof BindException || message.contains("Address already in use")) {
      return new ConfigException("port " + config.httpPort() + " (HTTP_PORT) is already in use: stop what listens there"
          + " or set HTTP_PORT to a free port.");
    }
    if (message.contains("Permission denied")) {
      return new ConfigException("port " + config.httpPort() + " (HTTP_PORT) may not be opened by this user: choose"
          + " a port above 1023.");
    }
    return failure;
  }
}
