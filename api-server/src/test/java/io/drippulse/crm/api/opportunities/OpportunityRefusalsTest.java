package io.drippulse.crm.api.opportunities;

import static io.drippulse.crm.api.support.Json.assertError;
import static io.drippulse.crm.api.support.Json.ok;
import static io.drippulse.crm.api.support.Json.wrap;
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

/** The refusals of the opportunity routes that change nothing: 401, 412 on a move, 422 placements and limits. */
class OpportunityRefusalsTest {

  private static final String BASE = "/api/v1/crm/opportunities";
  private final TestServer server = TestServer.get();
  private final Api alice = server.newOrgUser();
  private final Crm crm = new Crm(alice);

  @Test
  void everyRouteWithoutCredentialsIs401() {
    JsonObject deal = crm.createDeal("Private", null);
    String id = deal.getString("id");
    Api anonymous = alice.withoutAuthorization();
    JsonObject body = wrap("opportunity", new JsonObject().put("name", "x"));
    assertError(anonymous.get(BASE), 401, "missing_credentials");
    assertError(anonymous.post(BASE, body), 401, "missing_credentials");
    assertError(anonymous.get(BASE + "/" + id), 401, "missing_credentials");
    assertError(anonymous.patch(BASE + "/" + id, body), 401, "missing_credentials");
    assertError(anonymous.delete(BASE + "/" + id), 401, "missing_credentials");
    assertError(anonymous.get(BASE + "/" + id + "/stage_history"), 401, "missing_credentials");
    assertError(anonymous.post(BASE + "/reorder", new JsonObject().put("pipeline_stage_id", deal.getString("pipeline_stage_id"))
        .put("ordered_ids", new JsonArray().add(id))), 401, "missing_credentials");
    assertError(anonymous.get("/api/v1/crm/opportunity_pipelines/" + deal.getString("pipeline_id") + "/summary"), 401, "missing_credentials");
    assertThat(crm.deal(id).getInteger("version")).isEqualTo(1);
  }

  @Test
  void aStaleIfMatchStopsAMoveToo() {
    JsonObject def = crm.orgDefault();
    JsonObject deal = crm.createDeal("Guarded move", Crm.stageId(def, "Qualification"));
    crm.move(deal.getString("id"), new JsonObject().put("name", "Renamed"));
    HttpResponse<Buffer> stale = alice.sendRaw(HttpMethod.PATCH, BASE + "/" + deal.getString("id"),
        wrap("opportunity", new JsonObject().put("pipeline_stage_id", Crm.stageId(def, "Won"))).toBuffer(), "application/json", "\"1\"");
    assertError(stale, 412, "precondition_failed");
    JsonObject after = crm.deal(deal.getString("id"));
    assertThat(after.getString("pipeline_stage_id")).isEqualTo(Crm.stageId(def, "Qualification"));
    assertThat(after.getInteger("version")).isEqualTo(2);
  }

  @Test
  void aPatchNamingAStageOfAnotherPipelineThanItsPipelineIdIs422() {
    JsonObject deal = crm.createDeal("Mismatch", null);
    JsonObject other = crm.createPipeline("Other");
    assertError(alice.patch(BASE + "/" + deal.getString("id"), wrap("opportunity", new JsonObject()
        .put("pipeline_id", other.getString("id")).put("pipeline_stage_id", Crm.stageId(crm.orgDefault(), "Won")))),
        422, "stage_not_in_pipeline");
    assertThat(crm.deal(deal.getString("id")).getInteger("version")).isEqualTo(1);
  }

  @Test
  void reorderOfMoreThanTenThousandIdsIs422() {
    String stage = Crm.stageId(crm.orgDefault(), "Proposal");
    JsonArray ids = new JsonArray();
    for (int i = 0; i <= Reorder.MAX_IDS; i++) {
      ids.add(UUID.randomUUID().toString());
    }
    assertError(alice.post(BASE + "/reorder", new JsonObject().put("pipeline_stage_id", stage).put("ordered_ids", ids)),
        422, "validation_failed");
  }

  @Test
  void aFailedCreateDoesNotUseUpItsIdempotencyKey() {
    JsonObject bad = wrap("opportunity", new JsonObject().put("name", "Keyed").put("pipeline_stage_id", UUID.randomUUID().toString()));
    assertError(keyed("retry-me", bad), 422, "unknown_stage");
    JsonObject good = wrap("opportunity", new JsonObject().put("name", "Keyed"));
    JsonObject created = ok(keyed("retry-me", good), 201);
    assertThat(ok(keyed("retry-me", good), 201).getString("id")).isEqualTo(created.getString("id"));
    assertThat(crm.list("")).hasSize(1);
  }

  @Test
  void summarySearchTakesPercentAndUnderscoreLiterally() {
    String stage = Crm.stageId(crm.orgDefault(), "Proposal");
    crm.createDeal("Growth 100%", stage);
    crm.createDeal("Growth 1000", stage);
    crm.createDeal("a_b", stage);
    crm.createDeal("axb", stage);
    String summary = "/api/v1/crm/opportunity_pipelines/" + crm.orgDefault().getString("id") + "/summary?q=";
    assertThat(ok(alice.get(summary + "100%25"), 200).getJsonObject("totals").getLong("count")).isEqualTo(1);
    assertThat(ok(alice.get(summary + "a_b"), 200).getJsonObject("totals").getLong("count")).isEqualTo(1);
  }

  private HttpResponse<Buffer> keyed(String key, JsonObject body) {
    return alice.request(HttpMethod.POST, BASE).putHeader("Idempotency-Key", key)
        .putHeader("Content-Type", "application/json").sendBuffer(body.toBuffer()).await();
  }
}
