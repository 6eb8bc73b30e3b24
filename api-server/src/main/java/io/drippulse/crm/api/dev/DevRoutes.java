package io.drippulse.crm.api.dev;

import io.drippulse.crm.api.http.ApiError;
import io.drippulse.crm.api.http.FailureHandler;
import io.drippulse.crm.api.http.Responses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The demo sign-in for the UI. {@code GET /dev/info} always answers (so the sign-in page can ask
 * without a failed request); {@code POST /dev/login} exists only when DEV_MODE is on: the demo admin,
 * or with {@code ?as=member} a demo member who is not an org admin.
 */
public final class DevRoutes {

  private final DevTokens tokens;

  public DevRoutes(DevTokens tokens) {
    this.tokens = tokens;
  }

  /** Outside DEV_MODE: only the answer that there is no dev mode. */
  public static void mountInfoOnly(Router root) {
    root.get("/dev/info").handler(ctx -> Responses.json(ctx, 200, new JsonObject().put("dev_mode", false)));
  }

  public void mount(Router root) {
    root.get("/dev/info").handler(ctx -> Responses.json(ctx, 200, new JsonObject()
        .put("dev_mode", true)
        .put("demo_org_id", DevTokens.DEMO_ORG.toString())
        .put("demo_user_id", DevTokens.DEMO_USER)));
    root.post("/dev/login").handler(this::login).failureHandler(new FailureHandler());
  }

  private void login(RoutingContext ctx) {
    String as = ctx.queryParams().get("as");
    boolean member = "member".equals(as);
    if (as != null && !member && !"admin".equals(as)) {
      ctx.fail(ApiError.badRequest("invalid_query", "as must be admin or member."));
      return;
    }
    Responses.json(ctx, 200, new JsonObject()
        .put("token", member ? tokens.memberToken() : tokens.demoToken())
        .put("org_id", DevTokens.DEMO_ORG.toString())
        .put("user_id", member ? DevTokens.DEMO_MEMBER : DevTokens.DEMO_USER)
        .put("roles", member ? new JsonArray() : new JsonArray().add("admin")));
  }
}
