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

/** GET /api/v1/crm/opportunities/:id/stage_history. One test per outcome. */
class StageHistoryRouteTest {

  private static final String BASE = "/api/v1/crm/opportunities";
  private final TestServer server = TestServer.get();
  private final Api alice = server.newOrgUser();
  private final Crm crm = new Crm(alice);

  @Test
  void stageHistoryRecordsEveryMove() {
    JsonObject def = crm.orgDefault();
    JsonObject deal = crm.createDeal("Journey", null);
    crm.move(deal.getString("id"), new JsonObject().put("pipeline_stage_id", Crm.stageId(def, "Proposal")));
    crm.move(deal.getString("id"), new JsonObject().put("name", "Journey (renamed)"));
    crm.move(deal.getString("id"), new JsonObject().put("pipeline_stage_id", Crm.stageId(def, "Won")));
    HttpResponse<Buffer> response = alice.get(BASE + "/" + deal.getString("public_id") + "/stage_history");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonArray history = response.bodyAsJsonArray();
    assertThat(strings(history, "stage_name")).containsExactly("Unassigned", "Proposal", "Won");
    assertThat(strings(history, "moved_by")).containsOnly(alice.userId);
    assertThat(history.getJsonObject(0).getString("exited_at")).isEqualTo(history.getJsonObject(1).getString("entered_at"));
    assertThat(history.getJsonObject(2).getValue("exited_at")).isNull();
    JsonObject won = ok(alice.get(BASE + "/" + deal.getString("id")), 200);
    assertThat(history.getJsonObject(2).getString("entered_at")).isEqualTo(won.getString("stage_entered_at"));
  }

  @Test
  void stageHistoryNamesTheApiKeyThatMovedACard() {
    JsonObject created = ok(alice.post("/api/v1/api_keys", new JsonObject().put("name", "zapier")), 201);
    Api bot = server.withAuthorization("Bearer " + created.getString("key"));
    JsonObject deal = ok(bot.post(BASE, wrap("opportunity", new JsonObject().put("name", "From a form"))), 201);
    ok(bot.patch(BASE + "/" + deal.getString("id"), wrap("opportunity",
        new JsonObject().put("pipeline_stage_id", Crm.stageId(crm.orgDefault(), "Qualification")))), 200);
    HttpResponse<Buffer> response = bot.get(BASE + "/" + deal.getString("id") + "/stage_history");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonArray history = response.bodyAsJsonArray();
    assertThat(strings(history, "moved_by")).containsExactly("api_key:" + created.getString("id"), "api_key:" + created.getString("id"));
    assertThat(history.getJsonObject(1).getLong("seconds_in_stage")).isNotNegative();
  }

  private java.util.List<String> names(String query) {
    return strings(crm.list(query), "name");
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }
}
