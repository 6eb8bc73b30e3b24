package io.drippulse.crm.api.opportunities;

import static io.drippulse.crm.api.support.Json.assertError;
import static io.drippulse.crm.api.support.Json.ok;
import static io.drippulse.crm.api.support.Json.wrap;
import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.Api;
import io.drippulse.crm.api.support.Crm;
import io.drippulse.crm.api.support.TestServer;
import io.drippulse.crm.db.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The list sorts of PRODUCT.md §9.4: each key both ways (values, then nulls; ties by id), pages across cursor
 * boundaries while cards move, the filters beside a sort, refusals, and tenancy. One test per outcome.
 */
class ListSortTest {

  private static final String BASE = "/api/v1/crm/opportunities";
  private final TestServer server = TestServer.get();
  private final Api alice = server.newOrgUser();
  private final Crm crm = new Crm(alice);
  private final JsonObject pipeline = crm.orgDefault();

  private JsonObject deal(String name, String stage, String amount, String currency, String closeDate, String owner) {
    JsonObject body = new JsonObject().put("name", name).put("pipeline_stage_id", Crm.stageId(pipeline, stage))
        .put("amount", amount).put("currency", currency).put("expected_close_date", closeDate).put("owner_user_id", owner);
    return crm.createDeal(body);
  }

