package io.drippulse.crm.api.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * The opaque {@code id:} of an event: its org-wide sequence number and a short tag binding it to the org, so a
 * cursor copied from another org (or made up) is unknown, and gets a reset, instead of resuming anywhere.
 */
final class EventCursor {

  private static final int TAG_HEX = 8;

  private EventCursor() {
  }

  static String of(UUID orgId, long seq) {
    return Long.toString(seq, 36) + "." + tag(orgId, seq);
  }

  /** The sequence number of a cursor of this org, or empty for anything else. */
  static Optional<Long> parse(UUID orgId, String cursor) {
    int dot = cursor.indexOf('.');
    if (dot < 1 || dot > 13 || cursor.length() != dot + 1 + TAG_HEX) {
      return Optional.empty();
    }
    try {
      long seq = Long.parseLong(cursor.substring(0, dot), 36);
      return seq >= 0 && tag(orgId, seq).equals(cursor.substring(dot + 1)) ? Optional.of(seq) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String tag(UUID orgId, long seq) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest((orgId + ":" + seq).getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(digest, 0, TAG_HEX / 2);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
