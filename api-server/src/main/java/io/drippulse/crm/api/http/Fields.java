package io.drippulse.crm.api.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/** Typed reads of body fields: a value of the wrong JSON type is a 400, naming the field. */
public final class Fields {

  private Fields() {
  }

  public static Optional<String> string(JsonObject body, String field) {
    return typed(body, field, String.class, "a string");
  }

  public static Optional<Boolean> bool(JsonObject body, String field) {
    return typed(body, field, Boolean.class, "true or false");
  }

  public static Optional<Integer> integer(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      long n = ((Number) value).longValue();
      if (n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE) {
        return Optional.of((int) n);
      }
    }
    throw wrongType(field, "a whole number");
  }

  public static Optional<JsonArray> array(JsonObject body, String field) {
    return typed(body, field, JsonArray.class, "an array");
  }

  public static Optional<JsonObject> object(JsonObject body, String field) {
    return typed(body, field, JsonObject.class, "an object");
  }

  /** The field's JSON value as text, for values accepted as string or number (amounts). */
  public static Optional<String> numberOrString(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof String s) {
      return Optional.of(s);
    }
    if (value instanceof java.math.BigDecimal big) {
      return Optional.of(big.toPlainString());
    }
    if (value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger) {
      return Optional.of(value.toString());
    }
    throw wrongType(field, "a number or a string");
  }

  public static ApiError wrongType(String field, String expected) {
    return ApiError.badRequest("invalid_type", "Field '" + field + "' must be " + expected + ".")
        .withDetails(new JsonArray().add(new JsonObject().put("field", field).put("expected", expected)));
  }

  private static <T> Optional<T> typed(JsonObject body, String field, Class<T> type, String expected) {
    Object value = body.getValue(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!type.isInstance(value)) {
      throw wrongType(field, expected);
    }
    return Optional.of(type.cast(value));
  }
}
