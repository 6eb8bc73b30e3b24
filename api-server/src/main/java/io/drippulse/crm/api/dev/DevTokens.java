package io.drippulse.crm.api.dev;

import io.drippulse.crm.api.config.AppConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.util.List;
import java.util.UUID;

/** Mints HS256 tokens for the demo organization. Only ever constructed when DEV_MODE is on. */
public final class DevTokens {

  public static final UUID DEMO_ORG = UUID.fromString("0d3e0000-0000-4000-8000-000000000001");
  public static final String DEMO_USER = "demo-user";
  private static final int VALID_MINUTES = 12 * 60;

  private final JWTAuth signer;
  private final AppConfig config;

  public DevTokens(Vertx vertx, AppConfig config) {
    this.config = config;
    this.signer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
        .setAlgorithm("HS256")
        .setBuffer(config.jwtHs256Secret().orElseThrow(() -> new IllegalStateException("DEV_MODE needs JWT_HS256_SECRET")))));
  }

  public String demoToken() {
    JWTOptions options = new JWTOptions().setAlgorithm("HS256").setExpiresInMinutes(VALID_MINUTES).setSubject(DEMO_USER);
    config.jwtIssuer().ifPresent(options::setIssuer);
    config.jwtAudience().ifPresent(aud -> options.setAudience(List.of(aud)));
    return signer.generateToken(new JsonObject().put("org_id", DEMO_ORG.toString()), options);
  }
}
