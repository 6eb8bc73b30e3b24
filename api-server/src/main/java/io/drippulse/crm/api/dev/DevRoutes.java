package io.drippulse.crm.api.dev;

import io.drippulse.crm.api.http.Responses;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** The demo sign-in for the UI. Mounted only when DEV_MODE is on; otherwise these paths do not exist (404). */
public final class DevRoutes {

  private final DevTokens tokens;

  public DevRoutes(DevTokens tokens) {
    this.tokens = tokens;
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
