package io.drippulse.crm.api.pipelines;

import io.drippulse.crm.api.http.ApiError;
import io.drippulse.crm.api.http.Fields;
import io.drippulse.crm.api.http.KnownFields;
import io.drippulse.crm.model.Ids;
import io.drippulse.crm.model.Names;
import io.drippulse.crm.model.StageKind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns a PATCH's desired stage list into what to write: items with an id update that stage (absent
 * fields keep their value), items without one create a stage, stages left out are removed. Positions
 * follow list order. Every problem is collected, so a client sees all of them at once.
 */
record StagePlan(List<Stage> stages, List<UUID> removed) {

  private static final int MAX_STAGES = 50;
  /** A stage item's fields; {@code position} and {@code pipeline_id} (read-only: list order decides) let a client send stages back as read. */
  private static final KnownFields ITEM = KnownFields.of("id", "name", "probability", "kind", "is_unassigned", "rotting_days",
      "position", "pipeline_id");
  private static final int MAX_ROTTING_DAYS = 3650;

  /**
   * As {@link #of(List, JsonArray)}; for the org default also insists that its Unassigned stage stays the
   * same stage (same id, still the unassigned stage, still open): deals created without a stage land
   * there, so it must keep existing whatever an admin renames or reorders.
   */
  static StagePlan of(List<Stage> current, JsonArray requested, boolean orgDefault) {
    StagePlan plan = of(current, requested);
    if (orgDefault) {
      current.stream().filter(Stage::unassigned).findFirst().ifPresent(unassigned -> {
        boolean kept = plan.stages().stream()
            .anyMatch(s -> s.id().equals(unassigned.id()) && s.unassigned() && s.kind() == StageKind.OPEN);
        if (!kept) {
          throw new ApiError(422, "unassigned_stage_required",
              "The org default pipeline keeps its Unassigned stage (" + unassigned.name()
                  + "), as its unassigned, open stage: deals created without a stage land there.",
              new JsonArray().add(new JsonObject().put("field", "stages").put("stage_id", unassigned.id().toString())));
        }
      });
    }
    return plan;
  }

  static StagePlan of(List<Stage> current, JsonArray requested) {
    if (requested.size() > MAX_STAGES) {
      throw ApiError.invalidField("stages", "A pipeline has at most " + MAX_STAGES + " stages.");
    }
    Map<UUID, Stage> byId = new LinkedHashMap<>();
    current.forEach(stage -> byId.put(stage.id(), stage));
    JsonArray problems = new JsonArray();
    List<Stage> planned = new ArrayList<>();
    Set<UUID> kept = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < requested.size(); i++) {
      if (!(requested.getValue(i) instanceof JsonObject item)) {
        throw Fields.wrongType("stages[" + i + "]", "an object");
      }
      ITEM.check(item, "pipeline.stages[" + i + "].");
      Stage stage = plan(item, i, byId, kept, problems);
      if (stage == null) {
        continue;
      }
      if (!names.add(stage.name().toLowerCase(Locale.ROOT))) {
        problems.add(problem(i, "name", "Stage names must be unique within a pipeline: '" + stage.name() + "' repeats."));
      }
      planned.add(stage.at(planned.size()));
    }
    long unassigned = planned.stream().filter(Stage::unassigned).count();
    if (problems.isEmpty() && unassigned != 1) {
      problems.add(new JsonObject().put("field", "stages")
          .put("message", "Exactly one stage must be the unassigned stage; this list has " + unassigned + "."));
    }
    if (!problems.isEmpty()) {
      throw new ApiError(422, "validation_failed", "The stage list is not valid.", problems);
    }
    List<UUID> removed = byId.keySet().stream().filter(id -> !kept.contains(id)).toList();
    return new StagePlan(List.copyOf(planned), removed);
  }

  private static Stage plan(JsonObject item, int index, Map<UUID, Stage> byId, Set<UUID> kept, JsonArray problems) {
    String field = "stages[" + index + "]";
    Stage existing = null;
    var rawId = Fields.string(item, "id");
    if (rawId.isPresent()) {
      UUID id = Ids.parseUuid(rawId.get()).orElse(null);
      existing = id == null ? null : byId.get(id);
      if (existing == null) {
        problems.add(problem(index, "id", "No stage " + rawId.get() + " in this pipeline."));
        return null;
      }
      if (!kept.add(id)) {
        problems.add(problem(index, "id", "Stage " + id + " is listed twice."));
        return null;
      }
    }
    var rawName = Fields.string(item, "name");
    String name = rawName.isPresent() ? Names.clean(rawName.get()).orElse(null) : existing == null ? null : existing.name();
    if (name == null) {
      problems.add(problem(index, "name", field + ".name must be 1 to 200 characters."));
    }
    int probability = Fields.integer(item, "probability").orElse(existing == null ? 0 : existing.probability());
    if (probability < 0 || probability > 100) {
      problems.add(problem(index, "probability", field + ".probability must be between 0 and 100."));
    }
    var rawKind = Fields.string(item, "kind");
    StageKind kind = rawKind.isPresent() ? StageKind.fromWire(rawKind.get()).orElse(null) : existing == null ? StageKind.OPEN : existing.kind();
    if (kind == null) {
      problems.add(problem(index, "kind", field + ".kind must be open, won or lost."));
    }
    boolean unassigned = Fields.bool(item, "is_unassigned").orElse(existing != null && existing.unassigned());
    // absent keeps the stage's value; null clears it
    Integer rotting = item.containsKey("rotting_days") ? Fields.integer(item, "rotting_days").orElse(null)
        : existing == null ? null : existing.rottingDays();
    boolean rottingOk = rotting == null || (rotting >= 1 && rotting <= MAX_ROTTING_DAYS);
    if (!rottingOk) {
      problems.add(problem(index, "rotting_days", field + ".rotting_days must be a whole number of days from 1 to "
          + MAX_ROTTING_DAYS + ", or null."));
    }
    if (name == null || kind == null || probability < 0 || probability > 100 || !rottingOk) {
      return null;
    }
    return new Stage(existing == null ? UUID.randomUUID() : existing.id(), name, index, probability, kind, unassigned, rotting);
  }

  private static JsonObject problem(int index, String field, String message) {
    return new JsonObject().put("index", index).put("field", "stages[" + index + "]." + field).put("message", message);
  }
}
