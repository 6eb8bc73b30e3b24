package io.drippulse.crm.api.http;

import static io.drippulse.crm.api.support.Json.assertError;
import static io.drippulse.crm.api.support.Json.ok;
import static io.drippulse.crm.api.support.Json.wrap;
import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.Api;
import io.drippulse.crm.api.support.Crm;
import io.drippulse.crm.api.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

/** Every JSON route answers an unknown field with 400 unknown_field naming it, and changes nothing. */
class UnknownFieldTest {

  private static final String OPPORTUNITIES = "/api/v1/crm/opportunities";
  private static final String PIPELINES = "/api/v1/crm/opportunity_pipelines";
  private final TestServer server = TestServer.get();
  private final Api alice = server.newOrgUser();
  private final Crm crm = new Crm(alice);

  private static void assertUnknown(HttpResponse<Buffer> response, String... fields) {
    assertError(response, 400, "unknown_field");
    JsonArray details = response.bodyAsJsonObject().getJsonObject("error").getJsonArray("details");
    assertThat(details.stream().map(d -> ((JsonObject) d).getString("field")).toList()).containsExactlyInAnyOrder(fields);
    for (String field : fields) {
      assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("message")).contains(field);
    }
  }

  @Test
  void aMisspeltFieldOnCreateIs400AndCreatesNothing() {
    assertUnknown(alice.post(OPPORTUNITIES, wrap("opportunity", new JsonObject().put("name", "Typo").put("amout", "10"))),
        "opportunity.amout");
    assertThat(crm.list("")).isEmpty();
  }

  @Test
  void anUnknownTopLevelFieldIs400Too() {
    assertUnknown(alice.post(OPPORTUNITIES, wrap("opportunity", new JsonObject().put("name", "Extra")).put("opportunty", 1)),
        "opportunty");
    assertThat(crm.list("")).isEmpty();
  }

  @Test
  void everyUnknownFieldOfAPatchIsNamedAndNothingChanges() {
    JsonObject deal = crm.createDeal("Patched", null);
    assertUnknown(alice.patch(OPPORTUNITIES + "/" + deal.getString("id"),
        wrap("opportunity", new JsonObject().put("name", "Renamed").put("amout", 5).put("clse_date", "2027-01-01"))),
        "opportunity.amout", "opportunity.clse_date");
    JsonObject after = crm.deal(deal.getString("id"));
    assertThat(after.getString("name")).isEqualTo("Patched");
    assertThat(after.getInteger("version")).isEqualTo(1);
  }

  @Test
  void aPatchMayCarryTheCardsOwnReadOnlyFields() {
    JsonObject deal = crm.createDeal("Round trip", null);
    JsonObject sent = deal.copy().put("name", "Round tripped");
    JsonObject updated = ok(alice.patch(OPPORTUNITIES + "/" + deal.getString("id"), wrap("opportunity", sent)), 200);
    assertThat(updated.getString("name")).isEqualTo("Round tripped");
  }

  @Test
  void reorderWithAnUnknownFieldIs400() {
    JsonObject deal = crm.createDeal("Ordered", null);
    assertUnknown(alice.post(OPPORTUNITIES + "/reorder", new JsonObject().put("pipeline_stage_id", deal.getString("pipeline_stage_id"))
        .put("ordered_ids", new JsonArray().add(deal.getString("id"))).put("order", "asc")), "order");
  }

  @Test
  void pipelineCreateWithAnUnknownFieldIs400AndCreatesNothing() {
    int before = crm.pipelines().getJsonArray("pipelines").size();
    assertUnknown(alice.post(PIPELINES, wrap("pipeline", new JsonObject().put("name", "P").put("colour", "red"))), "pipeline.colour");
    assertThat(crm.pipelines().getJsonArray("pipelines").size()).isEqualTo(before);
  }

  @Test
  void pipelinePatchNamesAnUnknownFieldOfAStageItem() {
    JsonObject pipeline = crm.createPipeline("Stages");
    JsonArray stages = pipeline.getJsonArray("stages").copy();
    stages.getJsonObject(1).put("probabilty", 90).put("name", "Renamed");
    assertUnknown(alice.patch(PIPELINES + "/" + pipeline.getString("id"), wrap("pipeline", new JsonObject().put("stages", stages))),
        "pipeline.stages[1].probabilty");
    assertUnknown(alice.patch(PIPELINES + "/" + pipeline.getString("id"), wrap("pipeline", new JsonObject().put("nmae", "X"))),
        "pipeline.nmae");
    JsonObject after = ok(alice.get(PIPELINES + "/" + pipeline.getString("id")), 200);
    assertThat(after.getJsonArray("stages").getJsonObject(1).getString("name"))
        .isEqualTo(pipeline.getJsonArray("stages").getJsonObject(1).getString("name"));
  }

  @Test
  void pipelineStagesSentBackAsReadAreAccepted() {
    JsonObject pipeline = crm.createPipeline("As read");
    ok(alice.patch(PIPELINES + "/" + pipeline.getString("id"), wrap("pipeline", new JsonObject()
        .put("stages", pipeline.getJsonArray("stages")))), 200);
  }

  @Test
  void apiKeyCreateWithAnUnknownFieldIs400() {
    assertUnknown(alice.post("/api/v1/api_keys", new JsonObject().put("name", "k").put("scopes", new JsonArray())), "scopes");
    assertThat(ok(alice.get("/api/v1/api_keys"), 200).getJsonArray("api_keys")).isEmpty();
  }
}
