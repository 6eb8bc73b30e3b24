package io.drippulse.crm.api.opportunities;

import static io.drippulse.crm.api.support.Json.assertError;
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

/** The list filters owner_user_id and status (PRODUCT.md §9.4), in board order, across cursor pages. */
class ListFiltersTest {

  private static final String BASE = "/api/v1/crm/opportunities";
  private final TestServer server = TestServer.get();
  private final Api alice = server.newOrgUser();
  private final Crm crm = new Crm(alice);

  private JsonObject deal(String name, String stageId, String owner) {
    return crm.createDeal(new JsonObject().put("name", name).put("pipeline_stage_id", stageId).put("owner_user_id", owner));
  }

  /** Every page of the query, two at a time; {@code between} runs after the first page. */
  private List<JsonObject> pages(String query, Runnable between) {
    List<JsonObject> seen = new ArrayList<>();
    String cursor = null;
    boolean first = true;
    do {
      JsonObject page = crm.page(query + "&limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
      page.getJsonArray("opportunities").forEach(o -> seen.add((JsonObject) o));
      cursor = page.getString("next_cursor");
      if (first) {
        between.run();
        first = false;
      }
    } while (cursor != null);
    return seen;
  }

  @Test
  void ownerFilterPagesInBoardOrderWithEachCardsOwnPosition() {
    JsonObject def = crm.orgDefault();
    String qualification = Crm.stageId(def, "Qualification");
    String proposal = Crm.stageId(def, "Proposal");
    deal("Q other", qualification, "bob");
    deal("Q dana 1", qualification, "dana");
    deal("Q dana 2", qualification, "dana");
    deal("P other", proposal, null);
    deal("P dana", proposal, "dana");
    List<JsonObject> dana = pages("pipeline_id=" + def.getString("id") + "&owner_user_id=dana", () -> { });
    assertThat(dana.stream().map(o -> o.getString("name")).toList()).containsExactly("Q dana 1", "Q dana 2", "P dana");
    assertThat(dana.stream().map(o -> o.getInteger("stage_position")).toList()).containsExactly(1, 2, 1);
  }

  @Test
  void statusFilterKeepsWholeStagesOfThatKind() {
    JsonObject def = crm.orgDefault();
    deal("Open one", Crm.stageId(def, "Proposal"), null);
    deal("Won one", Crm.stageId(def, "Won"), null);
    deal("Won two", Crm.stageId(def, "Won"), null);
    deal("Lost one", Crm.stageId(def, "Lost"), null);
    assertThat(strings(crm.list("status=won"), "name")).containsExactly("Won one", "Won two");
    assertThat(strings(crm.list("status=lost"), "name")).containsExactly("Lost one");
    assertThat(strings(crm.list("status=open&owner_user_id=nobody"), "name")).isEmpty();
    assertThat(strings(crm.list("status=won&q=two"), "name")).containsExactly("Won two");
    assertThat(strings(crm.list("status=won&q=Won%20t"), "name")).containsExactly("Won two");
  }

  @Test
  void filteredPagesAcrossCursorsWhileACardMovesNeitherRepeatNorSkipTheOthers() {
    JsonObject def = crm.orgDefault();
    String qualification = Crm.stageId(def, "Qualification");
    String negotiation = Crm.stageId(def, "Negotiation");
    List<String> names = new ArrayList<>();
    JsonObject mover = null;
    for (int i = 0; i < 7; i++) {
      JsonObject d = deal("Dana " + i, i < 4 ? qualification : negotiation, "dana");
      names.add(d.getString("name"));
      if (i == 1) {
        mover = d;
      }
    }
    String moverId = mover.getString("id");
    // after the first page (Dana 0, Dana 1), Dana 1 leaves for the end of Negotiation
    List<JsonObject> seen = pages("owner_user_id=dana", () -> crm.move(moverId,
        new JsonObject().put("pipeline_stage_id", negotiation)));
    List<String> seenNames = seen.stream().map(o -> o.getString("name")).toList();
    assertThat(seenNames).startsWith("Dana 0", "Dana 1");
    assertThat(seenNames.subList(2, seenNames.size())).containsSubsequence("Dana 2", "Dana 3", "Dana 4", "Dana 5", "Dana 6");
    assertThat(seenNames.stream().filter(n -> !n.equals("Dana 1")).distinct().count())
        .isEqualTo(seenNames.stream().filter(n -> !n.equals("Dana 1")).count());
  }

  @Test
  void aBadStatusIs400() {
    assertError(alice.get(BASE + "?status=pending"), 400, "invalid_query");
    assertError(alice.get(BASE + "?deleted=true&status=won"), 400, "invalid_query");
  }
}
