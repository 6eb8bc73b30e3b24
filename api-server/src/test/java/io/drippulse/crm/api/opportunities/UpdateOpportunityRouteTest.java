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

/** PATCH /api/v1/crm/opportunities/:id for fields: versions, If-Match, a body version, no-op edits. One test per outcome. */
class UpdateOpportunityRouteTest {

  private static final String BASE = "/api/v1/crm/opportunities";
  private final TestServer server = TestServer.get();
  private final Api alice = server.newOrgUser();
  private final Crm crm = new Crm(alice);

  @Test
  void fieldEditsBumpVersionAndNeverTouchPositions() {
    String stage = Crm.stageId(crm.orgDefault(), "Qualification");
    JsonObject a = crm.createDeal("A", stage);
    JsonObject b = crm.createDeal("B", stage);
    JsonObject edited = crm.move(a.getString("id"), new JsonObject().put("name", "A+").put("amount", "10").put("description", "d"));
    assertThat(edited.getString("name")).isEqualTo("A+");
    assertThat(edited.getInteger("version")).isEqualTo(2);
    assertThat(edited.getInteger("stage_position")).isZero();
    assertThat(crm.deal(b.getString("id")).getInteger("version")).isEqualTo(1);
    assertThat(crm.deal(b.getString("id")).getInteger("stage_position")).isEqualTo(1);
  }

  @Test
  void ifMatchGuardsAgainstLostUpdates() {
    JsonObject deal = crm.createDeal("Guarded", null);
    HttpResponse<Buffer> stale = alice.sendRaw(HttpMethod.PATCH, BASE + "/" + deal.getString("id"),
        wrap("opportunity", new JsonObject().put("name", "x")).toBuffer(), "application/json", "\"7\"");
    assertError(stale, 412, "precondition_failed");
    HttpResponse<Buffer> fresh = alice.sendRaw(HttpMethod.PATCH, BASE + "/" + deal.getString("id"),
        wrap("opportunity", new JsonObject().put("name", "y")).toBuffer(), "application/json", "\"1\"");
    assertThat(fresh.statusCode()).isEqualTo(200);
    assertThat(fresh.getHeader("ETag")).isEqualTo("\"2\"");
    assertThat(crm.deal(deal.getString("id")).getString("name")).isEqualTo("y");
  }

  @Test
  void patchThatChangesNothingKeepsTheVersion() {
    JsonObject deal = crm.createDeal("Same", null);
    JsonObject again = crm.move(deal.getString("id"), new JsonObject().put("name", "Same"));
    assertThat(again.getInteger("version")).isEqualTo(deal.getInteger("version"));
    assertThat(again.getString("updated_at")).isEqualTo(deal.getString("updated_at"));
    JsonObject renamed = crm.move(deal.getString("id"), new JsonObject().put("name", "Other"));
    assertThat(renamed.getInteger("version")).isEqualTo(deal.getInteger("version") + 1);
  }

  @Test
  void staleVersionInTheBodyIs409() {
    JsonObject deal = crm.createDeal("Versioned", null);
    assertError(alice.patch(BASE + "/" + deal.getString("id"), wrap("opportunity", new JsonObject().put("name", "x").put("version", 5))),
        409, "version_conflict");
    assertThat(crm.move(deal.getString("id"), new JsonObject().put("name", "y").put("version", 1)).getInteger("version")).isEqualTo(2);
  }

  @Test
  void ifMatchAcceptsAListAndStar() {
    JsonObject deal = crm.createDeal("Tags", null);
    HttpResponse<Buffer> listed = alice.sendRaw(HttpMethod.PATCH, BASE + "/" + deal.getString("id"),
        wrap("opportunity", new JsonObject().put("name", "a")).toBuffer(), "application/json", "\"9\", \"1\"");
    assertThat(listed.statusCode()).isEqualTo(200);
    HttpResponse<Buffer> star = alice.sendRaw(HttpMethod.PATCH, BASE + "/" + deal.getString("id"),
        wrap("opportunity", new JsonObject().put("name", "b")).toBuffer(), "application/json", "*");
    assertThat(star.statusCode()).isEqualTo(200);
    HttpResponse<Buffer> weak = alice.sendRaw(HttpMethod.PATCH, BASE + "/" + deal.getString("id"),
        wrap("opportunity", new JsonObject().put("name", "c")).toBuffer(), "application/json", "W/\"3\"");
    assertError(weak, 412, "precondition_failed");
  }

  @Test
  void aPatchThatSendsTheCardsOwnValuesBackChangesNothing() {
    String stage = Crm.stageId(crm.orgDefault(), "Proposal");
    crm.createDeal("neighbour", stage);
    JsonObject created = ok(alice.post(BASE, wrap("opportunity", new JsonObject().put("name", "Echo").put("pipeline_stage_id", stage)
        .put("amount", "1250.50").put("currency", "EUR").put("expected_close_date", "2027-03-01").put("description", "same"))), 201);
    crm.createDeal("after", stage);
    JsonObject card = crm.deal(created.getString("id"));

    var response = alice.patch(BASE + "/" + card.getString("id"), wrap("opportunity", card.copy()));

    JsonObject echoed = ok(response, 200);
    assertThat(echoed.getInteger("version")).isEqualTo(card.getInteger("version"));
    assertThat(echoed.getString("updated_at")).isEqualTo(card.getString("updated_at"));
    assertThat(response.getHeader("ETag")).isEqualTo("\"" + card.getInteger("version") + "\"");
    assertThat(crm.deal(card.getString("id"))).isEqualTo(card);
  }

  @Test
  void theFirstAndTheLastCardSendingTheirOwnPlaceBackChangeNothing() {
    String stage = Crm.stageId(crm.orgDefault(), "Proposal");
    JsonObject first = crm.createDeal("first", stage);
    crm.createDeal("middle", stage);
    JsonObject last = crm.createDeal("last", stage);
    for (JsonObject created : java.util.List.of(first, last)) {
      JsonObject card = crm.deal(created.getString("id"));
      JsonObject echoed = crm.move(card.getString("id"), new JsonObject().put("pipeline_stage_id", stage)
          .put("stage_position", card.getInteger("stage_position")));
      assertThat(echoed).isEqualTo(card);
    }
    assertThat(names("pipeline_stage_id=" + stage)).containsExactly("first", "middle", "last");
  }

  private java.util.List<String> names(String query) {
    return strings(crm.list(query), "name");
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }
}
