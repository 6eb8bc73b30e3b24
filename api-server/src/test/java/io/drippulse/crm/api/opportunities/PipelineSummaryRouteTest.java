package io.drippulse.crm.api.opportunities;

import static io.drippulse.crm.api.support.Json.errorCode;
import static io.drippulse.crm.api.support.Json.ok;
import static io.drippulse.crm.api.support.Json.strings;
import static io.drippulse.crm.api.support.Json.wrap;
import static io.drippulse.crm.api.support.Json.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.Api;
import io.drippulse.crm.api.support.Crm;
import io.drippulse.crm.api.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** GET /api/v1/crm/opportunity_pipelines/:id/summary. One test per outcome. */
class PipelineSummaryRouteTest {

  private static final String BASE = "/api/v1/crm/opportunities";
  private final TestServer server = TestServer.get();
  private final Api alice = server.newOrgUser();
  private final Crm crm = new Crm(alice);

  @Test
  void summaryTotalsPerStageAndCurrencyWithWeights() {
    JsonObject def = crm.orgDefault();
    String proposal = Crm.stageId(def, "Proposal");
    alice.post(BASE, wrap("opportunity", new JsonObject().put("name", "P1").put("pipeline_stage_id", proposal).put("amount", "100.10")));
    alice.post(BASE, wrap("opportunity", new JsonObject().put("name", "P2").put("pipeline_stage_id", proposal).put("amount", "0.01")));
    alice.post(BASE, wrap("opportunity", new JsonObject().put("name", "Other").put("pipeline_stage_id", proposal).put("amount", "50").put("currency", "EUR")));
    alice.post(BASE, wrap("opportunity", new JsonObject().put("name", "No amount").put("pipeline_stage_id", proposal)));
    JsonObject summary = ok(alice.get("/api/v1/crm/opportunity_pipelines/" + def.getString("id") + "/summary"), 200);
    JsonObject stage = summary.getJsonArray("stages").getJsonObject(2);
    assertThat(stage.getString("name")).isEqualTo("Proposal");
    assertThat(stage.getLong("count")).isEqualTo(4);
    assertThat(stage.getJsonArray("amounts").encode()).isEqualTo(new JsonArray()
        .add(new JsonObject().put("currency", "EUR").put("total", "50.00").put("weighted_total", "25.00"))
        .add(new JsonObject().put("currency", "USD").put("total", "100.11").put("weighted_total", "50.06")).encode());
    assertThat(summary.getJsonArray("stages").getJsonObject(0).getLong("count")).isZero();
    assertThat(summary.getJsonObject("totals").getLong("count")).isEqualTo(4);

    JsonObject filtered = ok(alice.get("/api/v1/crm/opportunity_pipelines/" + def.getString("id") + "/summary?q=other"), 200);
    assertThat(filtered.getJsonArray("stages").getJsonObject(2).getLong("count")).isEqualTo(1);
    assertThat(server.newOrgUser().get("/api/v1/crm/opportunity_pipelines/" + def.getString("id") + "/summary").statusCode()).isEqualTo(404);
  }

  private java.util.List<String> names(String query) {
    return strings(crm.list(query), "name");
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }
}
