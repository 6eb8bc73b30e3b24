package io.drippulse.crm.api.pipelines;

import static io.drippulse.crm.api.support.Json.assertError;
import static io.drippulse.crm.api.support.Json.ok;
import static io.drippulse.crm.api.support.Json.strings;
import static io.drippulse.crm.api.support.Json.wrap;
import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.Api;
import io.drippulse.crm.api.support.Crm;
import io.drippulse.crm.api.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Safe stage removal: PATCH with reassign (PRODUCT.md §9.3), each kind of bad target, one test per outcome. */
class StageReassignTest {

  private static final String PIPELINES = "/api/v1/crm/opportunity_pipelines";
  private static final String OPPORTUNITIES = "/api/v1/crm/opportunities";
  private final TestServer server = TestServer.get();
  private final Api alice = server.newOrgUser();
  private final Crm crm = new Crm(alice);

  /** The pipeline's stages without {@code removed}, as id-only items. */
  private static JsonArray without(JsonObject pipeline, String removed) {
    JsonArray kept = new JsonArray();
    pipeline.getJsonArray("stages").forEach(s -> {
      String id = ((JsonObject) s).getString("id");
      if (!id.equals(removed)) {
        kept.add(new JsonObject().put("id", id));
      }
    });
    return kept;
  }

  private HttpResponse<Buffer> patch(JsonObject pipeline, JsonArray stages, JsonObject reassign) {
    JsonObject body = new JsonObject().put("stages", stages);
    if (reassign != null) {
      body.put("reassign", reassign);
    }
    return alice.patch(PIPELINES + "/" + pipeline.getString("id"), wrap("pipeline", body));
  }

  @Test
  void reassignAppendsTheRemovedStagesDealsInOrderAndRemovesIt() {
    JsonObject pipeline = crm.createPipeline("Reassigned");
    String proposal = Crm.stageId(pipeline, "Proposal");
    String negotiation = Crm.stageId(pipeline, "Negotiation");
    crm.createDeal("N1", negotiation, "5");
    JsonObject p1 = crm.createDeal("P1", proposal, "10");
    crm.createDeal("P2", proposal, null);
    crm.createDeal("P3", proposal, "1");
    JsonObject updated = ok(patch(pipeline, without(pipeline, proposal), new JsonObject().put(proposal, negotiation)), 200);
    assertThat(strings(updated.getJsonArray("stages"), "id")).doesNotContain(proposal);
    JsonArray stage = crm.list("pipeline_stage_id=" + negotiation);
    assertThat(strings(stage, "name")).containsExactly("N1", "P1", "P2", "P3");
    assertThat(stage.stream().map(o -> ((JsonObject) o).getInteger("stage_position")).toList()).containsExactly(0, 1, 2, 3);
    assertThat(crm.stageCount(pipeline.getString("id"), negotiation)).isEqualTo(4);
    JsonArray history = alice.get(OPPORTUNITIES + "/" + p1.getString("id") + "/stage_history").bodyAsJsonArray();
    assertThat(history).hasSize(2);
    assertThat(history.getJsonObject(1).getString("stage_id")).isEqualTo(negotiation);
  }

  @Test
  void aRemovedStageWithDealsAndNoReassignIsStillRefused() {
    JsonObject pipeline = crm.createPipeline("Refused");
    String proposal = Crm.stageId(pipeline, "Proposal");
    crm.createDeal("Held", proposal, null);
    assertError(patch(pipeline, without(pipeline, proposal), null), 409, "stage_not_empty");
    assertThat(crm.list("pipeline_stage_id=" + proposal)).hasSize(1);
  }

  @Test
  void aTargetRemovedInTheSameChangeIsInvalid() {
    JsonObject pipeline = crm.createPipeline("Both removed");
    String proposal = Crm.stageId(pipeline, "Proposal");
    String negotiation = Crm.stageId(pipeline, "Negotiation");
    crm.createDeal("Held", proposal, null);
    JsonArray stages = new JsonArray(without(pipeline, proposal).stream()
        .filter(s -> !((JsonObject) s).getString("id").equals(negotiation)).toList());
    assertRefused(pipeline, proposal, patch(pipeline, stages, new JsonObject().put(proposal, negotiation)));
  }

