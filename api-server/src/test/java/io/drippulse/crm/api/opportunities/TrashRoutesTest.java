package io.drippulse.crm.api.opportunities;

import static io.drippulse.crm.api.support.Json.assertError;
import static io.drippulse.crm.api.support.Json.ok;
import static io.drippulse.crm.api.support.Json.strings;
import static io.drippulse.crm.api.support.Json.wrap;
import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.Api;
import io.drippulse.crm.api.support.Crm;
import io.drippulse.crm.api.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DELETE into the trash, the trash listing, restore (PRODUCT.md §9.4), one test per outcome. */
class TrashRoutesTest {

  private static final String BASE = "/api/v1/crm/opportunities";
  private static final String PIPELINES = "/api/v1/crm/opportunity_pipelines";
  private final TestServer server = TestServer.get();
  private final Api alice = server.newOrgUser();
  private final Crm crm = new Crm(alice);

  @Test
  void deleteMovesTheCardToTheTrashAndClosesItsStage() {
    JsonObject def = crm.orgDefault();
    String stage = Crm.stageId(def, "Proposal");
    JsonObject a = crm.createDeal("A", stage, "10");
    JsonObject b = crm.createDeal("B", stage, "20");
    assertThat(alice.delete(BASE + "/" + a.getString("id")).statusCode()).isEqualTo(204);
    assertError(alice.get(BASE + "/" + a.getString("id")), 404, "not_found");
    JsonArray board = crm.list("pipeline_stage_id=" + stage);
    assertThat(strings(board, "id")).containsExactly(b.getString("id"));
    assertThat(board.getJsonObject(0).getInteger("stage_position")).isZero();
    assertThat(crm.stageCount(def.getString("id"), stage)).isEqualTo(1);
    JsonArray trash = crm.list("deleted=true");
    assertThat(strings(trash, "id")).containsExactly(a.getString("id"));
    assertThat(trash.getJsonObject(0).getString("deleted_at")).isNotNull();
    assertThat(trash.getJsonObject(0).getString("amount")).isEqualTo("10.00");
  }

  @Test
  void theTrashIsNewestFirstAcrossCursorPages() {
    String stage = Crm.stageId(crm.orgDefault(), "Qualification");
    List<String> deleted = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      JsonObject d = crm.createDeal("T" + i, stage, null);
      assertThat(alice.delete(BASE + "/" + d.getString("public_id")).statusCode()).isEqualTo(204);
      deleted.add(0, d.getString("id"));
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      JsonObject page = crm.page("deleted=true&limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
      seen.addAll(strings(page.getJsonArray("opportunities"), "id"));
      cursor = page.getString("next_cursor");
    } while (cursor != null);
    assertThat(seen).containsExactlyElementsOf(deleted);
  }

  @Test
  void restorePutsTheCardBackAtTheEndOfItsStage() {
    JsonObject def = crm.orgDefault();
    String stage = Crm.stageId(def, "Negotiation");
    JsonObject a = crm.createDeal("A", stage, "5");
    crm.createDeal("B", stage, null);
    alice.delete(BASE + "/" + a.getString("id"));
    crm.createDeal("C", stage, null);
    JsonObject restored = ok(alice.post(BASE + "/" + a.getString("public_id") + "/restore", null), 200);
    assertThat(restored.getString("id")).isEqualTo(a.getString("id"));
    assertThat(restored.getString("pipeline_stage_id")).isEqualTo(stage);
    assertThat(restored.getInteger("stage_position")).isEqualTo(2);
    assertThat(restored.getString("stage_entered_at")).isEqualTo(a.getString("stage_entered_at"));
    assertThat(restored.getInteger("version")).isGreaterThan(a.getInteger("version"));
    assertThat(strings(crm.list("pipeline_stage_id=" + stage), "name")).containsExactly("B", "C", "A");
    assertThat(crm.stageCount(def.getString("id"), stage)).isEqualTo(3);
    assertThat(crm.list("deleted=true")).isEmpty();
    assertThat(alice.get(BASE + "/" + a.getString("id") + "/stage_history").bodyAsJsonArray()).hasSize(1);
  }

