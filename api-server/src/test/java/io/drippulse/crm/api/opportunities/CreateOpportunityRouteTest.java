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

/** POST /api/v1/crm/opportunities: where a new card goes, field validation, exact amounts, Idempotency-Key. One test per outcome. */
class CreateOpportunityRouteTest {

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

  private java.util.List<String> names(String query) {
    return strings(crm.list(query), "name");
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }
}