  @Test
  void aTargetOfAnotherPipelineIsInvalid() {
    JsonObject pipeline = crm.createPipeline("Source");
    String proposal = Crm.stageId(pipeline, "Proposal");
    crm.createDeal("Held", proposal, null);
    String elsewhere = Crm.stageId(crm.orgDefault(), "Proposal");
    assertRefused(pipeline, proposal, patch(pipeline, without(pipeline, proposal), new JsonObject().put(proposal, elsewhere)));
  }

  @Test
  void aTargetOfAnotherOrgIsInvalid() {
    JsonObject pipeline = crm.createPipeline("Source");
    String proposal = Crm.stageId(pipeline, "Proposal");
    crm.createDeal("Held", proposal, null);
    String foreign = Crm.stageId(new Crm(server.newOrgUser()).orgDefault(), "Won");
    assertRefused(pipeline, proposal, patch(pipeline, without(pipeline, proposal), new JsonObject().put(proposal, foreign)));
  }

  @Test
  void anUnknownOrMalformedTargetIsInvalid() {
    JsonObject pipeline = crm.createPipeline("Source");
    String proposal = Crm.stageId(pipeline, "Proposal");
    crm.createDeal("Held", proposal, null);
    assertRefused(pipeline, proposal, patch(pipeline, without(pipeline, proposal),
        new JsonObject().put(proposal, UUID.randomUUID().toString())));
    assertRefused(pipeline, proposal, patch(pipeline, without(pipeline, proposal), new JsonObject().put(proposal, "won")));
  }

  @Test
  void aKeyThatIsNotARemovedStageIsInvalid() {
    JsonObject pipeline = crm.createPipeline("Kept key");
    String proposal = Crm.stageId(pipeline, "Proposal");
    String won = Crm.stageId(pipeline, "Won");
    crm.createDeal("Held", proposal, null);
    assertRefused(pipeline, proposal, patch(pipeline, pipeline.getJsonArray("stages"), new JsonObject().put(proposal, won)));
    assertRefused(pipeline, proposal, alice.patch(PIPELINES + "/" + pipeline.getString("id"),
        wrap("pipeline", new JsonObject().put("reassign", new JsonObject().put(proposal, won)))));
  }

  @Test
  void aReassignOfTheWrongShapeIs400() {
    JsonObject pipeline = crm.createPipeline("Shape");
    String proposal = Crm.stageId(pipeline, "Proposal");
    crm.createDeal("Held", proposal, null);
    assertError(alice.patch(PIPELINES + "/" + pipeline.getString("id"), wrap("pipeline", new JsonObject()
        .put("stages", without(pipeline, proposal)).put("reassign", new JsonArray().add(proposal)))), 400, "invalid_type");
    assertError(patch(pipeline, without(pipeline, proposal), new JsonObject().put(proposal, 7)), 400, "invalid_type");
    assertThat(crm.list("pipeline_stage_id=" + proposal)).hasSize(1);
  }

  /** 422 invalid_reassign naming the pair, and nothing changed: the stage and its deal are where they were. */
  private void assertRefused(JsonObject pipeline, String removed, HttpResponse<Buffer> response) {
    assertError(response, 422, "invalid_reassign");
    JsonObject detail = response.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").getJsonObject(0);
    assertThat(detail.getString("stage_id")).isEqualTo(removed);
    JsonObject after = ok(alice.get(PIPELINES + "/" + pipeline.getString("id")), 200);
    assertThat(strings(after.getJsonArray("stages"), "id")).contains(removed);
    assertThat(strings(crm.list("pipeline_stage_id=" + removed), "name")).containsExactly("Held");
  }
}
