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

/** PATCH /api/v1/crm/opportunities/:id with pipeline_stage_id / stage_position: moves and their refusals. One test per outcome. */
class MoveOpportunityRouteTest {

  private static final String BASE = "/api/v1/crm/opportunities";
  private final TestServer server = TestServer.get();
  private final Api alice = server.newOrgUser();
  private final Crm crm = new Crm(alice);

  @Test
  void moveToAnotherStageAppendsOrInsertsAndClosesTheGap() {
    JsonObject def = crm.orgDefault();
    String from = Crm.stageId(def, "Qualification");
    String to = Crm.stageId(def, "Proposal");
    JsonObject a = crm.createDeal("A", from);
    JsonObject b = crm.createDeal("B", from);
    JsonObject c = crm.createDeal("C", from);
    JsonObject x = crm.createDeal("X", to);
    JsonObject y = crm.createDeal("Y", to);

    JsonObject moved = crm.move(b.getString("public_id"), new JsonObject().put("pipeline_stage_id", to).put("stage_position", 1));
    assertThat(moved.getString("pipeline_stage_id")).isEqualTo(to);
    assertThat(moved.getInteger("stage_position")).isEqualTo(1);
    assertThat(moved.getJsonObject("stage").getString("name")).isEqualTo("Proposal");
    assertThat(names("pipeline_stage_id=" + from)).containsExactly("A", "C");
    assertThat(names("pipeline_stage_id=" + to)).containsExactly("X", "B", "Y");

    JsonObject appended = crm.move(a.getString("id"), new JsonObject().put("pipeline_stage_id", to));
    assertThat(appended.getInteger("stage_position")).isEqualTo(3);
    JsonObject pastEnd = crm.move(c.getString("id"), new JsonObject().put("pipeline_stage_id", to).put("stage_position", 99));
    assertThat(pastEnd.getInteger("stage_position")).isEqualTo(4);
    assertThat(names("pipeline_stage_id=" + to)).containsExactly("X", "B", "Y", "A", "C");
    assertThat(x.getString("id")).isNotNull();
    assertThat(y.getString("id")).isNotNull();
  }

  @Test
  void moveWithinAStageByPosition() {
    String stage = Crm.stageId(crm.orgDefault(), "Negotiation");
    JsonObject a = crm.createDeal("A", stage);
    crm.createDeal("B", stage);
    crm.createDeal("C", stage);
    crm.move(a.getString("id"), new JsonObject().put("stage_position", 2));
    assertThat(names("pipeline_stage_id=" + stage)).containsExactly("B", "C", "A");
    crm.move(a.getString("id"), new JsonObject().put("stage_position", 0));
    assertThat(names("pipeline_stage_id=" + stage)).containsExactly("A", "B", "C");
  }

  @Test
  void aNewPlaceWithinItsStageBumpsTheVersionButNotUpdatedAt() {
    JsonObject def = crm.orgDefault();
    String stage = Crm.stageId(def, "Negotiation");
    JsonObject a = crm.createDeal("A", stage);
    crm.createDeal("B", stage);
    JsonObject repositioned = crm.move(a.getString("id"), new JsonObject().put("stage_position", 1));
    assertThat(repositioned.getInteger("stage_position")).isEqualTo(1);
    assertThat(repositioned.getInteger("version")).isEqualTo(a.getInteger("version") + 1);
    assertThat(repositioned.getString("updated_at")).isEqualTo(a.getString("updated_at"));
    JsonObject renamed = crm.move(a.getString("id"), new JsonObject().put("stage_position", 0).put("name", "A2"));
    assertThat(renamed.getString("updated_at")).isNotEqualTo(a.getString("updated_at"));
    JsonObject moved = crm.move(a.getString("id"), new JsonObject().put("pipeline_stage_id", Crm.stageId(def, "Won")));
    assertThat(moved.getString("updated_at")).isNotEqualTo(renamed.getString("updated_at"));
  }

  @Test
  void moveToAnotherPipelinesStageFollowsThePipelineAndWinningSetsStatus() {
    JsonObject deal = crm.createDeal("Cross", null);
    JsonObject other = crm.createPipeline("Other");
    JsonObject moved = crm.move(deal.getString("id"), new JsonObject().put("pipeline_stage_id", Crm.stageId(other, "Won")));
    assertThat(moved.getString("pipeline_id")).isEqualTo(other.getString("id"));
    assertThat(moved.getString("status")).isEqualTo("won");
  }

  @Test
  void badMovesAre422AndChangeNothing() {
    JsonObject deal = crm.createDeal("Stay", null);
    assertError(alice.patch(BASE + "/" + deal.getString("id"), wrap("opportunity", new JsonObject().put("pipeline_stage_id", UUID.randomUUID().toString()))), 422, "unknown_stage");
    assertError(alice.patch(BASE + "/" + deal.getString("id"), wrap("opportunity", new JsonObject().put("stage_position", -1))), 422, "validation_failed");
    assertError(alice.patch(BASE + "/" + deal.getString("id"), wrap("opportunity", new JsonObject().put("stage_position", "first"))), 400, "invalid_type");
    String foreignStage = Crm.stageId(new Crm(server.newOrgUser()).orgDefault(), "Won");
    assertError(alice.patch(BASE + "/" + deal.getString("id"), wrap("opportunity", new JsonObject().put("pipeline_stage_id", foreignStage))), 422, "unknown_stage");
    JsonObject after = crm.deal(deal.getString("id"));
    assertThat(after.getInteger("version")).isEqualTo(1);
    assertThat(after.getString("pipeline_stage_id")).isEqualTo(deal.getString("pipeline_stage_id"));
  }

  @Test
  void patchNamingTheCurrentStageWithoutPositionMovesNothing() {
    String stage = Crm.stageId(crm.orgDefault(), "Proposal");
    crm.createDeal("A", stage);
    JsonObject b = crm.createDeal("B", stage);
    crm.createDeal("C", stage);
    JsonObject edited = crm.move(b.getString("id"), new JsonObject().put("name", "B2").put("pipeline_stage_id", stage)
        .put("pipeline_id", b.getString("pipeline_id")));
    assertThat(edited.getInteger("stage_position")).isEqualTo(1);
    assertThat(names("pipeline_stage_id=" + stage)).containsExactly("A", "B2", "C");
  }

  private java.util.List<String> names(String query) {
    return strings(crm.list(query), "name");
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }
}
