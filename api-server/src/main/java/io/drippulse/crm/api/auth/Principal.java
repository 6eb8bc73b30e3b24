package io.drippulse.crm.api.auth;

import io.drippulse.crm.api.http.ApiError;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/**
 * Who is calling: always an organization (the tenant), and a user for token sessions. API keys carry
 * no user and are never org admins. Nothing from the request body or query ever changes {@link #orgId()}.
 */
public record Principal(UUID orgId, String userId, UUID apiKeyId, boolean orgAdmin) {

  private static final String KEY = "principal";

  public static Principal user(UUID orgId, String userId) {
    return new Principal(orgId, userId, null, false);
  }

  /** A token session; {@code orgAdmin} when its {@code roles} claim names "admin" ({@link Roles}). */
  public static Principal user(UUID orgId, String userId, boolean orgAdmin) {
    return new Principal(orgId, userId, null, orgAdmin);
  }

  public static Principal apiKey(UUID orgId, UUID apiKeyId) {
    return new Principal(orgId, null, apiKeyId, false);
  }

  public boolean hasUser() {
    return userId != null;
  }

  /** The user id, or 403 {@code user_session_required} for API-key callers. */
  public String requireUser() {
    if (userId == null) {
      throw ApiError.forbidden("user_session_required", "This action needs a user session (a token), not an API key.");
    }
    return userId;
  }

  void attach(RoutingContext ctx) {
    ctx.put(KEY, this);
  }

  public static Principal of(RoutingContext ctx) {
    Principal principal = ctx.get(KEY);
    if (principal == null) {
      throw new IllegalStateException("route " + ctx.request().path() + " is not behind the AuthHandler");
    }
    return principal;
  }
}
