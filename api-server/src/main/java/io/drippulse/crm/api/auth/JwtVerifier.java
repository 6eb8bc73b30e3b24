package io.drippulse.crm.api.auth;

import io.drippulse.crm.api.config.AppConfig;
import io.drippulse.crm.api.config.PublicKeyPem;
import io.drippulse.crm.api.http.ApiError;
import io.drippulse.crm.model.Ids;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.util.List;
import java.util.UUID;

/**
 * Verifies bearer JWTs with vertx-auth-jwt: signature (HS256 secret, RS256/ES256 public keys; a token's
 * algorithm must match a configured key, so "none" and HS/RS confusion fail), exp/nbf, and iss/aud when
 * configured. Then insists on the claims this product needs: sub, org_id (a UUID) and exp.
 */
public final class JwtVerifier {

  private final JWTAuth jwt;

  public JwtVerifier(Vertx vertx, AppConfig config) {
    JWTOptions jwtOptions = new JWTOptions();
    config.jwtIssuer().ifPresent(jwtOptions::setIssuer);
    config.jwtAudience().ifPresent(aud -> jwtOptions.setAudience(List.of(aud)));
    JWTAuthOptions options = new JWTAuthOptions().setJWTOptions(jwtOptions);
    config.jwtHs256Secret().ifPresent(secret ->
        options.addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    for (PublicKeyPem key : config.jwtPublicKeys()) {
      options.addPubSecKey(new PubSecKeyOptions().setAlgorithm(key.algorithm()).setBuffer(key.pem()));
    }
    this.jwt = JWTAuth.create(vertx, options);
  }

  /** Claims are type-checked first, and anything vertx-auth-jwt throws outside its Future is a 401 too. */
  public Future<Principal> verify(String token) {
    Future<User> authenticated;
    try {
      ClaimTypes.check(token);
      authenticated = jwt.authenticate(new TokenCredentials(token));
    } catch (ApiError e) {
      return Future.failedFuture(e);
    } catch (RuntimeException e) {
      authenticated = Future.failedFuture(e);
    }
    return authenticated
        .recover(e -> Future.failedFuture(ApiError.unauthorized("invalid_token", "The token is invalid or expired.")))
        .map(user -> toPrincipal(claimsOf(user)));
  }

  /** vertx-auth-jwt keeps the decoded payload in the user's attributes, not its principal. */
  private static JsonObject claimsOf(User user) {
    JsonObject decoded = user.attributes().getJsonObject("accessToken");
    return decoded == null ? new JsonObject() : decoded;
  }

  private static Principal toPrincipal(JsonObject claims) {
    Object sub = claims.getValue("sub");
    Object org = claims.getValue("org_id");
    if (!(claims.getValue("exp") instanceof Number)) {
      throw ApiError.unauthorized("invalid_token", "The token has no expiry (exp).");
    }
    if (!(sub instanceof String subject) || subject.isBlank() || subject.length() > 255
        || subject.chars().anyMatch(Character::isISOControl)) {
      throw ApiError.unauthorized("invalid_token", "The token names no user (sub).");
    }
    UUID orgId = org instanceof String s ? Ids.parseUuid(s).orElse(null) : null;
    if (orgId == null) {
      throw ApiError.unauthorized("invalid_token", "The token names no organization (org_id must be a UUID).");
    }
    return Principal.user(orgId, subject, Roles.isAdmin(claims.getValue("roles")));
  }
}