  @Test
  void aTrashedCardDoesNotBlockRemovingItsStageAndRestoresIntoTheOrgDefaultsUnassigned() {
    JsonObject pipeline = crm.createPipeline("Short lived");
    String removedStage = Crm.stageId(pipeline, "Proposal");
    JsonObject a = crm.createDeal("Orphan", removedStage, null);
    alice.delete(BASE + "/" + a.getString("id"));
    JsonArray kept = new JsonArray();
    pipeline.getJsonArray("stages").forEach(s -> {
      if (!((JsonObject) s).getString("id").equals(removedStage)) {
        kept.add(new JsonObject().put("id", ((JsonObject) s).getString("id")));
      }
    });
    ok(alice.patch(PIPELINES + "/" + pipeline.getString("id"), wrap("pipeline", new JsonObject().put("stages", kept))), 200);
    JsonObject trashed = crm.list("deleted=true").getJsonObject(0);
    assertThat(trashed.getValue("stage")).isNull();
    JsonObject restored = ok(alice.post(BASE + "/" + a.getString("id") + "/restore", null), 200);
    JsonObject def = crm.orgDefault();
    assertThat(restored.getString("pipeline_id")).isEqualTo(def.getString("id"));
    assertThat(restored.getString("pipeline_stage_id")).isEqualTo(Crm.stageId(def, "Unassigned"));
    JsonArray history = alice.get(BASE + "/" + a.getString("id") + "/stage_history").bodyAsJsonArray();
    assertThat(history.getJsonObject(history.size() - 1).getString("stage_id")).isEqualTo(Crm.stageId(def, "Unassigned"));
  }

  @Test
  void aTrashedCardDoesNotBlockDeletingItsPipeline() {
    JsonObject pipeline = crm.createPipeline("Doomed");
    JsonObject a = crm.createDeal("In doomed", Crm.stageId(pipeline, "Won"), null);
    alice.delete(BASE + "/" + a.getString("id"));
    assertThat(alice.delete(PIPELINES + "/" + pipeline.getString("id")).statusCode()).isEqualTo(204);
    JsonObject restored = ok(alice.post(BASE + "/" + a.getString("id") + "/restore", null), 200);
    assertThat(restored.getString("pipeline_stage_id")).isEqualTo(Crm.stageId(crm.orgDefault(), "Unassigned"));
  }

  @Test
  void restoringWhatIsNotInTheTrashIs404() {
    JsonObject live = crm.createDeal("Live", null);
    assertError(alice.post(BASE + "/" + live.getString("id") + "/restore", null), 404, "not_found");
    assertError(alice.post(BASE + "/opp_000000000000/restore", null), 404, "not_found");
    assertError(alice.post(BASE + "/not-an-id/restore", null), 404, "not_found");
    JsonObject twice = crm.createDeal("Twice", null);
    alice.delete(BASE + "/" + twice.getString("id"));
    ok(alice.post(BASE + "/" + twice.getString("id") + "/restore", null), 200);
    assertError(alice.post(BASE + "/" + twice.getString("id") + "/restore", null), 404, "not_found");
  }

  @Test
  void anotherOrgsTrashIsInvisible() {
    JsonObject mine = crm.createDeal("Mine", null);
    alice.delete(BASE + "/" + mine.getString("id"));
    Api mallory = server.newOrgUser();
    assertThat(new Crm(mallory).list("deleted=true")).isEmpty();
    assertError(mallory.post(BASE + "/" + mine.getString("id") + "/restore", null), 404, "not_found");
    assertThat(crm.list("deleted=true")).hasSize(1);
  }

  @Test
  void badTrashQueriesAre400() {
    assertError(alice.get(BASE + "?deleted=maybe"), 400, "invalid_query");
    assertError(alice.get(BASE + "?deleted=true&q=x"), 400, "invalid_query");
    assertError(alice.get(BASE + "?deleted=true&cursor=bm9wZQ"), 400, "invalid_cursor");
  }
}
