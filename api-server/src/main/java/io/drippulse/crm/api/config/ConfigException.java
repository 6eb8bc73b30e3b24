package io.drippulse.crm.api.config;

import io.drippulse.crm.db.settings.SettingException;

/** A setting that stops start-up; the message names the variable to fix. */
public final class ConfigException extends SettingException {
  public ConfigException(String message) {
    super(message);
  }
}
