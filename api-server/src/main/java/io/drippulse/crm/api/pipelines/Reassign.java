package io.drippulse.crm.api.pipelines;

import io.drippulse.crm.api.http.ApiError;
import io.drippulse.crm.api.http.Fields;
import io.drippulse.crm.model.Ids;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A PATCH's {@code "reassign": {"<removed stage id>": "<kept stage id>"}} (PRODUCT.md §9.3): where the deals of a
 * removed stage go. Each key must be a stage this PATCH removes, each target a stage of the pipeline that the
 * PATCH keeps; anything else (removed too, another pipeline's, another org's, unknown, malformed) is a
 * 422 invalid_reassign naming every bad pair, checked before anything is written.
 */
record Reassign(Map<String, String> requested) {

  static Optional<Reassign> parse(JsonObject body) {
    Object raw = body.getValue("reassign");
    if (raw == null) {
      return Optional.empty();
    }
    if (!(raw instanceof JsonObject pairs)) {
      throw Fields.wrongType("reassign", "an object of stage ids");
    }
    Map<String, String> requested = new LinkedHashMap<>();
    for (String key : pairs.fieldNames()) {
      if (!(pairs.getValue(key) instanceof String target)) {
        throw Fields.wrongType("reassign." + key, "a stage id");
      }
      requested.put(key, target);
    }
    return Optional.of(new Reassign(Map.copyOf(requested)));
  }

  /** The pairs as stage ids, removed stage to kept stage, once checked against the plan. */
  Map<UUID, UUID> against(List<Stage> current, StagePlan plan) {
    Set<UUID> existing = new HashSet<>();
    current.forEach(s -> existing.add(s.id()));
    Set<UUID> kept = new HashSet<>();
    plan.stages().stream().map(Stage::id).filter(existing::contains).forEach(kept::add);
    Set<UUID> removed = Set.copyOf(plan.removed());
    JsonArray problems = new JsonArray();
    Map<UUID, UUID> pairs = new LinkedHashMap<>();
    requested.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(pair -> {
      Optional<UUID> from = Ids.parseUuid(pair.getKey()).filter(removed::contains);
      Optional<UUID> to = Ids.parseUuid(pair.getValue()).filter(kept::contains);
      if (from.isEmpty()) {
        problems.add(problem(pair, "reassign." + pair.getKey() + " is not a stage this change removes."));
      } else if (to.isEmpty()) {
        problems.add(problem(pair, "reassign." + pair.getKey() + " must name a stage of this pipeline that stays; "
            + pair.getValue() + " is not one."));
      } else {
        pairs.put(from.get(), to.get());
      }
    });
    if (!problems.isEmpty()) {
      throw new ApiError(422, "invalid_reassign", problems.getJsonObject(0).getString("message"), problems);
    }
    return pairs;
  }

  private static JsonObject problem(Map.Entry<String, String> pair, String message) {
    return new JsonObject().put("field", "reassign." + pair.getKey()).put("stage_id", pair.getKey())
        .put("target", pair.getValue()).put("message", message);
  }
}
