package io.drippulse.crm.api.http;

import static io.drippulse.crm.api.support.Json.assertError;
import static io.drippulse.crm.api.support.Json.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.Api;
import io.drippulse.crm.api.support.Crm;
import io.drippulse.crm.api.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Text a client sends is stored as sent or refused: lone UTF-16 surrogates in any string of a body are 400
 * invalid_text (never stored as '?'), and query numbers are ASCII digits only.
 */
class TextTest {

  private static final String OPPS = "/api/v1/crm/opportunities";
  private final TestServer server = TestServer.get();
  private final Api alice = server.newOrgUser();
  private final Crm crm = new Crm(alice);

  @Test
  void loneSurrogatesAreRefusedInEveryStringField() {
    String pipeline = crm.createPipeline("Mine").getString("id");
    String deal = crm.createDeal("Kept", null).getString("id");
    String[][] attempts = {
        {"POST", OPPS, "{\"opportunity\":{\"name\":\"\\ud800\"}}"},
        {"POST", OPPS, "{\"opportunity\":{\"name\":\"x\\udc00y\"}}"},
        {"POST", OPPS, "{\"opportunity\":{\"name\":\"ok\",\"description\":\"\\udbff\"}}"},
        {"POST", OPPS, "{\"opportunity\":{\"name\":\"ok\",\"currency\":\"EU\\udc00\"}}"},
        {"PATCH", OPPS + "/" + deal, "{\"opportunity\":{\"name\":\"\\ud83d\"}}"},
        {"PATCH", OPPS + "/" + deal, "{\"opportunity\":{\"name\":\"\\ude00\\ud83d\"}}"},
        {"POST", OPPS + "/reorder", "{\"pipeline_stage_id\":\"x\",\"ordered_ids\":[\"\\ud800\"]}"},
        {"POST", "/api/v1/crm/opportunity_pipelines", "{\"pipeline\":{\"name\":\"\\ud800\"}}"},
        {"PATCH", "/api/v1/crm/opportunity_pipelines/" + pipeline, "{\"pipeline\":{\"name\":\"a\\udfffb\"}}"},
        {"POST", "/api/v1/api_keys", "{\"name\":\"\\ud800\"}"}};
    for (String[] attempt : attempts) {
      try {
        assertError(alice.sendRaw(HttpMethod.valueOf(attempt[0]), attempt[1], Buffer.buffer(attempt[2]), "application/json",
            null), 400, "invalid_text");
      } catch (AssertionError e) {
        throw new AssertionError(attempt[2] + ": " + e.getMessage(), e);
      }
    }
    // in a key, Jackson itself refuses the lone surrogate: a 400 all the same
    HttpResponse<Buffer> key = alice.sendRaw(HttpMethod.POST, OPPS, Buffer.buffer("{\"opportunity\":{\"name\":\"ok\",\"a\\udfffb\":1}}"),
        "application/json", null);
    assertThat(key.statusCode()).isEqualTo(400);
    assertThat(crm.list("")).hasSize(1);
    assertThat(crm.deal(deal).getString("name")).isEqualTo("Kept");
    assertThat(ok(alice.get("/api/v1/crm/opportunity_pipelines/" + pipeline), 200).getString("name")).isEqualTo("Mine");
  }

  @Test
  void aSurrogatePairIsOrdinaryTextAndComesBackAsSent() {
    var created = ok(alice.sendRaw(HttpMethod.POST, OPPS, Buffer.buffer("{\"opportunity\":{\"name\":\"deal \\ud83d\\ude00\"}}"),
        "application/json", null), 201);
    assertThat(created.getString("name")).isEqualTo("deal \uD83D\uDE00");
    assertThat(crm.deal(created.getString("id")).getString("name")).isEqualTo("deal \uD83D\uDE00");
  }

  @Test
  void nonAsciiDigitsAreNotNumbersInTheQuery() {
    crm.createDeal("a", null);
    crm.createDeal("b", null);
    for (String limit : new String[] {"%EF%BC%95", "%D9%A3", "1%EF%BC%90", "%E0%A5%AB", "%2B5", "5.0", "%205", "-1"}) {
      assertError(alice.get(OPPS + "?limit=" + limit), 400, "invalid_limit");
    }
    assertThat(ok(alice.get(OPPS + "?limit=1"), 200).getJsonArray("opportunities")).hasSize(1);
  }
}
