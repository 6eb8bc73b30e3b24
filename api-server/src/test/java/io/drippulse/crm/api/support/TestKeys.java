package io.drippulse.crm.api.support;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/** Key material generated once per test JVM: an HS256 secret, an RSA and an EC key pair as PEM. */
public final class TestKeys {

  public static final String HS256_SECRET = "test-secret-" + java.util.UUID.randomUUID();
  public static final KeyPair RSA = generate("RSA", null);
  public static final KeyPair EC = generate("EC", "secp256r1");
  public static final String ISSUER = "drippulse-test";
  public static final String AUDIENCE = "crm-api";

  private TestKeys() {
  }

  public static String publicPem(KeyPair pair) {
    return pem("PUBLIC KEY", pair.getPublic().getEncoded());
  }

  public static String privatePem(KeyPair pair) {
    return pem("PRIVATE KEY", pair.getPrivate().getEncoded());
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static KeyPair generate(String algorithm, String curve) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      if (curve != null) {
        generator.initialize(new ECGenParameterSpec(curve));
      } else {
        generator.initialize(2048);
      }
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
