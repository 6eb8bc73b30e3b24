package io.drippulse.crm.api.apikeys;

import io.drippulse.crm.api.auth.Principal;
import io.drippulse.crm.api.http.ApiError;
import io.drippulse.crm.api.http.Fields;
import io.drippulse.crm.api.http.JsonBody;
import io.drippulse.crm.api.http.KnownFields;
import io.drippulse.crm.api.http.PathIds;
import io.drippulse.crm.api.http.Responses;
import io.drippulse.crm.model.Names;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** {@code /api/v1/api_keys}: create (shown once), list (never the secret), revoke. */
public final class ApiKeyRoutes {

  private final ApiKeyRepository repository;

  public ApiKeyRoutes(ApiKeyRepository repository) {
    this.repository = repository;
  }

  public void mount(Router api) {
    api.post("/api_keys").handler(this::create);
    api.get("/api_keys").handler(this::list);
    api.delete("/api_keys/:id").handler(this::revoke);
  }

  private void create(RoutingContext ctx) {
    Principal principal = Principal.of(ctx);
    String userId = principal.requireUser();
    JsonObject body = KnownFields.of("name").check(JsonBody.object(ctx), "");
    String name = Names.clean(Fields.string(body, "name").orElse("API key"))
        .orElseThrow(() -> ApiError.invalidField("name", "Name must be 1 to 200 characters."));
    String key = ApiKeys.generate(principal.orgId());
    repository.create(principal.orgId(), name, ApiKeys.hash(key), userId)
        .compose(created -> Responses.json(ctx, 201, created.put("key", key)))
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    repository.list(Principal.of(ctx).orgId())
        .compose(keys -> Responses.json(ctx, 200, new JsonObject().put("api_keys", keys)))
        .onFailure(ctx::fail);
  }

  private void revoke(RoutingContext ctx) {
    UUID id = PathIds.uuid(ctx, "id", "API key");
    repository.revoke(Principal.of(ctx).orgId(), id)
        .compose(revoked -> revoked ? Responses.noContent(ctx) : Future.failedFuture(ApiError.notFound("API key")))
        .onFailure(ctx::fail);
  }
}
