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

class OpportunityRoutesTest {

  private static final String BASE = "/api/v1/crm/opportunities";
  private final TestServer server = TestServer.get();
  private final Api alice = server.newOrgUser();
  private final Crm crm = new Crm(alice);

  @Test
  void createWithoutStageGoesToTheOrgDefaultsUnassignedStage() {
    JsonObject deal = crm.createDeal("ACME expansion", null);
    JsonObject def = crm.orgDefault();
    assertThat(deal.getString("public_id")).matches("^opp_[0-9A-Za-z]{12}$");
    assertThat(deal.getString("pipeline_id")).isEqualTo(def.getString("id"));
    assertThat(deal.getString("pipeline_stage_id")).isEqualTo(Crm.stageId(def, "Unassigned"));
    assertThat(deal.getJsonObject("stage").getString("name")).isEqualTo("Unassigned");
    assertThat(deal.getJsonObject("stage").getString("kind")).isEqualTo("open");
    assertThat(deal.getString("status")).isEqualTo("open");
    assertThat(deal.getInteger("stage_position")).isZero();
    assertThat(deal.getInteger("version")).isEqualTo(1);
    assertThat(deal.getString("currency")).isEqualTo("USD");
    assertThat(deal.fieldNames()).contains("amount", "expected_close_date", "owner_user_id", "description",
        "stage_entered_at", "created_at", "updated_at", "id");
  }

  @Test
  void createAppendsAtTheEndOfTheStage() {
    String stage = Crm.stageId(crm.orgDefault(), "Proposal");
    assertThat(crm.createDeal("one", stage).getInteger("stage_position")).isEqualTo(0);
    assertThat(crm.createDeal("two", stage).getInteger("stage_position")).isEqualTo(1);
    assertThat(crm.createDeal("three", stage).getInteger("stage_position")).isEqualTo(2);
  }

  @Test
  void createWithPipelineOnlyUsesItsFirstStageAndAMismatchIs422() {
    JsonObject mine = crm.createPipeline("Partners");
    JsonObject deal = ok(alice.post(BASE, wrap("opportunity", new JsonObject().put("name", "P1").put("pipeline_id", mine.getString("id")))), 201);
    assertThat(deal.getString("pipeline_stage_id")).isEqualTo(mine.getJsonArray("stages").getJsonObject(0).getString("id"));

    HttpResponse<Buffer> mismatch = alice.post(BASE, wrap("opportunity", new JsonObject().put("name", "P2")
        .put("pipeline_id", mine.getString("id")).put("pipeline_stage_id", Crm.stageId(crm.orgDefault(), "Won"))));
    assertThat(mismatch.statusCode()).isEqualTo(422);
    assertThat(errorCode(mismatch)).isEqualTo("stage_not_in_pipeline");
  }

  @Test
  void createValidatesFields() {
    assertError(alice.post(BASE, wrap("opportunity", new JsonObject())), 422, "validation_failed");
    assertError(alice.post(BASE, wrap("opportunity", new JsonObject().put("name", "x").put("currency", "XYZ"))), 422, "validation_failed");
    assertError(alice.post(BASE, wrap("opportunity", new JsonObject().put("name", "x").put("amount", "-5"))), 422, "validation_failed");
    assertError(alice.post(BASE, wrap("opportunity", new JsonObject().put("name", "x").put("amount", "1.234"))), 422, "validation_failed");
    assertError(alice.post(BASE, wrap("opportunity", new JsonObject().put("name", "x").put("currency", "JPY").put("amount", "10.5"))), 422, "validation_failed");
    assertError(alice.post(BASE, wrap("opportunity", new JsonObject().put("name", "x").put("expected_close_date", "2026-13-01"))), 422, "validation_failed");
    assertError(alice.post(BASE, wrap("opportunity", new JsonObject().put("name", "x").put("amount", true))), 400, "invalid_type");
    assertError(alice.post(BASE, wrap("opportunity", new JsonObject().put("name", "x").put("pipeline_stage_id", "nope"))), 422, "unknown_stage");
    assertError(alice.post(BASE, wrap("opportunity", new JsonObject().put("name", "x").put("pipeline_stage_id", UUID.randomUUID().toString()))), 422, "unknown_stage");
    assertError(alice.post(BASE, wrap("opportunity", new JsonObject().put("name", "x").put("pipeline_id", UUID.randomUUID().toString()))), 422, "unknown_pipeline");
    assertThat(crm.list("")).isEmpty();
  }

