package io.drippulse.crm.api.http;

import static io.drippulse.crm.api.support.Json.errorCode;
import static io.drippulse.crm.api.support.Json.ok;
import static io.drippulse.crm.api.support.Json.wrap;
import static io.drippulse.crm.api.support.Json.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.Api;
import io.drippulse.crm.api.support.Crm;
import io.drippulse.crm.api.support.TestServer;
import io.drippulse.crm.api.support.Tokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

/** Inputs a careless or hostile client can send: each gets a clear 4xx JSON error and changes nothing. */
class HostileInputTest {

  private static final String OPPS = "/api/v1/crm/opportunities";
  private final TestServer server = TestServer.get();
  private final Api alice = server.newOrgUser();
  private final Crm crm = new Crm(alice);

  @Test
  void astronomicalNumbersAreRefusedWithoutBeingExpanded() {
    for (String amount : new String[] {"1e999999999", "1e-999999999", "123456789012345678901234567890"}) {
      HttpResponse<Buffer> response = raw(HttpMethod.POST, OPPS, "{\"opportunity\":{\"name\":\"x\",\"amount\":" + amount + "}}");
      assertError(response, 422, "validation_failed");
    }
    assertThat(crm.list("")).isEmpty();
    JsonObject deal = crm.createDeal("d", null);
    assertError(raw(HttpMethod.PATCH, OPPS + "/" + deal.getString("id"), "{\"opportunity\":{\"version\":99999999999}}"), 422, "validation_failed");
  }

  @Test
  void nulCharactersAreRefused() {
    assertError(alice.post(OPPS, wrap("opportunity", new JsonObject().put("name", "a\u0000b"))), 422, "validation_failed");
    assertError(alice.post(OPPS, wrap("opportunity", new JsonObject().put("name", "ok").put("description", "a\u0000b"))), 422, "validation_failed");
    assertError(alice.post(OPPS, wrap("opportunity", new JsonObject().put("name", "ok").put("owner_user_id", "\u0000"))), 422, "validation_failed");
    assertError(alice.get(OPPS + "?q=%00"), 400, "invalid_query");
    String pipeline = crm.orgDefault().getString("id");
    assertError(alice.get("/api/v1/crm/opportunity_pipelines/" + pipeline + "/summary?q=%00"), 400, "invalid_query");
    assertThat(crm.list("")).isEmpty();
  }

  @Test
  void brokenPercentEncodingIs400() {
    assertError(alice.get(OPPS + "?q=%ZZ"), 400, "invalid_query");
    assertError(alice.get(OPPS + "?q=%"), 400, "invalid_query");
    HttpResponse<Buffer> path = alice.get(OPPS + "/%ZZ");
    assertThat(path.statusCode()).isEqualTo(400);
    assertThat(path.getHeader("Content-Type")).startsWith("application/json");
  }

  @Test
  void hugeStagePositionAppends() {
    String stage = Crm.stageId(crm.orgDefault(), "Proposal");
    JsonObject a = crm.createDeal("A", stage);
    crm.createDeal("B", stage);
    HttpResponse<Buffer> response = raw(HttpMethod.PATCH, OPPS + "/" + a.getString("id"),
        "{\"opportunity\":{\"stage_position\":1099511627776}}");
    assertThat(ok(response, 200).getInteger("stage_position")).isEqualTo(1);
  }

  @Test
  void stageNamesThatCollideOnlyInTheDatabaseAre422() {
    JsonObject pipeline = crm.createPipeline("Greek");
    JsonArray stages = new JsonArray()
        .add(new JsonObject().put("id", pipeline.getJsonArray("stages").getJsonObject(0).getString("id")))
        .add(new JsonObject().put("name", "ΑΣ"))
        .add(new JsonObject().put("name", "ας"));
    HttpResponse<Buffer> response = alice.patch("/api/v1/crm/opportunity_pipelines/" + pipeline.getString("id"),
        wrap("pipeline", new JsonObject().put("stages", stages)));
    assertThat(response.statusCode()).as(response.bodyAsString()).isIn(200, 422);
    if (response.statusCode() == 422) {
      assertThat(ok(alice.get("/api/v1/crm/opportunity_pipelines/" + pipeline.getString("id")), 200).getJsonArray("stages")).hasSize(6);
    }
  }

  @Test
  void controlCharactersInTheTokenSubjectAre401() {
    String token = server.tokens.sign("HS256", Tokens.claims(alice.orgId), Tokens.options("bad\u0000user"));
    assertError(server.withAuthorization("Bearer " + token).get("/api/v1/api_keys"), 401, "invalid_token");
  }

  @Test
  void badIdempotencyKeysAre400() {
    HttpResponse<Buffer> response = alice.request(HttpMethod.POST, OPPS).putHeader("Idempotency-Key", "x".repeat(256))
        .putHeader("Content-Type", "application/json").sendBuffer(wrap("opportunity", new JsonObject().put("name", "n")).toBuffer()).await();
    assertError(response, 400, "invalid_idempotency_key");
  }

  private HttpResponse<Buffer> raw(HttpMethod method, String path, String json) {
    return alice.sendRaw(method, path, Buffer.buffer(json), "application/json", null);
  }

}