  /** Every page of the query, {@code limit} at a time; {@code between} runs after each page but the last. */
  private List<JsonObject> pages(Api api, String query, int limit, Runnable between) {
    List<JsonObject> seen = new ArrayList<>();
    String cursor = null;
    do {
      JsonObject page = ok(api.get(BASE + "?" + query + "&limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor)), 200);
      page.getJsonArray("opportunities").forEach(o -> seen.add((JsonObject) o));
      cursor = page.getString("next_cursor");
      if (cursor != null) {
        between.run();
      }
    } while (cursor != null);
    return seen;
  }

  private List<JsonObject> pages(String query, int limit) {
    return pages(alice, query, limit, () -> { });
  }

  private static List<String> names(List<JsonObject> cards) {
    return cards.stream().map(o -> o.getString("name")).toList();
  }

  /**
   * The order the API promises: values by {@code value}, nulls after them in both directions, ties by id in
   * the sort's direction (PostgreSQL compares uuids as bytes, which is their lower-case text order).
   */
  private static <T extends Comparable<T>> List<String> expected(List<JsonObject> cards, Function<JsonObject, T> value, boolean descending) {
    Comparator<JsonObject> byValue = Comparator.comparing(value, Comparator.nullsLast(Comparator.naturalOrder()));
    Comparator<JsonObject> order = byValue.thenComparing(o -> o.getString("id"));
    if (descending) {
      Comparator<JsonObject> reversed = Comparator.comparing(value, Comparator.nullsFirst(Comparator.<T>naturalOrder()))
          .thenComparing(o -> o.getString("id")).reversed();
      order = reversed;
    }
    return names(cards.stream().sorted(order).toList());
  }

  private static BigDecimal amount(JsonObject card) {
    return card.getString("amount") == null ? null : new BigDecimal(card.getString("amount"));
  }

  @Test
  void nameSortsCaseInsensitivelyBothWaysWithTiesById() {
    List<JsonObject> cards = new ArrayList<>();
    for (String name : List.of("delta", "Bravo", "alpha", "Delta", "charlie", "DELTA", "echo")) {
      cards.add(deal(name, "Proposal", null, "USD", null, null));
    }
    List<String> ascending = expected(cards, o -> o.getString("name").toLowerCase(), false);
    assertThat(ascending.subList(0, 3)).containsExactly("alpha", "Bravo", "charlie");
    for (int limit : new int[] {2, 3, 100}) {
      assertThat(names(pages("sort=name", limit))).as("limit " + limit).isEqualTo(ascending);
      assertThat(names(pages("sort=-name", limit))).as("limit " + limit)
          .isEqualTo(expected(cards, o -> o.getString("name").toLowerCase(), true));
    }
  }

  @Test
  void amountSortsByTheNumberAcrossCurrenciesWithNullsLastBothWays() {
    List<JsonObject> cards = new ArrayList<>();
    cards.add(deal("ten USD", "Qualification", "10", "USD", null, null));
    cards.add(deal("none 1", "Qualification", null, "USD", null, null));
    cards.add(deal("nine hundred JPY", "Proposal", "900", "JPY", null, null));
    cards.add(deal("ten EUR", "Won", "10.00", "EUR", null, null));
    cards.add(deal("none 2", "Proposal", null, "USD", null, null));
    cards.add(deal("ninety-nine and a half", "Lost", "99.50", "USD", null, null));
    cards.add(deal("zero", "Negotiation", "0", "USD", null, null));
    cards.add(deal("none 3", "Won", null, "USD", null, null));
    List<String> ascending = expected(cards, ListSortTest::amount, false);
    List<String> descending = expected(cards, ListSortTest::amount, true);
    assertThat(ascending.get(0)).isEqualTo("zero");
    assertThat(descending.get(0)).isEqualTo("nine hundred JPY");
    assertThat(ascending.subList(5, 8)).containsExactlyInAnyOrder("none 1", "none 2", "none 3");
    assertThat(descending.subList(5, 8)).containsExactlyInAnyOrder("none 1", "none 2", "none 3");
    for (int limit : new int[] {1, 2, 5, 100}) {
      assertThat(names(pages("sort=amount", limit))).as("limit " + limit).isEqualTo(ascending);
      assertThat(names(pages("sort=-amount", limit))).as("limit " + limit).isEqualTo(descending);
    }
  }

  @Test
  void closeDateSortsWithNullsLastBothWays() {
    List<JsonObject> cards = new ArrayList<>();
    cards.add(deal("March", "Qualification", null, "USD", "2027-03-01", null));
    cards.add(deal("undated 1", "Qualification", null, "USD", null, null));
    cards.add(deal("January", "Won", null, "USD", "2027-01-15", null));
    cards.add(deal("March again", "Proposal", null, "USD", "2027-03-01", null));
    cards.add(deal("undated 2", "Lost", null, "USD", null, null));
    cards.add(deal("next year", "Proposal", null, "USD", "2028-01-01", null));
    Function<JsonObject, String> date = o -> o.getString("expected_close_date");
    List<String> ascending = expected(cards, date, false);
    List<String> descending = expected(cards, date, true);
    assertThat(ascending.subList(0, 1)).containsExactly("January");
    assertThat(descending.subList(0, 1)).containsExactly("next year");
    for (int limit : new int[] {1, 2, 4, 100}) {
      assertThat(names(pages("sort=expected_close_date", limit))).as("limit " + limit).isEqualTo(ascending);
      assertThat(names(pages("sort=-expected_close_date", limit))).as("limit " + limit).isEqualTo(descending);
    }
  }

  @Test
  void updatedAtSortsByTheLastWriteAndEachCardKeepsItsOwnStagePosition() {
    List<JsonObject> cards = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      cards.add(deal("card " + i, i % 2 == 0 ? "Qualification" : "Proposal", null, "USD", null, null));
    }
    // an edit makes card 1 the most recently updated
    crm.move(cards.get(1).getString("id"), new JsonObject().put("description", "touched"));
    List<JsonObject> all = pages("sort=-updated_at", 2);
    assertThat(names(all)).startsWith("card 1");
    assertThat(names(all)).isEqualTo(expected(all, o -> Instant.parse(o.getString("updated_at")), true));
    assertThat(names(pages("sort=updated_at", 3))).isEqualTo(expected(all, o -> Instant.parse(o.getString("updated_at")), false));
    for (JsonObject card : all) {
      assertThat(card.getInteger("stage_position")).as(card.getString("name"))
          .isEqualTo(crm.deal(card.getString("id")).getInteger("stage_position"));
    }
  }

  @Test
  void everyCardOfASortedPageHasItsOwnPositionInItsStage() {
    Random random = new Random(3);
    for (int i = 0; i < 18; i++) {
      deal("p" + i, List.of("Qualification", "Proposal", "Won").get(i % 3), Integer.toString(random.nextInt(1000)), "USD", null, null);
    }
    for (int limit : new int[] {4, 100}) {
      for (JsonObject card : pages("sort=-amount", limit)) {
        assertThat(card.getInteger("stage_position")).as(card.getString("name") + " at limit " + limit)
            .isEqualTo(crm.deal(card.getString("id")).getInteger("stage_position"));
      }
    }
  }

  @Test
  void pagingWhileCardsMoveStagesNeitherRepeatsNorSkipsAnyCardWhoseValueStayed() {
    List<String> stages = List.of("Qualification", "Proposal", "Negotiation", "Won");
    List<JsonObject> cards = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      cards.add(deal("m" + i, stages.get(i % 4), i % 7 == 0 ? null : Integer.toString(i * 37 % 50), "USD", null, null));
    }
    List<String> expected = expected(cards, ListSortTest::amount, true);
    Random random = new Random(11);
    // between pages, cards jump to random places of random stages: none of that changes an amount
    List<JsonObject> seen = pages(alice, "sort=-amount", 3, () -> {
      for (int n = 0; n < 3; n++) {
        JsonObject mover = cards.get(random.nextInt(cards.size()));
        crm.move(mover.getString("id"), new JsonObject().put("pipeline_stage_id", Crm.stageId(pipeline, stages.get(random.nextInt(4))))
            .put("stage_position", random.nextInt(10)));
      }
    });
    assertThat(names(seen)).isEqualTo(expected);
  }