  @Test
  void amountsAreExactDecimalsWrittenAsStrings() {
    JsonObject fromString = ok(alice.post(BASE, wrap("opportunity", new JsonObject().put("name", "s").put("amount", "1250.5").put("currency", "eur"))), 201);
    assertThat(fromString.getString("amount")).isEqualTo("1250.50");
    assertThat(fromString.getString("currency")).isEqualTo("EUR");
    HttpResponse<Buffer> raw = alice.sendRaw(HttpMethod.POST, BASE,
        Buffer.buffer("{\"opportunity\":{\"name\":\"n\",\"amount\":9007199254740993.01}}"), "application/json", null);
    assertThat(raw.statusCode()).isEqualTo(422); // beyond numeric(17,4)'s 13 integer digits, refused rather than rounded
    HttpResponse<Buffer> precise = alice.sendRaw(HttpMethod.POST, BASE,
        Buffer.buffer("{\"opportunity\":{\"name\":\"n\",\"amount\":1234567890123.45}}"), "application/json", null);
    assertThat(ok(precise, 201).getString("amount")).isEqualTo("1234567890123.45");
    JsonObject yen = ok(alice.post(BASE, wrap("opportunity", new JsonObject().put("name", "y").put("amount", 1200).put("currency", "JPY"))), 201);
    assertThat(yen.getString("amount")).isEqualTo("1200");
  }

  @Test
  void idempotencyKeyReplaysTheFirstResponse() {
    JsonObject body = wrap("opportunity", new JsonObject().put("name", "Once"));
    HttpResponse<Buffer> first = alice.request(HttpMethod.POST, BASE).putHeader("Idempotency-Key", "k-1")
        .putHeader("Content-Type", "application/json").sendBuffer(body.toBuffer()).await();
    HttpResponse<Buffer> again = alice.request(HttpMethod.POST, BASE).putHeader("Idempotency-Key", "k-1")
        .putHeader("Content-Type", "application/json").sendBuffer(body.toBuffer()).await();
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(again.bodyAsJsonObject().getString("id")).isEqualTo(first.bodyAsJsonObject().getString("id"));
    assertThat(crm.list("")).hasSize(1);

    HttpResponse<Buffer> different = alice.request(HttpMethod.POST, BASE).putHeader("Idempotency-Key", "k-1")
        .putHeader("Content-Type", "application/json").sendBuffer(wrap("opportunity", new JsonObject().put("name", "Other")).toBuffer()).await();
    assertError(different, 422, "idempotency_key_reused");

    Api stranger = server.newOrgUser();
    HttpResponse<Buffer> otherOrg = stranger.request(HttpMethod.POST, BASE).putHeader("Idempotency-Key", "k-1")
        .putHeader("Content-Type", "application/json").sendBuffer(body.toBuffer()).await();
    assertThat(otherOrg.statusCode()).isEqualTo(201);
    assertThat(otherOrg.bodyAsJsonObject().getString("id")).isNotEqualTo(first.bodyAsJsonObject().getString("id"));
  }

  @Test
  void getByPublicIdOrUuidWithEtag() {
    JsonObject deal = crm.createDeal("Lookup", null);
    HttpResponse<Buffer> byPublic = alice.get(BASE + "/" + deal.getString("public_id"));
    HttpResponse<Buffer> byUuid = alice.get(BASE + "/" + deal.getString("id"));
    assertThat(byPublic.statusCode()).isEqualTo(200);
    assertThat(byPublic.getHeader("ETag")).isEqualTo("\"1\"");
    assertThat(byUuid.bodyAsJsonObject()).isEqualTo(byPublic.bodyAsJsonObject());
    assertThat(alice.get(BASE + "/opp_doesnotexist").statusCode()).isEqualTo(404);
    assertThat(alice.get(BASE + "/garbage").statusCode()).isEqualTo(404);
  }

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
  void deleteClosesTheGap() {
    String stage = Crm.stageId(crm.orgDefault(), "Proposal");
    crm.createDeal("A", stage);
    JsonObject b = crm.createDeal("B", stage);
    crm.createDeal("C", stage);
    assertThat(alice.delete(BASE + "/" + b.getString("public_id")).statusCode()).isEqualTo(204);
    JsonArray left = crm.list("pipeline_stage_id=" + stage);
    assertThat(strings(left, "name")).containsExactly("A", "C");
    assertThat(strings(left, "stage_position")).containsExactly("0", "1");
    assertThat(alice.delete(BASE + "/" + b.getString("public_id")).statusCode()).isEqualTo(404);
  }

