package io.drippulse.crm.model;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Id formats: internal UUIDs, opportunity public ids ({@code opp_} + 12 base62), and ids derived for imports. */
public final class Ids {

  public static final String PUBLIC_ID_PREFIX = "opp_";
  private static final Pattern PUBLIC_ID = Pattern.compile("^opp_[0-9A-Za-z]{12}$");
  private static final Pattern UUID_FORM = Pattern.compile(
      "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
  private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {
  }

  public static UUID newId() {
    return UUID.randomUUID();
  }

  public static String newPublicId() {
    return PUBLIC_ID_PREFIX + base62(12);
  }

  public static String base62(int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = BASE62[RANDOM.nextInt(BASE62.length)];
    }
    return new String(out);
  }

  public static boolean isPublicId(String value) {
    return value != null && PUBLIC_ID.matcher(value).matches();
  }

  /** A strictly formatted UUID; {@link UUID#fromString} alone accepts odd forms like "1-1-1-1-1". */
  public static Optional<UUID> parseUuid(String value) {
    if (value == null || !UUID_FORM.matcher(value).matches()) {
      return Optional.empty();
    }
    return Optional.of(UUID.fromString(value));
  }

  /**
   * The id a record from another organization gets when imported into {@code targetOrg}: a name-based
   * (version 5, SHA-1) UUID of the pair, so importing the same bundle again lands on the same rows.
   */
  public static UUID derived(UUID targetOrg, UUID sourceId) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(toBytes(targetOrg));
      sha1.update(toBytes(sourceId));
      sha1.update("drippulse.crm.import".getBytes(StandardCharsets.UTF_8));
      byte[] hash = sha1.digest();
      hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
      hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
      ByteBuffer buffer = ByteBuffer.wrap(hash, 0, 16);
      return new UUID(buffer.getLong(), buffer.getLong());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
    }
  }

  private static byte[] toBytes(UUID id) {
    return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
  }
}
