package io.drippulse.crm.api.apikeys;

import io.drippulse.crm.model.Ids;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API key format: {@code dpk_<org id, 32 hex>_<40 base62 secret>}. The org id inside lets the server
 * look the key up within one tenant; only SHA-256 of the whole key is stored. A fast hash is right
 * here: the secret has ~238 bits of entropy, so there is nothing to brute-force.
 */
public final class ApiKeys {

  public static final String PREFIX = "dpk_";
  private static final Pattern FORMAT = Pattern.compile("^dpk_([0-9a-f]{32})_([0-9A-Za-z]{40})$");

  private ApiKeys() {
  }

  /** Exactly the format {@link #generate} produces; nothing else is looked up. */
  public static boolean isWellFormed(String credential) {
    return FORMAT.matcher(credential).matches();
  }

  public static String generate(UUID orgId) {
    return PREFIX + orgId.toString().replace("-", "") + "_" + Ids.base62(40);
  }

  public static Optional<UUID> orgOf(String key) {
    Matcher m = FORMAT.matcher(key);
    if (!m.matches()) {
      return Optional.empty();
    }
    String hex = m.group(1);
    return Ids.parseUuid(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
        + hex.substring(16, 20) + "-" + hex.substring(20));
  }

  public static byte[] hash(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