  @Test
  void reorderTakesMixedIdFormsAndKeepsUnlistedOnesAfter() {
    String stage = Crm.stageId(crm.orgDefault(), "Qualification");
    JsonObject a = crm.createDeal("A", stage);
    JsonObject b = crm.createDeal("B", stage);
    JsonObject c = crm.createDeal("C", stage);
    JsonObject d = crm.createDeal("D", stage);
    JsonObject result = ok(alice.post(BASE + "/reorder", new JsonObject().put("pipeline_stage_id", stage)
        .put("ordered_ids", new JsonArray().add(c.getString("public_id")).add(a.getString("id")))), 200);
    assertThat(result.getString("pipeline_stage_id")).isEqualTo(stage);
    // the answer lists what the reorder wrote: the listed cards, now at 0..n-1
    assertThat(strings(result.getJsonArray("opportunities"), "public_id"))
        .containsExactly(c.getString("public_id"), a.getString("public_id"));
    assertThat(strings(result.getJsonArray("opportunities"), "stage_position")).containsExactly("0", "1");
    assertThat(crm.deal(b.getString("id")).getInteger("stage_position")).isEqualTo(2);
    assertThat(crm.deal(d.getString("id")).getInteger("stage_position")).isEqualTo(3);
    assertThat(names("pipeline_stage_id=" + stage)).containsExactly("C", "A", "B", "D");
  }

  @Test
  void reorderWithABadIdIs422NamingItAndChangesNothing() {
    JsonObject def = crm.orgDefault();
    String stage = Crm.stageId(def, "Qualification");
    JsonObject a = crm.createDeal("A", stage);
    JsonObject b = crm.createDeal("B", stage);
    JsonObject elsewhere = crm.createDeal("E", Crm.stageId(def, "Won"));
    HttpResponse<Buffer> response = alice.post(BASE + "/reorder", new JsonObject().put("pipeline_stage_id", stage)
        .put("ordered_ids", new JsonArray().add(b.getString("id")).add(elsewhere.getString("public_id")).add("opp_nothinghere").add(b.getString("public_id"))));
    assertError(response, 422, "invalid_ordered_ids");
    JsonArray details = response.bodyAsJsonObject().getJsonObject("error").getJsonArray("details");
    assertThat(strings(details, "id")).containsExactly(elsewhere.getString("public_id"), "opp_nothinghere", b.getString("public_id"));
    assertThat(strings(details, "reason")).containsExactly("not_in_stage", "not_in_stage", "duplicate");
    assertThat(names("pipeline_stage_id=" + stage)).containsExactly("A", "B");
    assertThat(a.getString("id")).isNotNull();

    assertError(alice.post(BASE + "/reorder", new JsonObject().put("pipeline_stage_id", UUID.randomUUID().toString())
        .put("ordered_ids", new JsonArray())), 422, "unknown_stage");
    assertError(alice.post(BASE + "/reorder", new JsonObject().put("pipeline_stage_id", stage)), 422, "validation_failed");
    assertError(alice.post(BASE + "/reorder", new JsonObject().put("pipeline_stage_id", stage).put("ordered_ids", new JsonArray().add(3))), 400, "invalid_type");
  }

