package io.drippulse.crm.api.support;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** Signs test tokens the way an identity provider would, plus the broken ones an attacker would send. */
public final class Tokens {

  private final JWTAuth hs256;
  private final JWTAuth rs256;
  private final JWTAuth es256;

  public Tokens(Vertx vertx) {
    hs256 = signer(vertx, "HS256", TestKeys.HS256_SECRET);
    rs256 = signer(vertx, "RS256", TestKeys.privatePem(TestKeys.RSA));
    es256 = signer(vertx, "ES256", TestKeys.privatePem(TestKeys.EC));
  }

  /** A valid HS256 session token for (org, user). */
  public String user(UUID orgId, String userId) {
    return sign("HS256", claims(orgId), options(userId));
  }

  public String sign(String algorithm, JsonObject claims, JWTOptions options) {
    options.setAlgorithm(algorithm);
    JWTAuth signer = switch (algorithm) {
      case "HS256" -> hs256;
      case "RS256" -> rs256;
      case "ES256" -> es256;
      default -> throw new IllegalArgumentException(algorithm);
    };
    return signer.generateToken(claims, options);
  }

  public static JsonObject claims(UUID orgId) {
    return new JsonObject().put("org_id", orgId.toString());
  }

  public static JWTOptions options(String userId) {
    return new JWTOptions().setSubject(userId).setExpiresInMinutes(10)
        .setIssuer(TestKeys.ISSUER).setAudience(List.of(TestKeys.AUDIENCE));
  }

  /** Hand-assembled token: header and payload as given, signature as given (for alg:none and forgeries). */
  public static String raw(JsonObject header, JsonObject payload, String signature) {
    return b64(header.encode()) + "." + b64(payload.encode()) + "." + signature;
  }

  public static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static JWTAuth signer(Vertx vertx, String algorithm, String key) {
    return JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(key)));
  }
}
