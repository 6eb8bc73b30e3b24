package io.drippulse.crm.api.config;

import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** JWT_PUBLIC_KEYS may hold several PEM blocks (key rotation: old and new side by side). */
final class PemKeys {

  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+?)-----END PUBLIC KEY-----");

  private PemKeys() {
  }

  static List<PublicKeyPem> split(String value) {
    // env files often carry PEM with literal "\n" sequences instead of line breaks
    String normalized = value.replace("\\n", "\n");
    List<PublicKeyPem> keys = new ArrayList<>();
    Matcher m = BLOCK.matcher(normalized);
    while (m.find()) {
      keys.add(new PublicKeyPem(algorithmOf(m.group(1)), m.group()));
    }
    if (keys.isEmpty()) {
      throw new ConfigException("JWT_PUBLIC_KEYS holds no '-----BEGIN PUBLIC KEY-----' PEM block.");
    }
    return List.copyOf(keys);
  }

  /** The PEM does not name its signature scheme; the key type does: RSA keys verify RS256, EC keys ES256. */
  private static String algorithmOf(String base64) {
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("JWT_PUBLIC_KEYS holds a PEM block that is not base64.");
    }
    for (String[] candidate : new String[][] {{"RSA", "RS256"}, {"EC", "ES256"}}) {
      try {
        KeyFactory.getInstance(candidate[0]).generatePublic(new X509EncodedKeySpec(der));
        return candidate[1];
      } catch (Exception notThisType) {
        // try the next key type
      }
    }
    throw new ConfigException("JWT_PUBLIC_KEYS holds a key that is neither RSA nor EC.");
  }
}
