package io.drippulse.crm.api.opportunities;

import static io.drippulse.crm.api.support.Json.ok;
import static io.drippulse.crm.api.support.Json.wrap;
import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.Api;
import io.drippulse.crm.api.support.Board;
import io.drippulse.crm.api.support.Crm;
import io.drippulse.crm.api.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The stage totals a summary reads are maintained by every write: after a random mix of creates, field
 * edits (amounts, currencies, amounts removed), moves within and across pipelines, deletes, reorders and
 * pipeline edits (stages added and removed, a pipeline deleted), they equal a fresh GROUP BY over the
 * cards, and the summary with and without q says what the cards say.
 */
class BoardTotalsTest {

  private static final String BASE = "/api/v1/crm/opportunities";
  private static final List<String> CURRENCIES = List.of("USD", "EUR", "JPY");

  private final TestServer server = TestServer.get();
  private final Api alice = server.newOrgUser();
  private final Crm crm = new Crm(alice);

  @Test
  void totalsEqualAGroupByAfterARandomMixOfWrites() throws Exception {
    Random random = new Random(11);
    JsonObject def = crm.orgDefault();
    JsonObject other = crm.createPipeline("Other");
    List<String> stages = new ArrayList<>();
    def.getJsonArray("stages").forEach(s -> stages.add(((JsonObject) s).getString("id")));
    stages.add(Crm.stageId(other, "Proposal"));
    List<String> cards = new ArrayList<>();
    for (int step = 0; step < 300; step++) {
      int dice = random.nextInt(100);
      String stage = stages.get(random.nextInt(stages.size()));
      String card = cards.isEmpty() ? null : cards.get(random.nextInt(cards.size()));
      if (dice < 30 || card == null) {
        cards.add(ok(alice.post(BASE, wrap("opportunity", withAmount(new JsonObject().put("name", "deal " + step)
            .put("pipeline_stage_id", stage), random))), 201).getString("id"));
      } else if (dice < 50) {
        crm.move(card, withAmount(new JsonObject(), random));
      } else if (dice < 70) {
        JsonObject move = new JsonObject().put("pipeline_stage_id", stage);
        if (random.nextBoolean()) {
          move.put("stage_position", random.nextInt(5));
        }
        crm.move(card, random.nextInt(4) == 0 ? withAmount(move, random) : move);
      } else if (dice < 80) {
        ok(alice.delete(BASE + "/" + card), 204);
        cards.remove(card);
      } else if (dice < 90) {
        reorderReversed(stage);
      } else {
        stageEdits(other, random.nextBoolean());
      }
    }
    Board.assertTotalsMatchCards(server.database, alice.orgId);
    Board.assertDenseAndOrdered(server.database, alice.orgId, crm);
    assertSummaryCountsTheCards(def.getString("id"), null);
    assertSummaryCountsTheCards(def.getString("id"), "deal 1");
    assertSummaryCountsTheCards(def.getString("id"), "1");
  }

  @Test
  void deletingAPipelineTakesItsEmptyTotalsWithIt() throws Exception {
    JsonObject doomed = crm.createPipeline("Doomed");
    String stage = Crm.stageId(doomed, "Proposal");
    String card = crm.createDeal("short-lived", stage).getString("id");
    ok(alice.patch(BASE + "/" + card, wrap("opportunity", new JsonObject().put("amount", "10"))), 200);
    ok(alice.delete(BASE + "/" + card), 204);
    ok(alice.delete("/api/v1/crm/opportunity_pipelines/" + doomed.getString("id")), 204);
    Board.assertTotalsMatchCards(server.database, alice.orgId);
    assertThat(alice.get("/api/v1/crm/opportunity_pipelines/" + doomed.getString("id") + "/summary").statusCode()).isEqualTo(404);
  }

  private static JsonObject withAmount(JsonObject body, Random random) {
    String currency = CURRENCIES.get(random.nextInt(CURRENCIES.size()));
    int dice = random.nextInt(5);
    body.put("currency", currency);
    if (dice == 0 || (dice == 1 && currency.equals("JPY"))) { // an amount kept as it is may carry cents
      body.putNull("amount");
    } else if (dice > 1) {
      body.put("amount", currency.equals("JPY") ? String.valueOf(random.nextInt(100000)) : random.nextInt(10000) + ".25");
    }
    return body;
  }

  private void reorderReversed(String stage) {
    JsonArray listed = crm.list("pipeline_stage_id=" + stage + "&limit=500");
    JsonArray ids = new JsonArray();
    for (int i = listed.size() - 1; i >= 0; i -= 2) {
      ids.add(listed.getJsonObject(i).getString("public_id"));
    }
    ok(alice.post(BASE + "/reorder", new JsonObject().put("pipeline_stage_id", stage).put("ordered_ids", ids)), 200);
  }

  /** Adds a stage "Temp" to the other pipeline, or removes it when it is empty. */
  private void stageEdits(JsonObject pipeline, boolean add) {
    JsonObject current = null;
    for (Object p : crm.pipelines().getJsonArray("pipelines")) {
      if (((JsonObject) p).getString("id").equals(pipeline.getString("id"))) {
        current = (JsonObject) p;
      }
    }
    JsonArray desired = new JsonArray();
    boolean hasTemp = false;
    for (Object s : current.getJsonArray("stages")) {
      JsonObject stage = (JsonObject) s;
      hasTemp |= stage.getString("name").equals("Temp");
      if (!stage.getString("name").equals("Temp") || add) {
        desired.add(new JsonObject().put("id", stage.getString("id")));
      }
    }
    if (add && !hasTemp) {
      desired.add(new JsonObject().put("name", "Temp"));
    }
    int status = alice.patch("/api/v1/crm/opportunity_pipelines/" + pipeline.getString("id"),
        wrap("pipeline", new JsonObject().put("stages", desired))).statusCode();
    assertThat(status).isIn(200, 409);
  }

  /** The summary's per-stage counts equal the cards the list route shows for the same q. */
  private void assertSummaryCountsTheCards(String pipelineId, String q) {
    String query = q == null ? "" : "?q=" + q.replace(" ", "%20");
    JsonObject summary = ok(alice.get("/api/v1/crm/opportunity_pipelines/" + pipelineId + "/summary" + query), 200);
    long total = 0;
    for (Object s : summary.getJsonArray("stages")) {
      JsonObject stage = (JsonObject) s;
      String filter = "pipeline_stage_id=" + stage.getString("stage_id") + "&limit=500" + (q == null ? "" : "&q=" + q.replace(" ", "%20"));
      assertThat(stage.getLong("count")).as("stage %s q=%s", stage.getString("name"), q).isEqualTo(crm.list(filter).size());
      total += stage.getLong("count");
    }
    assertThat(summary.getJsonObject("totals").getLong("count")).isEqualTo(total);
  }
}
