package io.drippulse.crm.api.opportunities;

import static io.drippulse.crm.api.support.Json.assertError;
import static io.drippulse.crm.api.support.Json.ok;
import static io.drippulse.crm.api.support.Json.strings;
import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.Api;
import io.drippulse.crm.api.support.Crm;
import io.drippulse.crm.api.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** POST /opportunities/bulk_move (PRODUCT.md §9.4), one test per outcome. */
class BulkMoveRoutesTest {

  private static final String BASE = "/api/v1/crm/opportunities";
  private final TestServer server = TestServer.get();
  private final Api alice = server.newOrgUser();
  private final Crm crm = new Crm(alice);

  private static JsonObject move(JsonArray ids, String stageId, String position) {
    JsonObject body = new JsonObject().put("ids", ids).put("pipeline_stage_id", stageId);
    return position == null ? body : body.put("position", position);
  }

  @Test
  void movesToTheBottomInTheirBoardOrderWithAHistoryEntryEach() {
    JsonObject def = crm.orgDefault();
    String qualification = Crm.stageId(def, "Qualification");
    String proposal = Crm.stageId(def, "Proposal");
    String won = Crm.stageId(def, "Won");
    JsonObject p1 = crm.createDeal("P1", proposal, "10");
    JsonObject q1 = crm.createDeal("Q1", qualification, "1");
    JsonObject q2 = crm.createDeal("Q2", qualification, null);
    crm.createDeal("W0", won, null);
    // listed out of board order, by both kinds of id
    JsonArray ids = new JsonArray().add(p1.getString("public_id")).add(q2.getString("id")).add(q1.getString("public_id"));
    JsonObject result = ok(alice.post(BASE + "/bulk_move", move(ids, won, null)), 200);
    assertThat(result.getInteger("moved")).isEqualTo(3);
    assertThat(result.getString("pipeline_stage_id")).isEqualTo(won);
    assertThat(strings(result.getJsonArray("opportunities"), "public_id"))
        .containsExactly(q1.getString("public_id"), q2.getString("public_id"), p1.getString("public_id"));
    assertThat(result.getJsonArray("opportunities").stream().map(o -> ((JsonObject) o).getInteger("stage_position")).toList())
        .containsExactly(1, 2, 3);
    JsonArray stage = crm.list("pipeline_stage_id=" + won);
    assertThat(strings(stage, "name")).containsExactly("W0", "Q1", "Q2", "P1");
    assertThat(stage.getJsonObject(1).getString("status")).isEqualTo("won");
    assertThat(crm.stageCount(def.getString("id"), won)).isEqualTo(4);
    assertThat(crm.stageCount(def.getString("id"), qualification)).isZero();
    JsonArray history = alice.get(BASE + "/" + q1.getString("id") + "/stage_history").bodyAsJsonArray();
    assertThat(history).hasSize(2);
    assertThat(history.getJsonObject(1).getString("stage_id")).isEqualTo(won);
  }

  @Test
  void aCardAlreadyInTheTargetStageOnlyChangesPlace() {
    JsonObject def = crm.orgDefault();
    String won = Crm.stageId(def, "Won");
    JsonObject w0 = crm.createDeal("W0", won, null);
    crm.createDeal("W1", won, null);
    JsonObject q1 = crm.createDeal("Q1", Crm.stageId(def, "Qualification"), null);
    ok(alice.post(BASE + "/bulk_move", move(new JsonArray().add(w0.getString("id")).add(q1.getString("id")), won, null)), 200);
    assertThat(strings(crm.list("pipeline_stage_id=" + won), "name")).containsExactly("W1", "Q1", "W0");
    JsonObject stayed = crm.deal(w0.getString("id"));
    assertThat(stayed.getInteger("version")).isEqualTo(w0.getInteger("version") + 1);
    assertThat(stayed.getString("updated_at")).isEqualTo(w0.getString("updated_at"));
    assertThat(stayed.getString("stage_entered_at")).isEqualTo(w0.getString("stage_entered_at"));
    assertThat(alice.get(BASE + "/" + w0.getString("id") + "/stage_history").bodyAsJsonArray()).hasSize(1);
    assertThat(crm.deal(q1.getString("id")).getString("updated_at")).isNotEqualTo(q1.getString("updated_at"));
  }

  @Test
  void movesToTheTopAcrossPipelines() {
    JsonObject def = crm.orgDefault();
    JsonObject other = crm.createPipeline("Other");
    String target = Crm.stageId(def, "Negotiation");
    crm.createDeal("Already there", target, null);
    JsonObject foreignPipelineCard = crm.createDeal("From other", Crm.stageId(other, "Proposal"), null);
    JsonObject result = ok(alice.post(BASE + "/bulk_move", move(new JsonArray().add(foreignPipelineCard.getString("id")), target, "top")), 200);
    assertThat(result.getJsonArray("opportunities").getJsonObject(0).getInteger("stage_position")).isZero();
    JsonObject moved = crm.deal(foreignPipelineCard.getString("id"));
    assertThat(moved.getString("pipeline_id")).isEqualTo(def.getString("id"));
    assertThat(strings(crm.list("pipeline_stage_id=" + target), "name")).containsExactly("From other", "Already there");
  }

