package io.drippulse.crm.api.opportunities;

import static io.drippulse.crm.api.support.Json.assertError;
import static io.drippulse.crm.api.support.Json.ok;
import static io.drippulse.crm.api.support.Json.strings;
import static io.drippulse.crm.api.support.Json.wrap;
import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.Api;
import io.drippulse.crm.api.support.Crm;
import io.drippulse.crm.api.support.TestServer;
import io.drippulse.crm.db.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Rotting (PRODUCT.md §9.4): rotting_days on stages, days_in_stage and is_rotting, rotting=true, rotting_count. */
class RottingTest {

  private static final String PIPELINES = "/api/v1/crm/opportunity_pipelines";
  private static final String OPPORTUNITIES = "/api/v1/crm/opportunities";
  private final TestServer server = TestServer.get();
  private final Api alice = server.newOrgUser();
  private final Crm crm = new Crm(alice);

  /** Sets when the card entered its stage, as if it had sat there that long. */
  private void enteredDaysAgo(String id, double days) {
    try (Connection c = TestDatabase.connect(server.database);
         PreparedStatement st = c.prepareStatement(
             "UPDATE opportunities SET stage_entered_at = now() - make_interval(secs => ?) WHERE id = ?")) {
      st.setDouble(1, days * 86400);
      st.setObject(2, UUID.fromString(id));
      assertThat(st.executeUpdate()).isEqualTo(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A pipeline whose Proposal stage rots after 7 days and whose Won stage has rotting_days too (never rots: closed). */
  private JsonObject rottingPipeline() {
    JsonObject pipeline = crm.createPipeline("Rotting " + UUID.randomUUID());
    JsonArray stages = new JsonArray();
    pipeline.getJsonArray("stages").forEach(s -> {
      JsonObject stage = (JsonObject) s;
      JsonObject item = new JsonObject().put("id", stage.getString("id"));
      if (stage.getString("name").equals("Proposal") || stage.getString("name").equals("Won")) {
        item.put("rotting_days", 7);
      }
      stages.add(item);
    });
    return ok(alice.patch(PIPELINES + "/" + pipeline.getString("id"), wrap("pipeline", new JsonObject().put("stages", stages))), 200);
  }

  private JsonObject deal(String name, String stageId) {
    return ok(alice.post(OPPORTUNITIES, wrap("opportunity", new JsonObject().put("name", name).put("pipeline_stage_id", stageId))), 201);
  }

  @Test
  void stagesCarryRottingDaysThatAPatchSetsKeepsAndClears() {
    JsonObject pipeline = rottingPipeline();
    JsonObject proposal = pipeline.getJsonArray("stages").stream().map(JsonObject.class::cast)
        .filter(s -> s.getString("name").equals("Proposal")).findFirst().orElseThrow();
    assertThat(proposal.getInteger("rotting_days")).isEqualTo(7);
    JsonArray keep = new JsonArray();
    pipeline.getJsonArray("stages").forEach(s -> keep.add(new JsonObject().put("id", ((JsonObject) s).getString("id"))));
    JsonObject kept = ok(alice.patch(PIPELINES + "/" + pipeline.getString("id"), wrap("pipeline", new JsonObject().put("stages", keep))), 200);
    assertThat(kept.getJsonArray("stages").getJsonObject(2).getInteger("rotting_days")).isEqualTo(7);
    keep.getJsonObject(2).putNull("rotting_days");
    JsonObject cleared = ok(alice.patch(PIPELINES + "/" + pipeline.getString("id"), wrap("pipeline", new JsonObject().put("stages", keep))), 200);
    assertThat(cleared.getJsonArray("stages").getJsonObject(2).getValue("rotting_days")).isNull();
  }

  @Test
  void rottingDaysOutOfRangeIs422AndTheWrongTypeIs400() {
    JsonObject pipeline = crm.createPipeline("Bad rot");
    for (int bad : new int[] {0, 3651, -1}) {
      JsonArray stages = pipeline.getJsonArray("stages").copy();
      stages.getJsonObject(1).put("rotting_days", bad);
      assertError(alice.patch(PIPELINES + "/" + pipeline.getString("id"), wrap("pipeline", new JsonObject().put("stages", stages))),
          422, "validation_failed");
    }
    JsonArray stages = pipeline.getJsonArray("stages").copy();
    stages.getJsonObject(1).put("rotting_days", "7");
    assertError(alice.patch(PIPELINES + "/" + pipeline.getString("id"), wrap("pipeline", new JsonObject().put("stages", stages))),
        400, "invalid_type");
    assertThat(ok(alice.get(PIPELINES + "/" + pipeline.getString("id")), 200).getJsonArray("stages").getJsonObject(1)
        .getValue("rotting_days")).isNull();
  }

  @Test
  void everyOpportunityCarriesWholeDaysInStageAndWhetherItRots() {
    JsonObject pipeline = rottingPipeline();
    String proposal = Crm.stageId(pipeline, "Proposal");
    String won = Crm.stageId(pipeline, "Won");
    String qualification = Crm.stageId(pipeline, "Qualification");
    JsonObject fresh = deal("Fresh", proposal);
    JsonObject almost = deal("Almost", proposal);
    JsonObject rotten = deal("Rotten", proposal);
    JsonObject closed = deal("Closed", won);
    JsonObject noLimit = deal("No limit", qualification);
    enteredDaysAgo(almost.getString("id"), 6.99);
    enteredDaysAgo(rotten.getString("id"), 7.01);
    enteredDaysAgo(closed.getString("id"), 30);
    enteredDaysAgo(noLimit.getString("id"), 300);
    assertThat(crm.deal(fresh.getString("id")).getInteger("days_in_stage")).isZero();
    assertThat(crm.deal(fresh.getString("id")).getBoolean("is_rotting")).isFalse();
    assertThat(crm.deal(almost.getString("id")).getInteger("days_in_stage")).isEqualTo(6);
    assertThat(crm.deal(almost.getString("id")).getBoolean("is_rotting")).isFalse();
    assertThat(crm.deal(rotten.getString("id")).getInteger("days_in_stage")).isEqualTo(7);
    assertThat(crm.deal(rotten.getString("id")).getBoolean("is_rotting")).isTrue();
    assertThat(crm.deal(closed.getString("id")).getBoolean("is_rotting")).as("a won stage never rots").isFalse();
    assertThat(crm.deal(noLimit.getString("id")).getInteger("days_in_stage")).isEqualTo(300);
    assertThat(crm.deal(noLimit.getString("id")).getBoolean("is_rotting")).isFalse();
    JsonArray listed = crm.list("pipeline_id=" + pipeline.getString("id"));
    assertThat(listed.stream().map(JsonObject.class::cast).filter(o -> o.getBoolean("is_rotting")).map(o -> o.getString("name")).toList())
        .containsExactly("Rotten");

    JsonArray rotting = crm.list("pipeline_id=" + pipeline.getString("id") + "&rotting=true");
    assertThat(strings(rotting, "name")).containsExactly("Rotten");
    assertThat(rotting.getJsonObject(0).getInteger("stage_position")).as("its own position in the stage").isEqualTo(2);
    assertThat(strings(crm.list("pipeline_id=" + pipeline.getString("id") + "&rotting=true&q=Rot"), "name")).containsExactly("Rotten");
    assertThat(strings(crm.list("pipeline_id=" + pipeline.getString("id") + "&rotting=true&q=Fresh"), "name")).isEmpty();

    JsonArray summary = ok(alice.get(PIPELINES + "/" + pipeline.getString("id") + "/summary"), 200).getJsonArray("stages");
    assertThat(summary.stream().map(JsonObject.class::cast).filter(st -> st.getString("stage_id").equals(proposal))
        .findFirst().orElseThrow().getLong("rotting_count")).isEqualTo(1);
    assertThat(summary.stream().map(JsonObject.class::cast).mapToLong(st -> st.getLong("rotting_count")).sum()).isEqualTo(1);
    JsonArray searched = ok(alice.get(PIPELINES + "/" + pipeline.getString("id") + "/summary?q=o"), 200).getJsonArray("stages");
    assertThat(searched.stream().map(JsonObject.class::cast).mapToLong(st -> st.getLong("rotting_count")).sum()).isEqualTo(1);
  }

  @Test
  void aMoveStartsTheClockAgain() {
    JsonObject pipeline = rottingPipeline();
    JsonObject card = deal("Mover", Crm.stageId(pipeline, "Proposal"));
    enteredDaysAgo(card.getString("id"), 10);
    assertThat(crm.deal(card.getString("id")).getBoolean("is_rotting")).isTrue();
    JsonObject moved = crm.move(card.getString("id"), new JsonObject().put("pipeline_stage_id", Crm.stageId(pipeline, "Negotiation")));
    assertThat(moved.getInteger("days_in_stage")).isZero();
    assertThat(moved.getBoolean("is_rotting")).isFalse();
  }

  @Test
  void aBadRottingValueIs400() {
    assertError(alice.get(OPPORTUNITIES + "?rotting=yes"), 400, "invalid_query");
  }
}
