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

/** POST /api/v1/crm/opportunities/reorder. One test per outcome. */
class ReorderRouteTest {

  private static final String BASE = "/api/v1/crm/opportunities";
  private final TestServer server = TestServer.get();
  private final Api alice = server.newOrgUser();
  private final Crm crm = new Crm(alice);

  @Test
  void reorderTakesMixedIdFormsAndKeepsUnlistedOnesAfter() {
    String stage = Crm.stageId(crm.orgDefault(), "Qualification");
    JsonObject a = crm.createDeal("A", stage);
    JsonObject b = crm.createDeal("B", stage);
    JsonObject c = crm.createDeal("C", stage);
    JsonObject d = crm.createDeal("D", stage);
    JsonObject result = ok(alice.post(BASE + "/reorder", new JsonObject().put("pipeline_stage_id", stage)
        .put("ordered_ids", new JsonArray().add(c.getString("public_id")).add(a.getString("id")))), 200);
    assertThat(result.getString("pipeline_stage_id")).isEqualTo(stage);
    // the answer lists what the reorder wrote: the listed cards, now at 0..n-1
    assertThat(strings(result.getJsonArray("opportunities"), "public_id"))
        .containsExactly(c.getString("public_id"), a.getString("public_id"));
    assertThat(strings(result.getJsonArray("opportunities"), "stage_position")).containsExactly("0", "1");
    assertThat(crm.deal(b.getString("id")).getInteger("stage_position")).isEqualTo(2);
    assertThat(crm.deal(d.getString("id")).getInteger("stage_position")).isEqualTo(3);
    assertThat(names("pipeline_stage_id=" + stage)).containsExactly("C", "A", "B", "D");
  }

  @Test
  void aReorderBumpsTheListedCardsVersionsAndLeavesUpdatedAtAlone() {
    String stage = Crm.stageId(crm.orgDefault(), "Qualification");
    JsonObject a = crm.createDeal("A", stage);
    JsonObject b = crm.createDeal("B", stage);
    ok(alice.post(BASE + "/reorder", new JsonObject().put("pipeline_stage_id", stage)
        .put("ordered_ids", new JsonArray().add(b.getString("id")))), 200);
    JsonObject reordered = crm.deal(b.getString("id"));
    assertThat(reordered.getInteger("stage_position")).isZero();
    assertThat(reordered.getInteger("version")).isEqualTo(b.getInteger("version") + 1);
    assertThat(reordered.getString("updated_at")).isEqualTo(b.getString("updated_at"));
    JsonObject unlisted = crm.deal(a.getString("id"));
    assertThat(unlisted.getInteger("stage_position")).isEqualTo(1);
    assertThat(unlisted.getInteger("version")).isEqualTo(a.getInteger("version"));
  }

  @Test
  void reorderWithABadIdIs422NamingItAndChangesNothing() {
    JsonObject def = crm.orgDefault();
    String stage = Crm.stageId(def, "Qualification");
    JsonObject a = crm.createDeal("A", stage);
    JsonObject b = crm.createDeal("B", stage);
    JsonObject elsewhere = crm.createDeal("E", Crm.stageId(def, "Won"));
    HttpResponse<Buffer> response = alice.post(BASE + "/reorder", new JsonObject().put("pipeline_stage_id", stage)
        .put("ordered_ids", new JsonArray().add(b.getString("id")).add(elsewhere.getString("public_id")).add("opp_nothinghere").add(b.getString("public_id"))));
    assertError(response, 422, "invalid_ordered_ids");
    JsonArray details = response.bodyAsJsonObject().getJsonObject("error").getJsonArray("details");
    assertThat(strings(details, "id")).containsExactly(elsewhere.getString("public_id"), "opp_nothinghere", b.getString("public_id"));
    assertThat(strings(details, "reason")).containsExactly("not_in_stage", "not_in_stage", "duplicate");
    assertThat(names("pipeline_stage_id=" + stage)).containsExactly("A", "B");
    assertThat(a.getString("id")).isNotNull();

    assertError(alice.post(BASE + "/reorder", new JsonObject().put("pipeline_stage_id", UUID.randomUUID().toString())
        .put("ordered_ids", new JsonArray())), 422, "unknown_stage");
    assertError(alice.post(BASE + "/reorder", new JsonObject().put("pipeline_stage_id", stage)), 422, "validation_failed");
    assertError(alice.post(BASE + "/reorder", new JsonObject().put("pipeline_stage_id", stage).put("ordered_ids", new JsonArray().add(3))), 400, "invalid_type");
  }

  private java.util.List<String> names(String query) {
    return strings(crm.list(query), "name");
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }
}