  @Test
  void oneForeignIdInFiveHundredRefusesThemAllAndNamesIt() {
    String unassigned = Crm.stageId(crm.orgDefault(), "Unassigned");
    String won = Crm.stageId(crm.orgDefault(), "Won");
    JsonArray ids = new JsonArray();
    for (int i = 0; i < 499; i++) {
      ids.add(crm.createDeal("Bulk " + i, unassigned, null).getString("public_id"));
    }
    Api mallory = server.newOrgUser();
    String foreign = new Crm(mallory).createDeal("Not yours", null).getString("id");
    ids.add(250, foreign);
    var refused = alice.post(BASE + "/bulk_move", move(ids, won, "bottom"));
    assertError(refused, 422, "invalid_ids");
    JsonArray details = refused.bodyAsJsonObject().getJsonObject("error").getJsonArray("details");
    assertThat(strings(details, "id")).containsExactly(foreign);
    assertThat(crm.list("pipeline_stage_id=" + won)).isEmpty();
    assertThat(new Crm(mallory).deal(foreign).getString("stage")).isNotNull();
  }

  @Test
  void theSameCardTwiceByEitherIdIsRefused() {
    String stage = Crm.stageId(crm.orgDefault(), "Proposal");
    JsonObject a = crm.createDeal("Twice", stage, null);
    var refused = alice.post(BASE + "/bulk_move", move(new JsonArray().add(a.getString("id")).add(a.getString("public_id")),
        Crm.stageId(crm.orgDefault(), "Lost"), null));
    assertError(refused, 422, "invalid_ids");
    assertThat(strings(refused.bodyAsJsonObject().getJsonObject("error").getJsonArray("details"), "id"))
        .containsExactly(a.getString("public_id"));
    assertThat(crm.deal(a.getString("id")).getInteger("version")).isEqualTo(1);
  }

  @Test
  void unknownAndMalformedIdsAreNamed() {
    String stage = Crm.stageId(crm.orgDefault(), "Proposal");
    var refused = alice.post(BASE + "/bulk_move", move(new JsonArray().add("opp_000000000000").add("nonsense"), stage, null));
    assertError(refused, 422, "invalid_ids");
    assertThat(strings(refused.bodyAsJsonObject().getJsonObject("error").getJsonArray("details"), "id"))
        .containsExactly("opp_000000000000", "nonsense");
  }

  @Test
  void aTargetStageOfAnotherOrgIsAnUnknownStage() {
    JsonObject a = crm.createDeal("Stays", null);
    String foreignStage = Crm.stageId(new Crm(server.newOrgUser()).orgDefault(), "Won");
    assertError(alice.post(BASE + "/bulk_move", move(new JsonArray().add(a.getString("id")), foreignStage, null)), 422, "unknown_stage");
    assertError(alice.post(BASE + "/bulk_move", move(new JsonArray().add(a.getString("id")), "not-a-uuid", null)), 422, "unknown_stage");
    assertThat(crm.deal(a.getString("id")).getInteger("version")).isEqualTo(1);
  }

  @Test
  void badShapesAreRefused() {
    String stage = Crm.stageId(crm.orgDefault(), "Won");
    JsonObject a = crm.createDeal("Shape", null);
    JsonArray one = new JsonArray().add(a.getString("id"));
    assertError(alice.post(BASE + "/bulk_move", move(new JsonArray(), stage, null)), 422, "validation_failed");
    List<String> many = new ArrayList<>();
    for (int i = 0; i <= BulkMove.MAX_IDS; i++) {
      many.add("opp_000000000000");
    }
    assertError(alice.post(BASE + "/bulk_move", move(new JsonArray(many), stage, null)), 422, "validation_failed");
    assertError(alice.post(BASE + "/bulk_move", move(one, stage, "middle")), 422, "validation_failed");
    assertError(alice.post(BASE + "/bulk_move", move(new JsonArray().add(7), stage, null)), 400, "invalid_type");
    assertError(alice.post(BASE + "/bulk_move", move(one, stage, null).put("postion", "top")), 400, "unknown_field");
    assertError(alice.post(BASE + "/bulk_move", new JsonObject().put("ids", one)), 422, "validation_failed");
    assertThat(crm.deal(a.getString("id")).getInteger("version")).isEqualTo(1);
  }
}
