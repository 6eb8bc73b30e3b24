package io.drippulse.crm.api.opportunities;

import static io.drippulse.crm.api.support.Json.errorCode;
import static io.drippulse.crm.api.support.Json.ok;
import static io.drippulse.crm.api.support.Json.strings;
import static io.drippulse.crm.api.support.Json.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.Api;
import io.drippulse.crm.api.support.Crm;
import io.drippulse.crm.api.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** GET /api/v1/crm/opportunities: filters, q, cursors, the caller's default pipeline, bad query values. One test per outcome. */
class ListOpportunitiesRouteTest {

  private static final String BASE = "/api/v1/crm/opportunities";
  private final TestServer server = TestServer.get();
  private final Api alice = server.newOrgUser();
  private final Crm crm = new Crm(alice);

  @Test
  void listFiltersByLiteralSubstringAndPagesWithACursor() {
    String stage = Crm.stageId(crm.orgDefault(), "Unassigned");
    for (String name : new String[] {"Alpha 100%", "Beta_x", "alphabet", "Gamma", "BetaX"}) {
      crm.createDeal(name, stage);
    }
    assertThat(names("q=ALPHA")).containsExactly("Alpha 100%", "alphabet");
    assertThat(names("q=" + encode("100%"))).containsExactly("Alpha 100%");
    assertThat(names("q=a_x")).containsExactly("Beta_x");
    JsonObject gamma = crm.list("q=Gamma").getJsonObject(0);
    assertThat(names("q=" + gamma.getString("public_id").substring(2))).containsExactly("Gamma");

    JsonObject page1 = ok(alice.get(BASE + "?limit=2"), 200);
    assertThat(strings(page1.getJsonArray("opportunities"), "name")).containsExactly("Alpha 100%", "Beta_x");
    // a card above the cursor disappears: the next page must neither skip nor repeat
    assertThat(alice.delete(BASE + "/" + page1.getJsonArray("opportunities").getJsonObject(0).getString("id")).statusCode()).isEqualTo(204);
    JsonObject page2 = ok(alice.get(BASE + "?limit=2&cursor=" + page1.getString("next_cursor")), 200);
    assertThat(strings(page2.getJsonArray("opportunities"), "name")).containsExactly("alphabet", "Gamma");
    JsonObject page3 = ok(alice.get(BASE + "?limit=2&cursor=" + page2.getString("next_cursor")), 200);
    assertThat(strings(page3.getJsonArray("opportunities"), "name")).containsExactly("BetaX");
    assertThat(page3.getValue("next_cursor")).isNull();
  }

  @Test
  void listRejectsBadQueryValues() {
    assertError(alice.get(BASE + "?limit=0"), 400, "invalid_limit");
    assertError(alice.get(BASE + "?limit=501"), 400, "invalid_limit");
    assertError(alice.get(BASE + "?limit=ten"), 400, "invalid_limit");
    assertError(alice.get(BASE + "?cursor=bogus"), 400, "invalid_cursor");
    assertError(alice.get(BASE + "?pipeline_id=" + UUID.randomUUID()), 404, "not_found");
  }

  @Test
  void listWithoutPipelineUsesTheCallersDefault() {
    JsonObject mine = crm.createPipeline("Mine");
    crm.createDeal("In default", null);
    crm.createDeal("In mine", Crm.stageId(mine, "Proposal"));
    assertThat(names("")).containsExactly("In default");
    ok(alice.post("/api/v1/crm/opportunity_pipelines/" + mine.getString("id") + "/set_default", new JsonObject()), 200);
    assertThat(names("")).containsExactly("In mine");
  }

  @Test
  void listWithAStageOfAnotherPipelineIs404() {
    JsonObject other = crm.createPipeline("Other");
    String pipeline = crm.orgDefault().getString("id");
    assertError(alice.get(BASE + "?pipeline_id=" + pipeline + "&pipeline_stage_id=" + Crm.stageId(other, "Won")), 404, "not_found");
  }

  private java.util.List<String> names(String query) {
    return strings(crm.list(query), "name");
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }
}
