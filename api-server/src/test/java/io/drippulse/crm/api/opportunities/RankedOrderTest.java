package io.drippulse.crm.api.opportunities;

import static io.drippulse.crm.api.support.Json.ok;
import static io.drippulse.crm.api.support.Json.wrap;
import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.Api;
import io.drippulse.crm.api.support.Board;
import io.drippulse.crm.api.support.Crm;
import io.drippulse.crm.api.support.TestServer;
import io.drippulse.crm.db.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Ranked order (PRODUCT.md §9.1): a write touches the rows it names, whatever the stage holds, and the
 * positions the API shows stay exactly 0..n-1 in order, also where repeated inserts at one index use up
 * the rank gaps and the server respreads, alone or with many clients at once.
 */
class RankedOrderTest {

  private static final String BASE = "/api/v1/crm/opportunities";
  private final TestServer server = TestServer.get();
  private final Api alice = server.newOrgUser();
  private final Crm crm = new Crm(alice);

  @Test
  void repeatedInsertsAtOneIndexKeepTheExactOrderThroughRespreads() throws Exception {
    JsonObject def = crm.orgDefault();
    String from = Crm.stageId(def, "Qualification");
    String to = Crm.stageId(def, "Proposal");
    String first = crm.createDeal("first", to).getString("id");
    String last = crm.createDeal("last", to).getString("id");
    List<String> moved = crm.createDeals("c", from, 250);
    // 250 inserts between the same two neighbours: the gap of 2^20 runs out after 20, then respreads
    for (String id : moved) {
      JsonObject card = crm.move(id, new JsonObject().put("pipeline_stage_id", to).put("stage_position", 1));
      assertThat(card.getInteger("stage_position")).isEqualTo(1);
    }
    List<String> expected = new ArrayList<>(List.of(first));
    List<String> reversed = new ArrayList<>(moved);
    Collections.reverse(reversed);
    expected.addAll(reversed);
    expected.add(last);
    assertThat(ids(Board.listWholeStage(crm, to))).isEqualTo(expected);
    assertThat(crm.deal(last).getInteger("stage_position")).isEqualTo(251);
    Board.assertDenseAndOrdered(server.database, alice.orgId, crm);
    Board.assertTotalsMatchCards(server.database, alice.orgId);
  }

  @Test
  void concurrentInsertsAtOneIndexStayDenseAndOrdered() throws Exception {
    JsonObject def = crm.orgDefault();
    String from = Crm.stageId(def, "Qualification");
    String to = Crm.stageId(def, "Negotiation");
    crm.createDeal("top", to);
    crm.createDeal("second", to);
    crm.createDeal("bottom", to);
    List<String> cards = crm.createDeals("m", from, 160);
    List<Integer> positions = Collections.synchronizedList(new ArrayList<>());
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    ExecutorService clients = Executors.newFixedThreadPool(8);
    for (int c = 0; c < 8; c++) {
      List<String> mine = cards.subList(c * 20, (c + 1) * 20);
      clients.submit(() -> {
        try {
          for (String id : mine) {
            positions.add(crm.move(id, new JsonObject().put("pipeline_stage_id", to).put("stage_position", 2))
                .getInteger("stage_position"));
          }
        } catch (Throwable t) {
          failures.add(t);
        }
      });
    }
    clients.shutdown();
    assertThat(clients.awaitTermination(3, TimeUnit.MINUTES)).isTrue();
    assertThat(failures).isEmpty();
    // each answer is read in the move's own transaction: the card is at index 2 when it commits
    assertThat(positions).hasSize(160).containsOnly(2);
    JsonArray stage = Board.listWholeStage(crm, to);
    assertThat(stage.size()).isEqualTo(163);
    assertThat(stage.getJsonObject(0).getString("name")).isEqualTo("top");
    assertThat(stage.getJsonObject(1).getString("name")).isEqualTo("second");
    assertThat(stage.getJsonObject(162).getString("name")).isEqualTo("bottom");
    Board.assertDenseAndOrdered(server.database, alice.orgId, crm);
    Board.assertTotalsMatchCards(server.database, alice.orgId);
  }

