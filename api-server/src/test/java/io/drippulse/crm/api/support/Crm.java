package io.drippulse.crm.api.support;

import static io.drippulse.crm.api.support.Json.ok;
import static io.drippulse.crm.api.support.Json.wrap;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** The common steps of CRM tests, spoken through the public API only. */
public final class Crm {

  private final Api api;

  public Crm(Api api) {
    this.api = api;
  }

  public JsonObject pipelines() {
    return ok(api.get("/api/v1/crm/opportunity_pipelines"), 200);
  }

  public JsonObject orgDefault() {
    JsonArray all = pipelines().getJsonArray("pipelines");
    for (int i = 0; i < all.size(); i++) {
      if (all.getJsonObject(i).getBoolean("is_org_default")) {
        return all.getJsonObject(i);
      }
    }
    throw new AssertionError("no org default pipeline");
  }

  public JsonObject createPipeline(String name) {
    return ok(api.post("/api/v1/crm/opportunity_pipelines", wrap("pipeline", new JsonObject().put("name", name))), 201);
  }

  public static String stageId(JsonObject pipeline, String stageName) {
    JsonArray stages = pipeline.getJsonArray("stages");
    for (int i = 0; i < stages.size(); i++) {
      if (stages.getJsonObject(i).getString("name").equals(stageName)) {
        return stages.getJsonObject(i).getString("id");
      }
    }
    throw new AssertionError("no stage " + stageName);
  }

  public JsonObject createDeal(String name, String stageId) {
    JsonObject body = new JsonObject().put("name", name);
    if (stageId != null) {
      body.put("pipeline_stage_id", stageId);
    }
    return createDeal(body);
  }

  /** A deal in that stage, with that amount (null: none). */
  public JsonObject createDeal(String name, String stageId, String amount) {
    JsonObject body = new JsonObject().put("name", name).put("pipeline_stage_id", stageId);
    if (amount != null) {
      body.put("amount", amount);
    }
    return createDeal(body);
  }

  /** A deal of these fields (the body's {@code opportunity} object), created: 201. */
  public JsonObject createDeal(JsonObject fields) {
    return ok(api.post("/api/v1/crm/opportunities", wrap("opportunity", fields)), 201);
  }

  /** {@code count} deals named {@code prefix0, prefix1, …}, appended to the stage in that order: their ids. */
  public List<String> createDeals(String prefix, String stageId, int count) {
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(createDeal(prefix + i, stageId).getString("id"));
    }
    return ids;
  }

  /** The stage's card count as the pipeline summary reports it. */
  public long stageCount(String pipelineId, String stageId) {
    JsonArray stages = ok(api.get("/api/v1/crm/opportunity_pipelines/" + pipelineId + "/summary"), 200).getJsonArray("stages");
    for (int i = 0; i < stages.size(); i++) {
      if (stages.getJsonObject(i).getString("stage_id").equals(stageId)) {
        return stages.getJsonObject(i).getLong("count");
      }
    }
    throw new AssertionError("no stage " + stageId);
  }

  public JsonObject deal(String id) {
    return ok(api.get("/api/v1/crm/opportunities/" + id), 200);
  }

  public JsonObject page(String query) {
    return ok(api.get("/api/v1/crm/opportunities?" + query), 200);
  }

  public JsonArray list(String query) {
    return ok(api.get("/api/v1/crm/opportunities?" + query), 200).getJsonArray("opportunities");
  }

  public JsonObject move(String id, JsonObject changes) {
    return ok(api.patch("/api/v1/crm/opportunities/" + id, wrap("opportunity", changes)), 200);
  }
}
