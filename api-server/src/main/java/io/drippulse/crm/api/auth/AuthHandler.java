package io.drippulse.crm.api.auth;

import io.drippulse.crm.api.apikeys.ApiKeyRepository;
import io.drippulse.crm.api.apikeys.ApiKeys;
import io.drippulse.crm.api.http.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** {@code Authorization: Bearer <JWT or API key>} on every /api/v1 route; nothing else authenticates. */
public final class AuthHandler implements Handler<RoutingContext> {

  private final JwtVerifier jwt;
  private final ApiKeyRepository apiKeys;
  private final TenantRepository tenants;

  public AuthHandler(JwtVerifier jwt, ApiKeyRepository apiKeys, TenantRepository tenants) {
    this.jwt = jwt;
    this.apiKeys = apiKeys;
    this.tenants = tenants;
  }

  @Override
  public void handle(RoutingContext ctx) {
    authenticate(ctx.request().getHeader("Authorization"))
        .compose(principal -> tenants.ensure(principal).map(principal))
        .onSuccess(principal -> {
          principal.attach(ctx);
          ctx.next();
        })
        .onFailure(ctx::fail);
  }

  private Future<Principal> authenticate(String header) {
    if (header == null || header.isBlank()) {
      return Future.failedFuture(ApiError.unauthorized("missing_credentials",
          "Send 'Authorization: Bearer <token or API key>'."));
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
      return Future.failedFuture(ApiError.unauthorized("invalid_credentials",
          "The Authorization header must be 'Bearer <token or API key>'."));
    }
    String credential = header.substring(7).trim();
    return ApiKeys.looksLikeApiKey(credential) ? apiKey(credential) : jwt.verify(credential);
  }

  private Future<Principal> apiKey(String key) {
    UUID orgId = ApiKeys.orgOf(key).orElse(null);
    if (orgId == null) {
      return Future.failedFuture(invalidKey());
    }
    return apiKeys.findActive(orgId, ApiKeys.hash(key))
        .map(id -> Principal.apiKey(orgId, id.orElseThrow(AuthHandler::invalidKey)));
  }

  private static ApiError invalidKey() {
    return ApiError.unauthorized("invalid_api_key", "The API key is unknown or revoked.");
  }
}
