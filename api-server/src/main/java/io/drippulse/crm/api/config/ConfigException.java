package io.drippulse.crm.api.config;

/** A setting that stops start-up; the message names the variable to fix. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
