package io.drippulse.crm.api.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.Api;
import io.drippulse.crm.api.support.TestServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class ApiKeyRoutesTest {

  private final TestServer server = TestServer.get();
  private final Api user = server.newOrgUser();

  @Test
  void createShowsTheKeyOnceAndItAuthenticatesInItsOrg() {
    HttpResponse<Buffer> created = user.post("/api/v1/api_keys", new JsonObject().put("name", "Zapier"));
    assertThat(created.statusCode()).isEqualTo(201);
    JsonObject body = created.bodyAsJsonObject();
    assertThat(body.fieldNames()).contains("id", "key", "name", "created_at");
    assertThat(body.getString("key")).startsWith("dpk_");

    Api viaKey = server.withAuthorization("Bearer " + body.getString("key"));
    HttpResponse<Buffer> listed = viaKey.get("/api/v1/api_keys");
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(listed.bodyAsString()).doesNotContain(body.getString("key"));
    assertThat(listed.bodyAsJsonObject().getJsonArray("api_keys")).hasSize(1);
  }

  @Test
  void revokedKeyIs401() {
    JsonObject created = user.post("/api/v1/api_keys", new JsonObject().put("name", "ci")).bodyAsJsonObject();
    Api viaKey = server.withAuthorization("Bearer " + created.getString("key"));
    assertThat(viaKey.get("/api/v1/api_keys").statusCode()).isEqualTo(200);

    assertThat(user.delete("/api/v1/api_keys/" + created.getString("id")).statusCode()).isEqualTo(204);
    HttpResponse<Buffer> after = viaKey.get("/api/v1/api_keys");
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(after.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("invalid_api_key");
  }

  @Test
  void apiKeyCannotCreateAnotherKey() {
    String key = user.post("/api/v1/api_keys", new JsonObject().put("name", "bot")).bodyAsJsonObject().getString("key");
    HttpResponse<Buffer> response = server.withAuthorization("Bearer " + key).post("/api/v1/api_keys", new JsonObject());
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("user_session_required");
  }

  @Test
  void unknownMalformedAndForeignKeysAre401() {
    String key = user.post("/api/v1/api_keys", new JsonObject().put("name", "k")).bodyAsJsonObject().getString("key");
    String otherOrgHex = java.util.UUID.randomUUID().toString().replace("-", "");
    String transplanted = "dpk_" + otherOrgHex + key.substring(36);
    assertThat(server.withAuthorization("Bearer " + transplanted).get("/api/v1/api_keys").statusCode()).isEqualTo(401);
    assertThat(server.withAuthorization("Bearer dpk_short").get("/api/v1/api_keys").statusCode()).isEqualTo(401);
  }

  @Test
  void anotherOrgsKeyIdIs404AndStaysActive() {
    JsonObject created = user.post("/api/v1/api_keys", new JsonObject().put("name", "mine")).bodyAsJsonObject();
    Api stranger = server.newOrgUser();
    HttpResponse<Buffer> unknown = stranger.delete("/api/v1/api_keys/" + java.util.UUID.randomUUID());
    assertThat(unknown.statusCode()).isEqualTo(404);
    for (String id : new String[] {created.getString("id"), "not-a-uuid"}) {
      HttpResponse<Buffer> foreign = stranger.delete("/api/v1/api_keys/" + id);
      assertThat(foreign.statusCode()).isEqualTo(404);
      assertThat(foreign.bodyAsJsonObject()).isEqualTo(unknown.bodyAsJsonObject());
    }
    assertThat(server.withAuthorization("Bearer " + created.getString("key")).get("/api/v1/api_keys").statusCode()).isEqualTo(200);
  }

  @Test
  void emptyNameIs422() {
    HttpResponse<Buffer> response = user.post("/api/v1/api_keys", new JsonObject().put("name", "   "));
    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(user.post("/api/v1/api_keys", new JsonObject().put("name", 42)).statusCode()).isEqualTo(400);
  }
}
