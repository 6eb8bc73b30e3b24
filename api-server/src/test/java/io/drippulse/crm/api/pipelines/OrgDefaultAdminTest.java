package io.drippulse.crm.api.pipelines;

import static io.drippulse.crm.api.support.Json.assertError;
import static io.drippulse.crm.api.support.Json.ok;
import static io.drippulse.crm.api.support.Json.strings;
import static io.drippulse.crm.api.support.Json.wrap;
import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.Api;
import io.drippulse.crm.api.support.Crm;
import io.drippulse.crm.api.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Org admins (a JWT {@code roles} claim naming "admin") edit the org default pipeline (PRODUCT.md §9.3). */
class OrgDefaultAdminTest {

  private static final String BASE = "/api/v1/crm/opportunity_pipelines";
  private final TestServer server = TestServer.get();
  private final UUID org = UUID.randomUUID();
  private final Api admin = server.asAdmin(org, "ada");
  private final Api member = server.as(org, "bob");
  private final JsonObject orgDefault = new Crm(member).orgDefault();
  private final String path = BASE + "/" + orgDefault.getString("id");

  @Test
  void anAdminRenamesTheOrgDefault() {
    JsonObject renamed = ok(admin.patch(path, wrap("pipeline", new JsonObject().put("name", "Sales"))), 200);
    assertThat(renamed.getString("name")).isEqualTo("Sales");
    assertThat(renamed.getBoolean("is_org_default")).isTrue();
    assertThat(renamed.getValue("user_id")).isNull();
    assertThat(renamed.getJsonArray("stages")).isEqualTo(orgDefault.getJsonArray("stages"));
    assertThat(ok(member.get(path), 200).getString("name")).as("what everyone in the org sees").isEqualTo("Sales");
  }

  @Test
  void anAdminEditsTheOrgDefaultsStagesAndNewDealsStillLandInUnassigned() {
    JsonArray stages = new JsonArray()
        .add(stage("Qualification").put("name", "Discovery"))
        .add(stage("Unassigned").put("name", "Inbox"))
        .add(stage("Proposal").put("probability", 40))
        .add(new JsonObject().put("name", "Contract").put("probability", 90))
        .add(stage("Won"))
        .add(stage("Lost"));
    JsonObject edited = ok(admin.patch(path, wrap("pipeline", new JsonObject().put("stages", stages))), 200);
    JsonArray after = edited.getJsonArray("stages");
    assertThat(strings(after, "name")).containsExactly("Discovery", "Inbox", "Proposal", "Contract", "Won", "Lost");
    assertThat(strings(after, "probability")).containsExactly("20", "0", "40", "90", "100", "0");
    assertThat(strings(after, "is_unassigned")).containsExactly("false", "true", "false", "false", "false", "false");
    assertThat(after.getJsonObject(1).getString("id")).isEqualTo(stage("Unassigned").getString("id"));

    JsonObject deal = new Crm(member).createDeal("No stage given", null);
    assertThat(deal.getString("pipeline_stage_id")).isEqualTo(stage("Unassigned").getString("id"));
  }

  @Test
  void aMemberGets403AndNothingChanges() {
    assertError(member.patch(path, wrap("pipeline", new JsonObject().put("name", "Mine"))), 403, "org_default_read_only");
    assertError(member.patch(path, wrap("pipeline", new JsonObject().put("stages", new JsonArray()))), 403, "org_default_read_only");
    // an "admin" role of the wrong shape grants nothing, and is no reason to refuse the token either
    for (Object roles : new Object[] {"admin", 1, new JsonObject().put("admin", true), new JsonArray().add("admin").add(7)}) {
      Api mistyped = server.withRoles(org, "carol", roles);
      assertError(mistyped.patch(path, wrap("pipeline", new JsonObject().put("name", "Mine"))), 403, "org_default_read_only");
      ok(mistyped.get(path), 200);
    }
    assertThat(ok(member.get(path), 200)).isEqualTo(orgDefault);
  }

  @Test
  void anApiKeyGets403AndNothingChanges() {
    String key = ok(admin.post("/api/v1/api_keys", new JsonObject().put("name", "admin's bot")), 201).getString("key");
    Api bot = server.withAuthorization("Bearer " + key);
    assertError(bot.patch(path, wrap("pipeline", new JsonObject().put("name", "Bot's"))), 403, "org_default_read_only");
    assertThat(ok(member.get(path), 200)).isEqualTo(orgDefault);
  }

  @Test
  void anAdminCannotRemoveTheUnassignedStageNorMakeItAnotherKindAndNothingChanges() {
    JsonArray withoutUnassigned = new JsonArray().add(stage("Qualification").put("is_unassigned", true))
        .add(stage("Proposal")).add(stage("Negotiation")).add(stage("Won")).add(stage("Lost"));
    assertError(admin.patch(path, wrap("pipeline", new JsonObject().put("name", "Renamed").put("stages", withoutUnassigned))),
        422, "unassigned_stage_required");
    JsonArray unassignedWon = new JsonArray().add(stage("Unassigned").put("kind", "won"))
        .add(stage("Qualification")).add(stage("Proposal")).add(stage("Negotiation")).add(stage("Won")).add(stage("Lost"));
    assertError(admin.patch(path, wrap("pipeline", new JsonObject().put("stages", unassignedWon))), 422, "unassigned_stage_required");
    assertThat(ok(member.get(path), 200)).isEqualTo(orgDefault);
  }

  @Test
  void anAdminCannotDeleteTheOrgDefault() {
    assertError(admin.delete(path), 403, "org_default_read_only");
    assertThat(ok(member.get(path), 200)).isEqualTo(orgDefault);
  }

  @Test
  void anAdminOfAnotherOrgGets404AsForAnUnknownId() {
    Api outsider = server.asAdmin(UUID.randomUUID(), "ada");
    assertError(outsider.patch(path, wrap("pipeline", new JsonObject().put("name", "Taken"))), 404, "not_found");
    assertError(outsider.patch(BASE + "/" + UUID.randomUUID(), wrap("pipeline", new JsonObject().put("name", "Taken"))), 404, "not_found");
    assertThat(ok(member.get(path), 200)).isEqualTo(orgDefault);
  }

  @Test
  void anAdminIsNoOwnerOfAnotherUsersPipeline() {
    JsonObject bobs = new Crm(member).createPipeline("Bob's");
    assertError(admin.patch(BASE + "/" + bobs.getString("id"), wrap("pipeline", new JsonObject().put("name", "Ada's"))),
        403, "not_pipeline_owner");
  }

  private JsonObject stage(String name) {
    return new JsonObject().put("id", Crm.stageId(orgDefault, name));
  }
}
