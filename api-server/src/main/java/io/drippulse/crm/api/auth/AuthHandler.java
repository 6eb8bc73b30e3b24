package io.drippulse.crm.api.auth;

import io.drippulse.crm.api.apikeys.ApiKeyRepository;
import io.drippulse.crm.api.apikeys.ApiKeys;
import io.drippulse.crm.api.http.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
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
    authenticate(ctx.request().headers().getAll("Authorization"))
        .compose(principal -> tenants.ensure(principal).map(principal))
        .onSuccess(principal -> {
          principal.attach(ctx);
          ctx.next();
        })
        .onFailure(ctx::fail);
  }

  private Future<Principal> authenticate(List<String> headers) {
    Credential credential;
    try {
      credential = Credential.of(headers);
    } catch (ApiError e) {
      return Future.failedFuture(e);
    }
    return credential.apiKey() ? apiKey(credential.value()) : jwt.verify(credential.value());
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