  @Test
  void listFiltersByLiteralSubstringAndPagesWithACursor() {
    String stage = Crm.stageId(crm.orgDefault(), "Unassigned");
    for (String name : new String[] {"Alpha 100%", "Beta_x", "alphabet", "Gamma", "BetaX"}) {
      crm.createDeal(name, stage);
    }
    assertThat(names("q=ALPHA")).containsExactly("Alpha 100%", "alphabet");
    assertThat(names("q=" + encode("100%"))).containsExactly("Alpha 100%");
    assertThat(names("q=a_x")).containsExactly("Beta_x");
    JsonObject gamma = crm.list("q=Gamma").getJsonObject(0);
    assertThat(names("q=" + gamma.getString("public_id").substring(2))).containsExactly("Gamma");

    JsonObject page1 = ok(alice.get(BASE + "?limit=2"), 200);
    assertThat(strings(page1.getJsonArray("opportunities"), "name")).containsExactly("Alpha 100%", "Beta_x");
    // a card above the cursor disappears: the next page must neither skip nor repeat
    assertThat(alice.delete(BASE + "/" + page1.getJsonArray("opportunities").getJsonObject(0).getString("id")).statusCode()).isEqualTo(204);
    JsonObject page2 = ok(alice.get(BASE + "?limit=2&cursor=" + page1.getString("next_cursor")), 200);
    assertThat(strings(page2.getJsonArray("opportunities"), "name")).containsExactly("alphabet", "Gamma");
    JsonObject page3 = ok(alice.get(BASE + "?limit=2&cursor=" + page2.getString("next_cursor")), 200);
    assertThat(strings(page3.getJsonArray("opportunities"), "name")).containsExactly("BetaX");
    assertThat(page3.getValue("next_cursor")).isNull();
  }

  @Test
  void listRejectsBadQueryValues() {
    assertError(alice.get(BASE + "?limit=0"), 400, "invalid_limit");
    assertError(alice.get(BASE + "?limit=501"), 400, "invalid_limit");
    assertError(alice.get(BASE + "?limit=ten"), 400, "invalid_limit");
    assertError(alice.get(BASE + "?cursor=bogus"), 400, "invalid_cursor");
    assertError(alice.get(BASE + "?pipeline_id=" + UUID.randomUUID()), 404, "not_found");
  }

  @Test
  void listWithoutPipelineUsesTheCallersDefault() {
    JsonObject mine = crm.createPipeline("Mine");
    crm.createDeal("In default", null);
    crm.createDeal("In mine", Crm.stageId(mine, "Proposal"));
    assertThat(names("")).containsExactly("In default");
    ok(alice.post("/api/v1/crm/opportunity_pipelines/" + mine.getString("id") + "/set_default", new JsonObject()), 200);
    assertThat(names("")).containsExactly("In mine");
  }

  @Test
  void summaryTotalsPerStageAndCurrencyWithWeights() {
    JsonObject def = crm.orgDefault();
    String proposal = Crm.stageId(def, "Proposal");
    alice.post(BASE, wrap("opportunity", new JsonObject().put("name", "P1").put("pipeline_stage_id", proposal).put("amount", "100.10")));
    alice.post(BASE, wrap("opportunity", new JsonObject().put("name", "P2").put("pipeline_stage_id", proposal).put("amount", "0.01")));
    alice.post(BASE, wrap("opportunity", new JsonObject().put("name", "Other").put("pipeline_stage_id", proposal).put("amount", "50").put("currency", "EUR")));
    alice.post(BASE, wrap("opportunity", new JsonObject().put("name", "No amount").put("pipeline_stage_id", proposal)));
    JsonObject summary = ok(alice.get("/api/v1/crm/opportunity_pipelines/" + def.getString("id") + "/summary"), 200);
    JsonObject stage = summary.getJsonArray("stages").getJsonObject(2);
    assertThat(stage.getString("name")).isEqualTo("Proposal");
    assertThat(stage.getLong("count")).isEqualTo(4);
    assertThat(stage.getJsonArray("amounts").encode()).isEqualTo(new JsonArray()
        .add(new JsonObject().put("currency", "EUR").put("total", "50.00").put("weighted_total", "25.00"))
        .add(new JsonObject().put("currency", "USD").put("total", "100.11").put("weighted_total", "50.06")).encode());
    assertThat(summary.getJsonArray("stages").getJsonObject(0).getLong("count")).isZero();
    assertThat(summary.getJsonObject("totals").getLong("count")).isEqualTo(4);

    JsonObject filtered = ok(alice.get("/api/v1/crm/opportunity_pipelines/" + def.getString("id") + "/summary?q=other"), 200);
    assertThat(filtered.getJsonArray("stages").getJsonObject(2).getLong("count")).isEqualTo(1);
    assertThat(server.newOrgUser().get("/api/v1/crm/opportunity_pipelines/" + def.getString("id") + "/summary").statusCode()).isEqualTo(404);
  }

