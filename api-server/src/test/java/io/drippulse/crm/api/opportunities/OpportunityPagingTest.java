package io.drippulse.crm.api.opportunities;

import static io.drippulse.crm.api.support.Json.ok;
import static io.drippulse.crm.api.support.Json.strings;
import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.Api;
import io.drippulse.crm.api.support.Crm;
import io.drippulse.crm.api.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pipeline-wide pages run across stage boundaries in board order, and cursors survive cards moving. */
class OpportunityPagingTest {

  private static final String BASE = "/api/v1/crm/opportunities";
  private final TestServer server = TestServer.get();
  private final Api alice = server.newOrgUser();
  private final Crm crm = new Crm(alice);

  @Test
  void pagesFollowStageOrderThenPositionAcrossStages() {
    JsonObject def = crm.orgDefault();
    // created out of board order on purpose: Won first, then Qualification
    crm.createDeal("E", Crm.stageId(def, "Won"));
    crm.createDeal("F", Crm.stageId(def, "Won"));
    for (String name : List.of("A", "B", "C")) {
      crm.createDeal(name, Crm.stageId(def, "Qualification"));
    }
    crm.createDeal("D", Crm.stageId(def, "Proposal"));
    assertThat(allPages("", 2)).containsExactly(List.of("A", "B"), List.of("C", "D"), List.of("E", "F"));
    assertThat(allPages("", 4)).containsExactly(List.of("A", "B", "C", "D"), List.of("E", "F"));
    assertThat(allPages("", 100)).containsExactly(List.of("A", "B", "C", "D", "E", "F"));
    assertThat(allPages("q=" + "no%20such%20deal&", 1)).isEmpty();
  }

  @Test
  void searchPagesSkipNonMatchingCardsInEveryStage() {
    JsonObject def = crm.orgDefault();
    for (String stage : List.of("Qualification", "Proposal", "Negotiation")) {
      for (int i = 0; i < 4; i++) {
        crm.createDeal((i % 2 == 0 ? "acme " : "other ") + stage + i, Crm.stageId(def, stage));
      }
    }
    List<List<String>> expected = List.of(List.of("acme Qualification0", "acme Qualification2"),
        List.of("acme Proposal0", "acme Proposal2"), List.of("acme Negotiation0", "acme Negotiation2"));
    assertThat(allPages("q=ACME&", 2)).as("through the trigram indexes").isEqualTo(expected);
    assertThat(allPages("q=e%20&", 2)).as("too short for trigrams: stage by stage").isEqualTo(expected);
  }

  @Test
  void whenTheLastCardSeenMovesAwayThePageContinuesFromWhereItWas() {
    JsonObject def = crm.orgDefault();
    String qualification = Crm.stageId(def, "Qualification");
    List<JsonObject> deals = new ArrayList<>();
    for (String name : List.of("A", "B", "C", "D")) {
      deals.add(crm.createDeal(name, qualification));
    }
    JsonObject first = ok(alice.get(BASE + "?limit=2"), 200);
    assertThat(strings(first.getJsonArray("opportunities"), "name")).containsExactly("A", "B");
    crm.move(deals.get(1).getString("id"), new JsonObject().put("pipeline_stage_id", Crm.stageId(def, "Lost")));
    JsonObject second = ok(alice.get(BASE + "?limit=2&cursor=" + first.getString("next_cursor")), 200);
    assertThat(strings(second.getJsonArray("opportunities"), "name")).containsExactly("C", "D");
    JsonObject third = ok(alice.get(BASE + "?limit=2&cursor=" + second.getString("next_cursor")), 200);
    assertThat(strings(third.getJsonArray("opportunities"), "name")).containsExactly("B");
  }

  @Test
  void pagingWhileCardsMoveNeitherRepeatsNorSkipsTheCardsThatStayPut() {
    JsonObject def = crm.orgDefault();
    String stage = Crm.stageId(def, "Proposal");
    String elsewhere = Crm.stageId(def, "Negotiation");
    List<String> steady = new ArrayList<>();
    List<String> movers = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      (i % 3 == 0 ? movers : steady).add(crm.createDeal("p" + i, stage).getString("id"));
    }
    java.util.Random random = new java.util.Random(7);
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int page = 0;
    do {
      JsonObject body = ok(alice.get(BASE + "?pipeline_stage_id=" + stage + "&limit=6" + (cursor == null ? "" : "&cursor=" + cursor)), 200);
      for (Object o : body.getJsonArray("opportunities")) {
        seen.add(((JsonObject) o).getString("id"));
      }
      cursor = body.getString("next_cursor");
      // between pages: movers jump within the stage, leave it, come back, or go away for good; new cards arrive
      String mover = movers.get(random.nextInt(movers.size()));
      switch (page++ % 4) {
        case 0 -> crm.move(mover, new JsonObject().put("stage_position", random.nextInt(40)));
        case 1 -> crm.move(mover, new JsonObject().put("pipeline_stage_id", elsewhere));
        case 2 -> crm.move(mover, new JsonObject().put("pipeline_stage_id", stage).put("stage_position", random.nextInt(40)));
        default -> crm.createDeal("late " + page, stage);
      }
    } while (cursor != null);
    // a card that moves below the cursor is rightly seen again; one that never moved is seen once, in order
    List<String> steadyInOrder = new ArrayList<>(seen);
    steadyInOrder.retainAll(steady);
    assertThat(steadyInOrder).as("every card that never moved, once, in board order").isEqualTo(steady);
  }

  private List<List<String>> allPages(String query, int limit) {
    List<List<String>> pages = new ArrayList<>();
    String cursor = null;
    do {
      JsonObject page = ok(alice.get(BASE + "?" + query + "limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor)), 200);
      if (!page.getJsonArray("opportunities").isEmpty()) {
        pages.add(strings(page.getJsonArray("opportunities"), "name"));
      }
      cursor = page.getString("next_cursor");
    } while (cursor != null);
    return pages;
  }
}
