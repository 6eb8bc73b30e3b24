package io.drippulse.crm.api.dev;

import static io.drippulse.crm.api.support.Json.assertError;
import static io.drippulse.crm.api.support.Json.ok;
import static io.drippulse.crm.api.support.Json.wrap;
import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.Api;
import io.drippulse.crm.api.support.ScratchServer;
import io.drippulse.crm.api.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The DEV_MODE demo sign-in: the demo admin, or a demo member who is not an admin. */
class DevRoutesTest {

  private static ScratchServer dev;
  private static Api anonymous;

  @BeforeAll
  static void start() {
    dev = ScratchServer.start(TestServer.config(TestServer.get().database).put("DEV_MODE", true));
    anonymous = dev.withAuthorization(null);
  }

  @AfterAll
  static void stop() {
    dev.close();
  }

  @Test
  void theDemoUserIsAnAdminWhoMayRenameTheOrgDefault() {
    JsonObject login = ok(anonymous.post("/dev/login", null), 200);
    assertThat(login.getString("user_id")).isEqualTo(DevTokens.DEMO_USER);
    assertThat(login.getJsonArray("roles")).isEqualTo(new JsonArray().add("admin"));
    Api admin = dev.withAuthorization("Bearer " + login.getString("token"));
    String id = defaultId(admin);
    JsonObject renamed = ok(admin.patch("/api/v1/crm/opportunity_pipelines/" + id, wrap("pipeline", new JsonObject().put("name", "Default pipeline"))), 200);
    assertThat(renamed.getBoolean("is_org_default")).isTrue();
  }

  @Test
  void theDemoMemberIsNoAdmin() {
    JsonObject login = ok(anonymous.post("/dev/login?as=member", null), 200);
    assertThat(login.getString("user_id")).isEqualTo(DevTokens.DEMO_MEMBER);
    assertThat(login.getJsonArray("roles")).isEmpty();
    Api member = dev.withAuthorization("Bearer " + login.getString("token"));
    assertError(member.patch("/api/v1/crm/opportunity_pipelines/" + defaultId(member), wrap("pipeline", new JsonObject().put("name", "Mine"))),
        403, "org_default_read_only");
  }

  @Test
  void anUnknownRoleIs400() {
    assertError(anonymous.post("/dev/login?as=owner", null), 400, "invalid_query");
  }

  private static String defaultId(Api api) {
    return ok(api.get("/api/v1/crm/opportunity_pipelines"), 200).getJsonArray("pipelines").stream().map(JsonObject.class::cast)
        .filter(p -> p.getBoolean("is_org_default")).findFirst().orElseThrow().getString("id");
  }
}
