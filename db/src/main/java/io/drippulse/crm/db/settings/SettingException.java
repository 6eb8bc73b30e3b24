package io.drippulse.crm.db.settings;

/** A setting that stops start-up; the message is one sentence naming the variable to fix. */
public class SettingException extends IllegalArgumentException {

  public SettingException(String message) {
    super(message);
  }
}
