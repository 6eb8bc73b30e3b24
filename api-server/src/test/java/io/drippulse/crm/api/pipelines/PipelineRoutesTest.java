package io.drippulse.crm.api.pipelines;

import static io.drippulse.crm.api.support.Json.assertError;
import static io.drippulse.crm.api.support.Json.errorCode;
import static io.drippulse.crm.api.support.Json.ok;
import static io.drippulse.crm.api.support.Json.strings;
import static io.drippulse.crm.api.support.Json.wrap;
import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.Api;
import io.drippulse.crm.api.support.Crm;
import io.drippulse.crm.api.support.TestServer;
import io.drippulse.crm.db.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PipelineRoutesTest {

  private static final String BASE = "/api/v1/crm/opportunity_pipelines";
  private final TestServer server = TestServer.get();
  private final Api alice = server.newOrgUser();
  private final Crm crm = new Crm(alice);

  @Test
  void listCreatesTheOrgDefaultWithItsSixStages() {
    JsonObject body = crm.pipelines();
    JsonArray pipelines = body.getJsonArray("pipelines");
    assertThat(pipelines).hasSize(1);
    JsonObject def = pipelines.getJsonObject(0);
    assertThat(def.getString("name")).isEqualTo("Default pipeline");
    assertThat(def.getBoolean("is_org_default")).isTrue();
    assertThat(def.getValue("user_id")).isNull();
    assertThat(body.getString("default_pipeline_id")).isEqualTo(def.getString("id"));
    JsonArray stages = def.getJsonArray("stages");
    assertThat(strings(stages, "name")).containsExactly("Unassigned", "Qualification", "Proposal", "Negotiation", "Won", "Lost");
    assertThat(strings(stages, "position")).containsExactly("0", "1", "2", "3", "4", "5");
    assertThat(strings(stages, "probability")).containsExactly("0", "20", "50", "75", "100", "0");
    assertThat(strings(stages, "kind")).containsExactly("open", "open", "open", "open", "won", "lost");
    assertThat(strings(stages, "is_unassigned")).containsExactly("true", "false", "false", "false", "false", "false");
    assertThat(stages.getJsonObject(0).getString("pipeline_id")).isEqualTo(def.getString("id"));
  }

  @Test
  void listEnsuresTheOrgDefaultEvenWhenTheCallerPrefersAnotherPipeline() throws Exception {
    // an organization whose rows arrived without an org default (say, written by another tool), never seen by this server
    UUID org = UUID.randomUUID();
    UUID preferred = UUID.randomUUID();
    try (var c = TestDatabase.connect(server.database); var st = c.createStatement()) {
      st.execute("INSERT INTO organizations (id) VALUES ('" + org + "')");
      st.execute("INSERT INTO users (org_id, id) VALUES ('" + org + "', 'carol')");
      st.execute("INSERT INTO pipelines (org_id, id, name, user_id) VALUES ('" + org + "', '" + preferred + "', 'Carol''s', 'carol')");
      st.execute("INSERT INTO user_default_pipelines (org_id, user_id, pipeline_id) VALUES ('" + org + "', 'carol', '" + preferred + "')");
    }
    JsonObject body = ok(server.as(org, "carol").get(BASE), 200);
    assertThat(body.getString("default_pipeline_id")).isEqualTo(preferred.toString());
    JsonArray pipelines = body.getJsonArray("pipelines");
    assertThat(strings(pipelines, "is_org_default")).containsExactly("true", "false");
    assertThat(pipelines.getJsonObject(0).getJsonArray("stages")).hasSize(6);
    assertThat(count("SELECT count(*) FROM pipelines WHERE org_id = ? AND is_org_default", org)).isEqualTo(1);
  }

  @Test
  void listWithoutCredentialsIs401() {
    assertError(alice.withoutAuthorization().get(BASE), 401, "missing_credentials");
  }

  @Test
  void concurrentFirstRequestsCreateExactlyOneOrgDefault() throws Exception {
    UUID org = UUID.randomUUID();
    ExecutorService pool = Executors.newFixedThreadPool(12);
    try {
      List<Callable<String>> calls = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        Api user = server.as(org, "racer-" + i);
        calls.add(() -> ok(user.get(BASE), 200).getString("default_pipeline_id"));
      }
      List<String> seen = new ArrayList<>();
      for (Future<String> f : pool.invokeAll(calls)) {
        seen.add(f.get());
      }
      assertThat(seen).hasSize(12).containsOnly(seen.get(0));
    } finally {
      pool.shutdown();
    }
    assertThat(count("SELECT count(*) FROM pipelines WHERE org_id = ? AND is_org_default", org)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM pipeline_stages WHERE org_id = ?", org)).isEqualTo(6);
  }

  @Test
  void createClonesTheOrgDefaultsStages() {
    JsonObject def = crm.orgDefault();
    JsonObject created = crm.createPipeline("  Enterprise  ");
    assertThat(created.getString("name")).isEqualTo("Enterprise");
    assertThat(created.getBoolean("is_org_default")).isFalse();
    assertThat(created.getString("user_id")).isEqualTo(alice.userId);
    JsonArray stages = created.getJsonArray("stages");
    for (String field : List.of("name", "position", "probability", "kind", "is_unassigned")) {
      assertThat(strings(stages, field)).isEqualTo(strings(def.getJsonArray("stages"), field));
    }
    assertThat(strings(stages, "id")).doesNotContainAnyElementsOf(strings(def.getJsonArray("stages"), "id"));
    assertThat(strings(stages, "pipeline_id")).containsOnly(created.getString("id"));
    assertThat(crm.pipelines().getJsonArray("pipelines")).hasSize(2);
  }

  @Test
  void createNeedsAUserSession() {
    HttpResponse<Buffer> response = apiKey().post(BASE, wrap("pipeline", new JsonObject().put("name", "Bots")));
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(errorCode(response)).isEqualTo("user_session_required");
  }

  @Test
  void createRejectsBadBodies() {
    assertThat(alice.post(BASE, wrap("pipeline", new JsonObject().put("name", " "))).statusCode()).isEqualTo(422);
    assertThat(alice.post(BASE, wrap("pipeline", new JsonObject().put("name", "x".repeat(201)))).statusCode()).isEqualTo(422);
    assertThat(alice.post(BASE, wrap("pipeline", new JsonObject().put("name", 7))).statusCode()).isEqualTo(400);
    assertThat(alice.post(BASE, new JsonObject().put("name", "flat")).statusCode()).isEqualTo(400);
    assertThat(crm.pipelines().getJsonArray("pipelines")).hasSize(1);
  }

  @Test
  void createWithoutCredentialsIs401() {
    assertError(alice.withoutAuthorization().post(BASE, wrap("pipeline", new JsonObject().put("name", "x"))), 401, "missing_credentials");
    assertThat(crm.pipelines().getJsonArray("pipelines")).hasSize(1);
  }

  @Test
  void getOneIs200() {
    JsonObject created = crm.createPipeline("Mine");
    assertThat(ok(alice.get(BASE + "/" + created.getString("id")), 200)).isEqualTo(created);
  }

  @Test
  void getOneWithoutCredentialsIs401() {
    JsonObject created = crm.createPipeline("Mine");
    assertError(alice.withoutAuthorization().get(BASE + "/" + created.getString("id")), 401, "missing_credentials");
  }

  /** Another organization's pipeline id answers, status and body, exactly like an id that does not exist. */
  @Test
  void anotherOrgsIdBehavesLikeAnUnknownId() {
    String theirs = crm.createPipeline("Secret").getString("id");
    String unknown = UUID.randomUUID().toString();
    Api stranger = server.newOrgUser();
    JsonObject rename = wrap("pipeline", new JsonObject().put("name", "Theirs"));
    sameAsUnknown(stranger.get(BASE + "/" + theirs), stranger.get(BASE + "/" + unknown));
    sameAsUnknown(stranger.patch(BASE + "/" + theirs, rename), stranger.patch(BASE + "/" + unknown, rename));
    sameAsUnknown(stranger.delete(BASE + "/" + theirs), stranger.delete(BASE + "/" + unknown));
    sameAsUnknown(stranger.post(BASE + "/" + theirs + "/set_default", new JsonObject()),
        stranger.post(BASE + "/" + unknown + "/set_default", new JsonObject()));
    sameAsUnknown(stranger.get(BASE + "/not-a-uuid"), stranger.get(BASE + "/" + unknown));
    assertThat(ok(alice.get(BASE + "/" + theirs), 200).getString("name")).isEqualTo("Secret");
  }

  @Test
  void patchRenamesAndReplacesStages() {
    JsonObject created = crm.createPipeline("Sales");
    JsonArray stages = created.getJsonArray("stages");
    String unassigned = stages.getJsonObject(0).getString("id");
    String proposal = stages.getJsonObject(2).getString("id");
    String won = stages.getJsonObject(4).getString("id");
    JsonArray desired = new JsonArray()
        .add(new JsonObject().put("id", unassigned))
        .add(new JsonObject().put("id", proposal).put("name", "Offer sent").put("probability", 60))
        .add(new JsonObject().put("name", "Legal review").put("probability", 80))
        .add(new JsonObject().put("id", won));
    JsonObject updated = ok(alice.patch(BASE + "/" + created.getString("id"),
        wrap("pipeline", new JsonObject().put("name", "Sales EMEA").put("stages", desired))), 200);
    assertThat(updated.getString("name")).isEqualTo("Sales EMEA");
    JsonArray after = updated.getJsonArray("stages");
    assertThat(strings(after, "name")).containsExactly("Unassigned", "Offer sent", "Legal review", "Won");
    assertThat(strings(after, "position")).containsExactly("0", "1", "2", "3");
    assertThat(strings(after, "probability")).containsExactly("0", "60", "80", "100");
    assertThat(strings(after, "kind")).containsExactly("open", "open", "open", "won");
    assertThat(after.getJsonObject(1).getString("id")).isEqualTo(proposal);
  }

  @Test
  void patchCanSwapStageNamesAndMoveTheUnassignedFlag() {
    JsonObject created = crm.createPipeline("Swap");
    JsonArray stages = created.getJsonArray("stages");
    JsonArray desired = new JsonArray();
    for (int i = 0; i < stages.size(); i++) {
      desired.add(new JsonObject().put("id", stages.getJsonObject(i).getString("id")));
    }
    desired.getJsonObject(1).put("name", "Proposal");
    desired.getJsonObject(2).put("name", "Qualification");
    desired.getJsonObject(0).put("is_unassigned", false);
    desired.getJsonObject(1).put("is_unassigned", true);
    JsonObject updated = ok(alice.patch(BASE + "/" + created.getString("id"), wrap("pipeline", new JsonObject().put("stages", desired))), 200);
    assertThat(strings(updated.getJsonArray("stages"), "name")).startsWith("Unassigned", "Proposal", "Qualification");
    assertThat(strings(updated.getJsonArray("stages"), "is_unassigned")).startsWith("false", "true", "false");
  }

  @Test
  void patchRefusesInvalidStageListsAndChangesNothing() {
    JsonObject created = crm.createPipeline("Strict");
    String id = created.getString("id");
    JsonArray stages = created.getJsonArray("stages");
    String first = stages.getJsonObject(0).getString("id");
    assertInvalid(id, new JsonArray().add(new JsonObject().put("id", first)).add(new JsonObject().put("name", "unassigned")));
    assertInvalid(id, new JsonArray().add(new JsonObject().put("name", "Only").put("is_unassigned", false)));
    assertInvalid(id, new JsonArray().add(new JsonObject().put("id", first)).add(new JsonObject().put("name", "B").put("is_unassigned", true)));
    assertInvalid(id, new JsonArray().add(new JsonObject().put("id", first)).add(new JsonObject().put("name", "P").put("probability", 101)));
    assertInvalid(id, new JsonArray().add(new JsonObject().put("id", first)).add(new JsonObject().put("name", "K").put("kind", "maybe")));
    assertInvalid(id, new JsonArray().add(new JsonObject().put("id", UUID.randomUUID().toString()).put("is_unassigned", true)));
    assertInvalid(id, new JsonArray().add(new JsonObject().put("id", first)).add(new JsonObject().put("id", first)));
    assertInvalid(id, new JsonArray().add(new JsonObject().put("id", crm.orgDefault().getJsonArray("stages").getJsonObject(0).getString("id"))));
    assertThat(alice.patch(BASE + "/" + id, wrap("pipeline", new JsonObject().put("stages", "all"))).statusCode()).isEqualTo(400);
    assertThat(alice.patch(BASE + "/" + id, wrap("pipeline", new JsonObject().put("stages", new JsonArray().add(5)))).statusCode()).isEqualTo(400);
    assertThat(alice.patch(BASE + "/" + id, wrap("pipeline", new JsonObject().put("name", ""))).statusCode()).isEqualTo(422);
    assertThat(ok(alice.get(BASE + "/" + id), 200).getJsonArray("stages")).isEqualTo(stages);
  }

  @Test
  void stageNameBlankAfterTrimIs422() {
    JsonObject created = crm.createPipeline("Names");
    String first = created.getJsonArray("stages").getJsonObject(0).getString("id");
    HttpResponse<Buffer> response = alice.patch(BASE + "/" + created.getString("id"), wrap("pipeline", new JsonObject()
        .put("stages", new JsonArray().add(new JsonObject().put("id", first)).add(new JsonObject().put("name", " \t ")))));
    assertError(response, 422, "validation_failed");
    assertThat(strings(response.bodyAsJsonObject().getJsonObject("error").getJsonArray("details"), "field")).containsExactly("stages[1].name");
    assertThat(ok(alice.get(BASE + "/" + created.getString("id")), 200)).isEqualTo(created);
  }

  @Test
  void stageNameOver200CharactersIs422() {
    JsonObject created = crm.createPipeline("Names");
    String first = created.getJsonArray("stages").getJsonObject(0).getString("id");
    HttpResponse<Buffer> response = alice.patch(BASE + "/" + created.getString("id"), wrap("pipeline", new JsonObject()
        .put("stages", new JsonArray().add(new JsonObject().put("id", first).put("name", "x".repeat(201))))));
    assertError(response, 422, "validation_failed");
    assertThat(strings(response.bodyAsJsonObject().getJsonObject("error").getJsonArray("details"), "field")).containsExactly("stages[0].name");
    assertThat(ok(alice.get(BASE + "/" + created.getString("id")), 200)).isEqualTo(created);

    JsonObject longest = ok(alice.patch(BASE + "/" + created.getString("id"), wrap("pipeline", new JsonObject()
        .put("stages", new JsonArray().add(new JsonObject().put("id", first).put("name", "  " + "y".repeat(200) + "  "))))), 200);
    assertThat(strings(longest.getJsonArray("stages"), "name")).containsExactly("y".repeat(200));
  }

  @Test
  void patchWithoutCredentialsIs401() {
    JsonObject created = crm.createPipeline("Locked");
    assertError(alice.withoutAuthorization().patch(BASE + "/" + created.getString("id"), wrap("pipeline", new JsonObject().put("name", "Open"))),
        401, "missing_credentials");
    assertThat(ok(alice.get(BASE + "/" + created.getString("id")), 200)).isEqualTo(created);
  }

  @Test
  void patchWithAnApiKeyIs403NotPipelineOwner() {
    JsonObject created = crm.createPipeline("Alice's");
    HttpResponse<Buffer> response = apiKey().patch(BASE + "/" + created.getString("id"), wrap("pipeline", new JsonObject().put("name", "Bot's")));
    assertError(response, 403, "not_pipeline_owner");
    assertThat(ok(alice.get(BASE + "/" + created.getString("id")), 200)).isEqualTo(created);
  }

  /** Ownership is checked before the body: who may not edit learns nothing about what they sent. */
  @Test
  void patchByANonOwnerIs403EvenWithAnInvalidBody() {
    JsonObject created = crm.createPipeline("Alice's");
    Api bob = server.as(alice.orgId, "bob");
    assertError(bob.patch(BASE + "/" + created.getString("id"), wrap("pipeline", new JsonObject().put("name", ""))), 403, "not_pipeline_owner");
    assertError(bob.patch(BASE + "/" + created.getString("id"), wrap("pipeline", new JsonObject().put("stages", new JsonArray()))),
        403, "not_pipeline_owner");
    assertError(bob.patch(BASE + "/" + created.getString("id"), new JsonObject().put("name", "flat")), 403, "not_pipeline_owner");
    assertError(apiKey().patch(BASE + "/" + created.getString("id"), wrap("pipeline", new JsonObject().put("name", " "))), 403, "not_pipeline_owner");
    assertError(alice.patch(BASE + "/" + crm.orgDefault().getString("id"), wrap("pipeline", new JsonObject().put("name", ""))),
        403, "org_default_read_only");
    assertError(alice.patch(BASE + "/" + created.getString("id"), wrap("pipeline", new JsonObject().put("name", ""))), 422, "validation_failed");
  }

  @Test
  void removingAStageThatHoldsDealsIs409AndNothingChanges() {
    JsonObject created = crm.createPipeline("Busy");
    String id = created.getString("id");
    crm.createDeal("Deal in proposal", Crm.stageId(created, "Proposal"));
    JsonArray withoutProposal = new JsonArray();
    created.getJsonArray("stages").forEach(s -> {
      JsonObject stage = (JsonObject) s;
      if (!stage.getString("name").equals("Proposal")) {
        withoutProposal.add(new JsonObject().put("id", stage.getString("id")));
      }
    });
    HttpResponse<Buffer> response = alice.patch(BASE + "/" + id,
        wrap("pipeline", new JsonObject().put("name", "Renamed").put("stages", withoutProposal)));
    assertError(response, 409, "stage_not_empty");
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getJsonArray("details"))
        .containsExactly(new JsonObject().put("stage_id", Crm.stageId(created, "Proposal")).put("opportunities", 1));
    JsonObject unchanged = ok(alice.get(BASE + "/" + id), 200);
    assertThat(unchanged.getString("name")).isEqualTo("Busy");
    assertThat(unchanged.getJsonArray("stages")).isEqualTo(created.getJsonArray("stages"));
  }

  @Test
  void onlyTheOwnerMayEditAndTheOrgDefaultIsReadOnly() {
    JsonObject created = crm.createPipeline("Alice's");
    Api bob = server.as(alice.orgId, "bob");
    HttpResponse<Buffer> byBob = bob.patch(BASE + "/" + created.getString("id"), wrap("pipeline", new JsonObject().put("name", "Bob's")));
    assertThat(byBob.statusCode()).isEqualTo(403);
    assertThat(errorCode(byBob)).isEqualTo("not_pipeline_owner");
    assertThat(bob.delete(BASE + "/" + created.getString("id")).statusCode()).isEqualTo(403);

    HttpResponse<Buffer> onDefault = alice.patch(BASE + "/" + crm.orgDefault().getString("id"),
        wrap("pipeline", new JsonObject().put("name", "Mine now")));
    assertThat(onDefault.statusCode()).isEqualTo(403);
    assertThat(errorCode(onDefault)).isEqualTo("org_default_read_only");
    assertThat(errorCode(alice.delete(BASE + "/" + crm.orgDefault().getString("id")))).isEqualTo("org_default_read_only");
  }

  @Test
  void deleteWithoutCredentialsIs401() {
    JsonObject created = crm.createPipeline("Kept");
    assertError(alice.withoutAuthorization().delete(BASE + "/" + created.getString("id")), 401, "missing_credentials");
    ok(alice.get(BASE + "/" + created.getString("id")), 200);
  }

  @Test
  void deleteWithAnApiKeyIs403NotPipelineOwner() {
    JsonObject created = crm.createPipeline("Kept");
    assertError(apiKey().delete(BASE + "/" + created.getString("id")), 403, "not_pipeline_owner");
    ok(alice.get(BASE + "/" + created.getString("id")), 200);
  }

  @Test
  void deleteRemovesAnEmptyPipelineAndRefusesABusyOne() {
    JsonObject empty = crm.createPipeline("Empty");
    assertThat(alice.delete(BASE + "/" + empty.getString("id")).statusCode()).isEqualTo(204);
    assertThat(alice.get(BASE + "/" + empty.getString("id")).statusCode()).isEqualTo(404);

    JsonObject busy = crm.createPipeline("Busy");
    crm.createDeal("Keeps it busy", Crm.stageId(busy, "Unassigned"));
    HttpResponse<Buffer> response = alice.delete(BASE + "/" + busy.getString("id"));
    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(errorCode(response)).isEqualTo("pipeline_not_empty");
    assertThat(alice.get(BASE + "/" + busy.getString("id")).statusCode()).isEqualTo(200);
  }

  @Test
  void setDefaultIsPerUserAndFallsBackWhenThePipelineIsDeleted() {
    JsonObject mine = crm.createPipeline("Preferred");
    JsonObject answer = ok(alice.post(BASE + "/" + mine.getString("id") + "/set_default", new JsonObject()), 200);
    assertThat(answer.getString("default_pipeline_id")).isEqualTo(mine.getString("id"));
    assertThat(crm.pipelines().getString("default_pipeline_id")).isEqualTo(mine.getString("id"));

    Api bob = server.as(alice.orgId, "bob");
    assertThat(new Crm(bob).pipelines().getString("default_pipeline_id")).isEqualTo(crm.orgDefault().getString("id"));

    assertThat(alice.delete(BASE + "/" + mine.getString("id")).statusCode()).isEqualTo(204);
    assertThat(crm.pipelines().getString("default_pipeline_id")).isEqualTo(crm.orgDefault().getString("id"));
  }

  @Test
  void setDefaultNeedsAUserSession() {
    HttpResponse<Buffer> response = apiKey().post(BASE + "/" + crm.orgDefault().getString("id") + "/set_default", new JsonObject());
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(errorCode(response)).isEqualTo("user_session_required");
  }

  @Test
  void setDefaultWithoutCredentialsIs401() {
    JsonObject mine = crm.createPipeline("Preferred");
    assertError(alice.withoutAuthorization().post(BASE + "/" + mine.getString("id") + "/set_default", new JsonObject()),
        401, "missing_credentials");
    assertThat(crm.pipelines().getString("default_pipeline_id")).isEqualTo(crm.orgDefault().getString("id"));
  }

  @Test
  void tenantIsAlwaysTheCredentialsOrg() {
    Api stranger = server.newOrgUser();
    JsonObject strangerDefault = new Crm(stranger).orgDefault();
    String aliceDefault = crm.orgDefault().getString("id");
    String otherOrg = "org_id=" + stranger.orgId + "&organization_id=" + stranger.orgId;

    JsonObject listed = ok(alice.send(HttpMethod.GET, BASE + "?" + otherOrg, null), 200);
    assertThat(strings(listed.getJsonArray("pipelines"), "id")).containsExactly(aliceDefault);
    assertThat(listed.getString("default_pipeline_id")).isEqualTo(aliceDefault);
    assertThat(listed.encode()).doesNotContain(strangerDefault.getString("id"));

    // a body naming an org is refused outright (unknown fields); the query string's is ignored
    assertError(alice.post(BASE + "?" + otherOrg, new JsonObject().put("org_id", stranger.orgId.toString())
        .put("pipeline", new JsonObject().put("name", "Still mine").put("org_id", stranger.orgId.toString())
            .put("organization_id", stranger.orgId.toString()))), 400, "unknown_field");
    JsonObject created = ok(alice.post(BASE + "?" + otherOrg, new JsonObject()
        .put("pipeline", new JsonObject().put("name", "Still mine"))), 201);
    assertThat(created.getString("user_id")).isEqualTo(alice.userId);
    assertThat(strings(crm.pipelines().getJsonArray("pipelines"), "id")).containsExactly(aliceDefault, created.getString("id"));
    assertThat(strings(new Crm(stranger).pipelines().getJsonArray("pipelines"), "id")).containsExactly(strangerDefault.getString("id"));
  }

  /** A caller holding an API key of alice's organization. */
  private Api apiKey() {
    String key = ok(alice.post("/api/v1/api_keys", new JsonObject().put("name", "bot")), 201).getString("key");
    return server.withAuthorization("Bearer " + key);
  }

  private static void sameAsUnknown(HttpResponse<Buffer> foreign, HttpResponse<Buffer> unknown) {
    assertError(unknown, 404, "not_found");
    assertThat(foreign.statusCode()).as(foreign.bodyAsString()).isEqualTo(404);
    assertThat(foreign.bodyAsJsonObject()).isEqualTo(unknown.bodyAsJsonObject());
  }

  private void assertInvalid(String pipelineId, JsonArray stages) {
    HttpResponse<Buffer> response = alice.patch(BASE + "/" + pipelineId, wrap("pipeline", new JsonObject().put("stages", stages)));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(422);
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getJsonArray("details")).isNotEmpty();
  }

  private long count(String sql, UUID org) throws Exception {
    try (var c = TestDatabase.connect(server.database); var st = c.prepareStatement(sql)) {
      st.setObject(1, org);
      var rs = st.executeQuery();
      rs.next();
      return rs.getLong(1);
    }
  }
}
