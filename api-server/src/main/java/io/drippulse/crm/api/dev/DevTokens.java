package io.drippulse.crm.api.dev;

import io.drippulse.crm.api.config.AppConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.util.List;
import java.util.UUID;

/**
 * Mints HS256 tokens for the demo organization. Only ever constructed when DEV_MODE is on. The demo user
 * is an org admin (it may edit the org default pipeline); the demo member is not, so both sides of that
 * rule can be tried.
 */
public final class DevTokens {

  public static final UUID DEMO_ORG = UUID.fromString("0d3e0000-0000-4000-8000-000000000001");
  public static final String DEMO_USER = "demo-user";
  public static final String DEMO_MEMBER = "demo-member";
  private static final int VALID_MINUTES = 12 * 60;

  private final JWTAuth signer;
  private final AppConfig config;

  public DevTokens(Vertx vertx, AppConfig config) {
    this.config = config;
    this.signer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
        .setAlgorithm("HS256")
        .setBuffer(config.jwtHs256Secret().orElseThrow(() -> new IllegalStateException("DEV_MODE needs JWT_HS256_SECRET")))));
  }

  /** The demo admin's token ({@code "roles": ["admin"]}). */
  public String demoToken() {
    return token(DEMO_USER, new JsonArray().add("admin"));
  }

  /** A demo member's token: same organization, no roles. */
  public String memberToken() {
    return token(DEMO_MEMBER, new JsonArray());
  }

  private String token(String userId, JsonArray roles) {
    JWTOptions options = new JWTOptions().setAlgorithm("HS256").setExpiresInMinutes(VALID_MINUTES).setSubject(userId);
    config.jwtIssuer().ifPresent(options::setIssuer);
    config.jwtAudience().ifPresent(aud -> options.setAudience(List.of(aud)));
    return signer.generateToken(new JsonObject().put("org_id", DEMO_ORG.toString()).put("roles", roles), options);
  }
}