  /**
   * From index 128 on, the rank function and the same-place check count from whichever end of the stage is
   * nearer, and past the end they append at once (migration V14): every index of a 300-card stage lands
   * where a list model says, for cards from another stage and from the same one.
   */
  @Test
  void movesToTheLowerHalfAndPastTheEndOfALongStageLandWhereAsked() throws Exception {
    JsonObject def = crm.orgDefault();
    String other = Crm.stageId(def, "Qualification");
    String stage = Crm.stageId(def, "Proposal");
    List<String> model = crm.createDeals("p", stage, 300);
    List<String> outside = crm.createDeals("q", other, 4);
    int[][] moves = {{-1, 299}, {-2, 300}, {-3, 5000}, {-4, 151}, {10, 298}, {20, 299}, {30, 200}, {250, 150},
        {260, 128}, {5, 301}, {140, 139}, {299, 160}};
    for (int[] move : moves) {
      String id = move[0] < 0 ? outside.get(-move[0] - 1) : model.get(move[0]);
      model.remove(id);
      int expected = Math.min(move[1], model.size());
      model.add(expected, id);
      JsonObject card = crm.move(id, new JsonObject().put("pipeline_stage_id", stage).put("stage_position", move[1]));
      assertThat(card.getInteger("stage_position")).as("a move to %d", move[1]).isEqualTo(expected);
    }
    assertThat(ids(Board.listWholeStage(crm, stage))).isEqualTo(model);
    for (int index : new int[] {140, 200, 250, model.size() - 1}) {
      JsonObject card = crm.deal(model.get(index));
      JsonObject echoed = crm.move(card.getString("id"), new JsonObject().put("pipeline_stage_id", stage).put("stage_position", index));
      assertThat(echoed).as("the card at %d sent back", index).isEqualTo(card);
    }
    Board.assertDenseAndOrdered(server.database, alice.orgId, crm);
    Board.assertTotalsMatchCards(server.database, alice.orgId);
  }

  @Test
  void createMoveAndDeleteWriteOnlyTheCardTheyName() throws Exception {
    JsonObject def = crm.orgDefault();
    String a = Crm.stageId(def, "Qualification");
    String b = Crm.stageId(def, "Proposal");
    List<String> inA = new ArrayList<>();
    for (int i = 0; i < 130; i++) {
      inA.add(crm.createDeal("a" + i, a).getString("id"));
      crm.createDeal("b" + i, b);
    }
    Map<String, String> before = rowVersions();
    String moving = inA.get(70);
    assertThat(crm.move(moving, new JsonObject().put("pipeline_stage_id", b).put("stage_position", 40))
        .getInteger("stage_position")).isEqualTo(40);
    assertThat(crm.move(inA.get(10), new JsonObject().put("stage_position", 120)).getInteger("stage_position")).isEqualTo(120);
    ok(alice.delete(BASE + "/" + inA.get(100)), 204);
    String created = crm.createDeal("new", a).getString("id");
    Map<String, String> after = rowVersions();

    List<String> rewritten = new ArrayList<>();
    after.forEach((id, version) -> {
      if (before.containsKey(id) && !before.get(id).equals(version)) {
        rewritten.add(id);
      }
    });
    assertThat(rewritten).containsExactlyInAnyOrder(moving, inA.get(10));
    assertThat(after).doesNotContainKey(inA.get(100)).containsKey(created);
    assertThat(crm.deal(moving).getInteger("stage_position")).isEqualTo(40);
    // the card deleted sat above it: one card fewer before it, without its row being written
    assertThat(crm.deal(inA.get(10)).getInteger("stage_position")).isEqualTo(119);
    Board.assertDenseAndOrdered(server.database, alice.orgId, crm);
  }

  @Test
  void reorderWritesOnlyTheListedCards() throws Exception {
    String stage = Crm.stageId(crm.orgDefault(), "Qualification");
    List<String> ids = crm.createDeals("r", stage, 60);
    Map<String, String> before = rowVersions();
    List<String> listed = List.of(ids.get(59), ids.get(3), ids.get(30));
    JsonObject result = ok(alice.post(BASE + "/reorder", new JsonObject().put("pipeline_stage_id", stage)
        .put("ordered_ids", new JsonArray(new ArrayList<>(listed)))), 200);
    assertThat(result.getJsonArray("opportunities")).hasSize(3);
    Map<String, String> after = rowVersions();
    List<String> rewritten = new ArrayList<>();
    after.forEach((id, version) -> {
      if (!before.get(id).equals(version)) {
        rewritten.add(id);
      }
    });
    assertThat(rewritten).containsExactlyInAnyOrderElementsOf(listed);
    List<String> expected = new ArrayList<>(listed);
    ids.stream().filter(id -> !listed.contains(id)).forEach(expected::add);
    assertThat(ids(Board.listWholeStage(crm, stage))).isEqualTo(expected);
    Board.assertDenseAndOrdered(server.database, alice.orgId, crm);
  }

  private static List<String> ids(JsonArray cards) {
    List<String> ids = new ArrayList<>();
    cards.forEach(c -> ids.add(((JsonObject) c).getString("id")));
    return ids;
  }

  /** Each card's row versions (xmin of the card and of its rank row, and its rank): change whenever a row is written. */
  private Map<String, String> rowVersions() throws Exception {
    Map<String, String> versions = new HashMap<>();
    try (var c = TestDatabase.connect(server.database);
         var st = c.prepareStatement("SELECT o.id::text, o.xmin::text || '/' || r.xmin::text || '/' || r.rank FROM opportunities o"
             + " JOIN opportunity_ranks r ON r.org_id = o.org_id AND r.id = o.id WHERE o.org_id = ?")) {
      st.setObject(1, alice.orgId);
      ResultSet rs = st.executeQuery();
      while (rs.next()) {
        versions.put(rs.getString(1), rs.getString(2));
      }
    }
    return versions;
  }
}