  @Test
  void stageHistoryRecordsEveryMove() {
    JsonObject def = crm.orgDefault();
    JsonObject deal = crm.createDeal("Journey", null);
    crm.move(deal.getString("id"), new JsonObject().put("pipeline_stage_id", Crm.stageId(def, "Proposal")));
    crm.move(deal.getString("id"), new JsonObject().put("name", "Journey (renamed)"));
    crm.move(deal.getString("id"), new JsonObject().put("pipeline_stage_id", Crm.stageId(def, "Won")));
    HttpResponse<Buffer> response = alice.get(BASE + "/" + deal.getString("public_id") + "/stage_history");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonArray history = response.bodyAsJsonArray();
    assertThat(strings(history, "stage_name")).containsExactly("Unassigned", "Proposal", "Won");
    assertThat(strings(history, "moved_by")).containsOnly(alice.userId);
    assertThat(history.getJsonObject(0).getString("exited_at")).isEqualTo(history.getJsonObject(1).getString("entered_at"));
    assertThat(history.getJsonObject(2).getValue("exited_at")).isNull();
    JsonObject won = ok(alice.get(BASE + "/" + deal.getString("id")), 200);
    assertThat(history.getJsonObject(2).getString("entered_at")).isEqualTo(won.getString("stage_entered_at"));
  }

  @Test
  void stageHistoryNamesTheApiKeyThatMovedACard() {
    JsonObject created = ok(alice.post("/api/v1/api_keys", new JsonObject().put("name", "zapier")), 201);
    Api bot = server.withAuthorization("Bearer " + created.getString("key"));
    JsonObject deal = ok(bot.post(BASE, wrap("opportunity", new JsonObject().put("name", "From a form"))), 201);
    ok(bot.patch(BASE + "/" + deal.getString("id"), wrap("opportunity",
        new JsonObject().put("pipeline_stage_id", Crm.stageId(crm.orgDefault(), "Qualification")))), 200);
    HttpResponse<Buffer> response = bot.get(BASE + "/" + deal.getString("id") + "/stage_history");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonArray history = response.bodyAsJsonArray();
    assertThat(strings(history, "moved_by")).containsExactly("api_key:" + created.getString("id"), "api_key:" + created.getString("id"));
    assertThat(history.getJsonObject(1).getLong("seconds_in_stage")).isNotNegative();
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
  void idempotencyComparesJsonNotBytes() {
    String first = "{\"opportunity\": {\"name\": \"Same\", \"amount\": \"5\"}}";
    String reordered = "{\"opportunity\":{\"amount\":\"5\",\"name\":\"Same\"}}";
    HttpResponse<Buffer> a = alice.request(HttpMethod.POST, BASE).putHeader("Idempotency-Key", "canon")
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(first)).await();
    HttpResponse<Buffer> b = alice.request(HttpMethod.POST, BASE).putHeader("Idempotency-Key", "canon")
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(reordered)).await();
    assertThat(b.statusCode()).isEqualTo(201);
    assertThat(b.bodyAsJsonObject().getString("id")).isEqualTo(a.bodyAsJsonObject().getString("id"));
  }

  @Test
  void concurrentRepeatsOfOneIdempotencyKeyCreateOneCard() throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      java.util.List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit(() -> {
          HttpResponse<Buffer> r = alice.request(HttpMethod.POST, BASE).putHeader("Idempotency-Key", "race")
              .putHeader("Content-Type", "application/json")
              .sendBuffer(wrap("opportunity", new JsonObject().put("name", "Raced")).toBuffer()).await();
          assertThat(r.statusCode()).isEqualTo(201);
          return r.bodyAsJsonObject().getString("id");
        }));
      }
      java.util.Set<String> ids = new java.util.HashSet<>();
      for (var f : results) {
        ids.add(f.get());
      }
      assertThat(ids).hasSize(1);
    } finally {
      pool.shutdown();
    }
    assertThat(crm.list("")).hasSize(1);
  }

  @Test
  void listWithAStageOfAnotherPipelineIs404() {
    JsonObject other = crm.createPipeline("Other");
    String pipeline = crm.orgDefault().getString("id");
    assertError(alice.get(BASE + "?pipeline_id=" + pipeline + "&pipeline_stage_id=" + Crm.stageId(other, "Won")), 404, "not_found");
  }

  private java.util.List<String> names(String query) {
    return strings(crm.list(query), "name");
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

}
