package io.drippulse.crm.model;

import java.util.Optional;

/** Names of pipelines, stages and opportunities: trimmed, 1 to 200 characters, no control characters. */
public final class Names {

  public static final int MAX_LENGTH = 200;

  private Names() {
  }

  public static Optional<String> clean(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String trimmed = raw.strip();
    if (trimmed.isEmpty() || trimmed.codePointCount(0, trimmed.length()) > MAX_LENGTH
        || trimmed.chars().anyMatch(Character::isISOControl)) {
      return Optional.empty();
    }
    return Optional.of(trimmed);
  }
}
