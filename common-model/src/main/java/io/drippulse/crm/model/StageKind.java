package io.drippulse.crm.model;

import java.util.Locale;
import java.util.Optional;

/** What reaching a stage means for a deal: still open, won, or lost. An opportunity's status is its stage's kind. */
public enum StageKind {
  OPEN, WON, LOST;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<StageKind> fromWire(String value) {
    if (value == null) {
      return Optional.empty();
    }
    for (StageKind kind : values()) {
      if (kind.wire().equals(value)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
