package io.drippulse.crm.api.auth;

import io.drippulse.crm.api.Remembered;
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
 *
 * <p>A token that verified is remembered, whole, until its exp: the same string can only verify the same
 * way again while the keys and the iss/aud settings (fixed for the process) stay, and a client sends the
 * same token with every request. Decoding and checking it each time was about a tenth of a list page's
 * CPU. Only exp still moves, so a remembered token is checked against the clock as vertx-auth-jwt does.
 */
public final class JwtVerifier {

  /** A verified token's principal, and its exp in epoch seconds. */
  private record Verified(Principal principal, long expiresAt) {
  }

  private final JWTAuth jwt;
  private final Remembered<String, Verified> verified = new Remembered<>();

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
    Verified known = verified.get(token).orElse(null);
    if (known != null && System.currentTimeMillis() / 1000 < known.expiresAt()) {
      return Future.succeededFuture(known.principal());
    }
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
        .map(user -> {
          JsonObject claims = claimsOf(user);
          Principal principal = toPrincipal(claims);
          verified.remember(token, new Verified(principal, ((Number) claims.getValue("exp")).longValue()));
          return principal;
        });
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