  @Test
  void updatedAtPagesWhileCardsMoveKeepEveryCardThatWasNotWritten() {
    List<String> steady = new ArrayList<>();
    List<String> movers = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      (i % 3 == 0 ? movers : steady).add(deal("u" + i, i % 2 == 0 ? "Qualification" : "Proposal", null, "USD", null, null).getString("name"));
    }
    List<JsonObject> before = pages("sort=updated_at", 100);
    Random random = new Random(5);
    List<String> seen = names(pages(alice, "sort=updated_at", 4, () -> {
      String mover = movers.get(random.nextInt(movers.size()));
      String id = before.stream().filter(o -> o.getString("name").equals(mover)).findFirst().orElseThrow().getString("id");
      crm.move(id, new JsonObject().put("pipeline_stage_id", Crm.stageId(pipeline, random.nextBoolean() ? "Won" : "Negotiation")));
    }));
    // a move writes updated_at, so a moved card may be seen again at the end; the others once each, in order
    List<String> steadySeen = new ArrayList<>(seen);
    steadySeen.retainAll(steady);
    assertThat(steadySeen).isEqualTo(names(before).stream().filter(steady::contains).toList());
  }

  @Test
  void sortCombinesWithOwnerStatusStageAndQ() {
    deal("dana big", "Qualification", "900", "USD", null, "dana");
    deal("dana small", "Proposal", "10", "USD", null, "dana");
    deal("dana none", "Proposal", null, "USD", null, "dana");
    deal("dana won", "Won", "500", "USD", null, "dana");
    deal("bob big", "Qualification", "1000", "USD", null, "bob");
    deal("unowned", "Proposal", "50", "USD", null, null);
    assertThat(names(pages("sort=-amount&owner_user_id=dana&status=open", 1))).containsExactly("dana big", "dana small", "dana none");
    assertThat(names(pages("sort=amount&status=won", 1))).containsExactly("dana won");
    assertThat(names(pages("sort=amount&pipeline_stage_id=" + Crm.stageId(pipeline, "Proposal"), 1)))
        .containsExactly("dana small", "unowned", "dana none");
    assertThat(names(pages("sort=-name&q=big", 1))).containsExactly("dana big", "bob big");
    assertThat(names(pages("sort=-name&q=%20b", 1))).as("q too short for trigrams").containsExactly("dana big", "bob big");
  }

  @Test
  void sortCombinesWithRotting() throws SQLException {
    // the org default's stages are for admins to edit: a pipeline of alice's own, whose Proposal rots after 7 days
    JsonObject rotting = crm.createPipeline("Rotting");
    JsonArray stages = new JsonArray();
    rotting.getJsonArray("stages").forEach(st -> stages.add(new JsonObject().put("id", ((JsonObject) st).getString("id"))
        .put("rotting_days", ((JsonObject) st).getString("name").equals("Proposal") ? 7 : null)));
    ok(alice.patch("/api/v1/crm/opportunity_pipelines/" + rotting.getString("id"), wrap("pipeline", new JsonObject().put("stages", stages))), 200);
    List<String> stale = new ArrayList<>();
    for (String name : List.of("stale a", "fresh", "stale c", "stale b")) {
      String id = crm.createDeal(name, Crm.stageId(rotting, "Proposal")).getString("id");
      if (name.startsWith("stale")) {
        stale.add(id);
      }
    }
    crm.createDeal("other stage", Crm.stageId(rotting, "Qualification"));
    try (Connection c = TestDatabase.connect(server.database);
         PreparedStatement st = c.prepareStatement("UPDATE opportunities SET stage_entered_at = now() - interval '8 days' WHERE id = ANY(?)")) {
      st.setArray(1, c.createArrayOf("uuid", stale.stream().map(UUID::fromString).toArray()));
      assertThat(st.executeUpdate()).isEqualTo(3);
    }
    assertThat(names(pages("pipeline_id=" + rotting.getString("id") + "&sort=-name&rotting=true", 2)))
        .containsExactly("stale c", "stale b", "stale a");
  }

  @Test
  void aSortOutsideTheEightIs400() {
    for (String sort : List.of("price", "Name", "--name", "%2Bname", "stage_position", "-", "name,amount")) {
      assertError(alice.get(BASE + "?sort=" + sort), 400, "invalid_query");
    }
    assertError(alice.get(BASE + "?deleted=true&sort=name"), 400, "invalid_query");
  }

  @Test
  void aCursorOfAnotherSortOrOfBoardOrderIs400() {
    for (int i = 0; i < 3; i++) {
      deal("c" + i, "Proposal", "1" + i, "USD", null, null);
    }
    String byName = ok(alice.get(BASE + "?sort=name&limit=1"), 200).getString("next_cursor");
    String byBoard = ok(alice.get(BASE + "?limit=1"), 200).getString("next_cursor");
    assertError(alice.get(BASE + "?sort=-name&limit=1&cursor=" + byName), 400, "invalid_cursor");
    assertError(alice.get(BASE + "?sort=amount&limit=1&cursor=" + byName), 400, "invalid_cursor");
    assertError(alice.get(BASE + "?limit=1&cursor=" + byName), 400, "invalid_cursor");
    assertError(alice.get(BASE + "?sort=name&limit=1&cursor=" + byBoard), 400, "invalid_cursor");
    String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
        ("s1:amount:" + UUID.randomUUID() + ":v1e99999").getBytes(StandardCharsets.UTF_8));
    assertError(alice.get(BASE + "?sort=amount&cursor=" + forged), 400, "invalid_cursor");
    String nullName = Base64.getUrlEncoder().withoutPadding().encodeToString(
        ("s1:name:" + UUID.randomUUID() + ":n").getBytes(StandardCharsets.UTF_8));
    assertError(alice.get(BASE + "?sort=name&cursor=" + nullName), 400, "invalid_cursor");
    assertThat(ok(alice.get(BASE + "?sort=name&limit=1&cursor=" + byName), 200).getJsonArray("opportunities").getJsonObject(0)
        .getString("name")).isEqualTo("c1");
  }

  @Test
  void anotherOrgsCardsNeverAppearInASortedList() {
    Api bob = server.newOrgUser();
    Crm bobs = new Crm(bob);
    String bobStage = Crm.stageId(bobs.orgDefault(), "Proposal");
    for (String name : List.of("aaa bob", "mmm bob", "zzz bob")) {
      bobs.createDeal(name, bobStage);
    }
    deal("bbb alice", "Proposal", null, "USD", null, null);
    deal("yyy alice", "Proposal", null, "USD", null, null);
    assertThat(names(pages("sort=name", 1))).containsExactly("bbb alice", "yyy alice");
    // bob's cursor names bob's last card: in alice's org it is only a place in the order
    String bobsCursor = ok(bob.get(BASE + "?sort=name&limit=1"), 200).getString("next_cursor");
    assertThat(names(ok(alice.get(BASE + "?sort=name&cursor=" + bobsCursor), 200).getJsonArray("opportunities").stream()
        .map(o -> (JsonObject) o).toList())).containsExactly("bbb alice", "yyy alice");
    assertError(alice.get(BASE + "?sort=name&pipeline_id=" + bobs.orgDefault().getString("id")), 404, "not_found");
  }
}
