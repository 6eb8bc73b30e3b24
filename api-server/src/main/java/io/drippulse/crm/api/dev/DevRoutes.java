package io.drippulse.crm.api.dev;

import io.drippulse.crm.api.http.Responses;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * The demo sign-in for the UI. {@code GET /dev/info} always answers (so the sign-in page can ask
 * without a failed request); {@code POST /dev/login} exists only when DEV_MODE is on.
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
    root.post("/dev/login").handler(ctx -> Responses.json(ctx, 200, new JsonObject()
        .put("token", tokens.demoToken())
        .put("org_id", DevTokens.DEMO_ORG.toString())
        .put("user_id", DevTokens.DEMO_USER)));
  }
}
