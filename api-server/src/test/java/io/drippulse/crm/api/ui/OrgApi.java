package io.drippulse.crm.api.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The JSON API as one organization's user: seeds what a test needs and reads back what the UI did. */
final class OrgApi {

  private static final String PIPELINES = "/api/v1/crm/opportunity_pipelines";
  private static final String OPPORTUNITIES = "/api/v1/crm/opportunities";

  private final WebClient client;
  final String token;
  final UUID orgId;
  final String userId;

  OrgApi(Vertx vertx, int port, String token, UUID orgId, String userId) {
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost").setDefaultPort(port));
    this.token = token;
    this.orgId = orgId;
    this.userId = userId;
  }

  JsonObject pipelines() {
    return call(HttpMethod.GET, PIPELINES, null, 200).bodyAsJsonObject();
  }

  JsonObject defaultPipeline() {
    return pipelines().getJsonArray("pipelines").stream().map(JsonObject.class::cast)
        .filter(p -> p.getBoolean("is_org_default")).findFirst().orElseThrow();
  }

  JsonObject pipelineNamed(String name) {
    return pipelines().getJsonArray("pipelines").stream().map(JsonObject.class::cast)
        .filter(p -> p.getString("name").equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no pipeline named " + name));
  }

  boolean hasPipelineNamed(String name) {
    return pipelines().getJsonArray("pipelines").stream().map(JsonObject.class::cast)
        .anyMatch(p -> p.getString("name").equals(name));
  }

  JsonObject createPipeline(String name) {
    return call(HttpMethod.POST, PIPELINES, new JsonObject().put("pipeline", new JsonObject().put("name", name)), 201)
        .bodyAsJsonObject();
  }

  JsonObject updatePipeline(String id, JsonObject pipeline) {
    return call(HttpMethod.PATCH, PIPELINES + "/" + id, new JsonObject().put("pipeline", pipeline), 200).bodyAsJsonObject();
  }

  static String stageId(JsonObject pipeline, String stageName) {
    return stages(pipeline).stream().filter(s -> s.getString("name").equals(stageName)).findFirst()
        .orElseThrow(() -> new AssertionError("no stage " + stageName + " in " + pipeline.getString("name")))
        .getString("id");
  }

  static List<JsonObject> stages(JsonObject pipeline) {
    return pipeline.getJsonArray("stages").stream().map(JsonObject.class::cast).toList();
  }

  JsonObject createOpportunity(String name, String amount, String currency, String stageId) {
    return createOpportunity(new JsonObject().put("name", name).put("pipeline_stage_id", stageId)
        .put("amount", amount).put("currency", currency));
  }

  JsonObject createOpportunity(JsonObject opportunity) {
    return call(HttpMethod.POST, OPPORTUNITIES, new JsonObject().put("opportunity", opportunity), 201).bodyAsJsonObject();
  }

  JsonObject opportunity(String id) {
    return call(HttpMethod.GET, OPPORTUNITIES + "/" + id, null, 200).bodyAsJsonObject();
  }

  JsonObject updateOpportunity(String id, JsonObject changes) {
    return call(HttpMethod.PATCH, OPPORTUNITIES + "/" + id, new JsonObject().put("opportunity", changes), 200).bodyAsJsonObject();
  }

  /** POST bulk_move of these opportunity ids to the bottom of a stage. */
  JsonObject bulkMove(List<String> ids, String stageId) {
    return call(HttpMethod.POST, OPPORTUNITIES + "/bulk_move", new JsonObject().put("ids", new JsonArray(new ArrayList<>(ids)))
        .put("pipeline_stage_id", stageId), 200).bodyAsJsonObject();
  }

  JsonArray stageHistory(String id) {
    return call(HttpMethod.GET, OPPORTUNITIES + "/" + id + "/stage_history", null, 200).bodyAsJsonArray();
  }

  void deleteOpportunity(String id) {
    call(HttpMethod.DELETE, OPPORTUNITIES + "/" + id, null, 204);
  }

  /** Names in a stage in stage_position order, read through the list route page by page. */
  List<String> namesInStage(String pipelineId, String stageId) {
    List<String> names = new ArrayList<>();
    String cursor = null;
    do {
      String path = OPPORTUNITIES + "?limit=500&pipeline_id=" + pipelineId + "&pipeline_stage_id=" + stageId
          + (cursor == null ? "" : "&cursor=" + cursor);
      JsonObject page = call(HttpMethod.GET, path, null, 200).bodyAsJsonObject();
      JsonArray items = page.getJsonArray("opportunities");
      for (int i = 0; i < items.size(); i++) {
        JsonObject item = items.getJsonObject(i);
        assertThat(item.getInteger("stage_position")).as("dense positions").isEqualTo(names.size());
        names.add(item.getString("name"));
      }
      cursor = page.getString("next_cursor");
    } while (cursor != null);
    return names;
  }

  String createApiKey(String name) {
    return call(HttpMethod.POST, "/api/v1/api_keys", new JsonObject().put("name", name), 201).bodyAsJsonObject().getString("key");
  }

  private HttpResponse<Buffer> call(HttpMethod method, String path, JsonObject body, int expectedStatus) {
    var request = client.request(method, path).putHeader("Authorization", "Bearer " + token);
    HttpResponse<Buffer> response = body == null ? request.send().await() : request.sendJsonObject(body).await();
    assertThat(response.statusCode()).as("%s %s -> %s", method, path, response.bodyAsString()).isEqualTo(expectedStatus);
    return response;
  }
}
