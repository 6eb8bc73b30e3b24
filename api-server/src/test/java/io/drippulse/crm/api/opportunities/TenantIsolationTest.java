package io.drippulse.crm.api.opportunities;

import static io.drippulse.crm.api.support.Json.errorCode;
import static io.drippulse.crm.api.support.Json.wrap;
import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.Api;
import io.drippulse.crm.api.support.Crm;
import io.drippulse.crm.api.support.TestServer;
import io.drippulse.crm.db.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every route, called with another organization's ids, answers exactly as for ids that do not exist. */
class TenantIsolationTest {

  private final TestServer server = TestServer.get();
  private final Api alice = server.newOrgUser();
  private final Api mallory = server.newOrgUser();
  private final Crm aliceCrm = new Crm(alice);
  private final Crm malloryCrm = new Crm(mallory);

  @Test
  void anotherOrgsIdsBehaveLikeUnknownIds() {
    JsonObject pipeline = aliceCrm.createPipeline("Secret");
    String stage = Crm.stageId(pipeline, "Proposal");
    JsonObject deal = aliceCrm.createDeal("Secret deal", stage);
    String mine = Crm.stageId(malloryCrm.orgDefault(), "Proposal");
    JsonObject own = malloryCrm.createDeal("Own", mine);

    for (String id : new String[] {deal.getString("id"), deal.getString("public_id")}) {
      sameAsUnknown(mallory.get("/api/v1/crm/opportunities/" + id), mallory.get("/api/v1/crm/opportunities/" + UUID.randomUUID()));
      sameAsUnknown(mallory.patch("/api/v1/crm/opportunities/" + id, wrap("opportunity", new JsonObject().put("name", "mine"))),
          mallory.patch("/api/v1/crm/opportunities/" + UUID.randomUUID(), wrap("opportunity", new JsonObject().put("name", "mine"))));
      sameAsUnknown(mallory.delete("/api/v1/crm/opportunities/" + id), mallory.delete("/api/v1/crm/opportunities/" + UUID.randomUUID()));
      sameAsUnknown(mallory.get("/api/v1/crm/opportunities/" + id + "/stage_history"),
          mallory.get("/api/v1/crm/opportunities/" + UUID.randomUUID() + "/stage_history"));
    }
    String unknownStage = UUID.randomUUID().toString();
    sameAsUnknown(create(stage), create(unknownStage));
    sameAsUnknown(mallory.patch("/api/v1/crm/opportunities/" + own.getString("id"), wrap("opportunity", new JsonObject().put("pipeline_stage_id", stage))),
        mallory.patch("/api/v1/crm/opportunities/" + own.getString("id"), wrap("opportunity", new JsonObject().put("pipeline_stage_id", unknownStage))));
    sameAsUnknown(reorder(stage, new JsonArray()), reorder(unknownStage, new JsonArray()));
    HttpResponse<Buffer> foreignIds = reorder(mine, new JsonArray().add(deal.getString("id")));
    assertThat(foreignIds.statusCode()).isEqualTo(422);
    assertThat(errorCode(foreignIds)).isEqualTo("invalid_ordered_ids");
    sameAsUnknown(mallory.get("/api/v1/crm/opportunities?pipeline_id=" + pipeline.getString("id")),
        mallory.get("/api/v1/crm/opportunities?pipeline_id=" + UUID.randomUUID()));
    sameAsUnknown(mallory.get("/api/v1/crm/opportunity_pipelines/" + pipeline.getString("id") + "/summary"),
        mallory.get("/api/v1/crm/opportunity_pipelines/" + UUID.randomUUID() + "/summary"));

    String unknownPipeline = UUID.randomUUID().toString();
    sameAsUnknown(mallory.post("/api/v1/crm/opportunities", wrap("opportunity", new JsonObject().put("name", "x").put("pipeline_id", pipeline.getString("id")))),
        mallory.post("/api/v1/crm/opportunities", wrap("opportunity", new JsonObject().put("name", "x").put("pipeline_id", unknownPipeline))));
    sameAsUnknown(mallory.patch("/api/v1/crm/opportunities/" + own.getString("id"), wrap("opportunity", new JsonObject().put("pipeline_id", pipeline.getString("id")))),
        mallory.patch("/api/v1/crm/opportunities/" + own.getString("id"), wrap("opportunity", new JsonObject().put("pipeline_id", unknownPipeline))));
    sameAsUnknown(mallory.get("/api/v1/crm/opportunities?pipeline_stage_id=" + stage),
        mallory.get("/api/v1/crm/opportunities?pipeline_stage_id=" + unknownStage));
    String myPipeline = malloryCrm.orgDefault().getString("id");
    sameAsUnknown(mallory.get("/api/v1/crm/opportunities?pipeline_id=" + myPipeline + "&pipeline_stage_id=" + stage),
        mallory.get("/api/v1/crm/opportunities?pipeline_id=" + myPipeline + "&pipeline_stage_id=" + unknownStage));
    JsonObject foreignPublic = reorder(mine, new JsonArray().add(deal.getString("public_id"))).bodyAsJsonObject();
    JsonObject unknownPublic = reorder(mine, new JsonArray().add("opp_ZZZZZZZZZZZZ")).bodyAsJsonObject();
    assertThat(foreignPublic.getJsonObject("error").getJsonArray("details").getJsonObject(0).getString("reason"))
        .isEqualTo(unknownPublic.getJsonObject("error").getJsonArray("details").getJsonObject(0).getString("reason"))
        .isEqualTo("not_in_stage");

    JsonObject untouched = aliceCrm.deal(deal.getString("id"));
    assertThat(untouched.getString("name")).isEqualTo("Secret deal");
    assertThat(untouched.getInteger("version")).isEqualTo(1);
    assertThat(malloryCrm.deal(own.getString("id")).getString("pipeline_stage_id")).isEqualTo(mine);
  }

  @Test
  void theDatabaseItselfRefusesACrossTenantStageReference() throws Exception {
    JsonObject alicePipeline = aliceCrm.orgDefault();
    malloryCrm.orgDefault();
    String sql = "INSERT INTO opportunities (org_id, id, public_id, name, pipeline_id, pipeline_stage_id) "
        + "VALUES (?, gen_random_uuid(), 'opp_AAAAAAAAAAAA', 'forged', ?::uuid, ?::uuid)";
    try (var c = TestDatabase.connect(server.database); var st = c.prepareStatement(sql)) {
      st.setObject(1, mallory.orgId);
      st.setString(2, alicePipeline.getString("id"));
      st.setString(3, Crm.stageId(alicePipeline, "Won"));
      SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, st::executeUpdate);
      assertThat(refused.getSQLState()).isEqualTo("23503");
    }
  }

  private HttpResponse<Buffer> create(String stageId) {
    return mallory.post("/api/v1/crm/opportunities", wrap("opportunity", new JsonObject().put("name", "x").put("pipeline_stage_id", stageId)));
  }

  private HttpResponse<Buffer> reorder(String stageId, JsonArray ids) {
    return mallory.post("/api/v1/crm/opportunities/reorder", new JsonObject().put("pipeline_stage_id", stageId).put("ordered_ids", ids));
  }

  private static void sameAsUnknown(HttpResponse<Buffer> foreign, HttpResponse<Buffer> unknown) {
    assertThat(foreign.statusCode()).as(foreign.bodyAsString()).isEqualTo(unknown.statusCode()).isIn(404, 422);
    assertThat(foreign.bodyAsJsonObject()).isEqualTo(unknown.bodyAsJsonObject());
  }
}
