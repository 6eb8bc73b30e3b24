package io.drippulse.crm.api.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The fields a JSON body (or one object inside it) may carry, declared by the input that reads it. Anything
 * else is a {@code 400 unknown_field} naming every such field by its path, so a typo ({@code "amout"})
 * never silently drops data. Checked before any value is read, so such a body changes nothing.
 */
public record KnownFields(Set<String> names) {

  public static KnownFields of(String... names) {
    return new KnownFields(Set.of(names));
  }

  /** These fields plus {@code more}: an input that accepts another's fields and a few of its own. */
  public KnownFields and(String... more) {
    Set<String> all = new HashSet<>(names);
    all.addAll(List.of(more));
    return new KnownFields(Set.copyOf(all));
  }

  /**
   * Throws when {@code object} has a field not declared here; {@code path} prefixes the names reported
   * (e.g. {@code "opportunity."}, {@code "pipeline.stages[2]."}; empty at the top level).
   */
  public JsonObject check(JsonObject object, String path) {
    JsonArray unknown = new JsonArray();
    for (String field : object.fieldNames()) {
      if (!names.contains(field)) {
        unknown.add(path + field);
      }
    }
    if (!unknown.isEmpty()) {
      JsonArray details = new JsonArray();
      unknown.forEach(field -> details.add(new JsonObject().put("field", field).put("message", "Unknown field.")));
      throw new ApiError(400, "unknown_field", (unknown.size() == 1 ? "Unknown field: " : "Unknown fields: ")
          + String.join(", ", unknown.stream().map(String::valueOf).sorted().toList()) + ".", details);
    }
    return object;
  }

  /** The object under {@code key} of a {@code {"key": {...}}} body, both levels checked. */
  public JsonObject wrapped(RoutingContext ctx, String key) {
    JsonObject outer = JsonBody.object(ctx);
    if (!(outer.getValue(key) instanceof JsonObject inner)) {
      throw ApiError.badRequest("malformed_body", "The body must be {\"" + key + "\": {...}}.");
    }
    KnownFields.of(key).check(outer, "");
    return check(inner, key + ".");
  }
}
