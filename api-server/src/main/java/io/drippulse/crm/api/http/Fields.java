package io.drippulse.crm.api.http;

import io.vertx.core.json.JsonArray;
import java.math.BigDecimal;
import java.math.BigInteger;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/** Typed reads of body fields: a value of the wrong JSON type is a 400, naming the field. */
public final class Fields {

  private static final int MAX_SCALE = 4;
  private static final int MAX_INTEGER_DIGITS = 13;

  private Fields() {
  }

  /** A string field; NUL characters (which PostgreSQL cannot store in text) are refused here. */
  public static Optional<String> string(JsonObject body, String field) {
    Optional<String> value = typed(body, field, String.class, "a string");
    if (value.isPresent() && value.get().indexOf('\u0000') >= 0) {
      throw ApiError.invalidField(field, "Field '" + field + "' contains a NUL character.");
    }
    return value;
  }

  public static Optional<Boolean> bool(JsonObject body, String field) {
    return typed(body, field, Boolean.class, "true or false");
  }

  /**
   * A non-negative index where "past the end" is meaningful: any whole number is accepted and
   * clamped to the int range; negatives are 422.
   */
  public static Optional<Integer> position(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof Integer || value instanceof Long || value instanceof BigInteger)) {
      throw wrongType(field, "a whole number");
    }
    BigInteger n = new BigInteger(value.toString());
    if (n.signum() < 0) {
      throw ApiError.invalidField(field, field + " must be 0 or more.");
    }
    return Optional.of(n.min(BigInteger.valueOf(Integer.MAX_VALUE)).intValue());
  }

  public static Optional<Integer> integer(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Integer n) {
      return Optional.of(n);
    }
    if (value instanceof Long || value instanceof BigInteger) {
      throw ApiError.invalidField(field, "Field '" + field + "' is out of range.");
    }
    throw wrongType(field, "a whole number");
  }

  public static Optional<JsonArray> array(JsonObject body, String field) {
    return typed(body, field, JsonArray.class, "an array");
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
    if (value instanceof BigDecimal || value instanceof BigInteger || value instanceof Integer || value instanceof Long) {
      BigDecimal number = value instanceof BigDecimal big ? big : new BigDecimal(value.toString());
      // checked before any formatting: 1e999999999 must not become a gigabyte of zeros
      if (number.scale() > MAX_SCALE || number.precision() - number.scale() > MAX_INTEGER_DIGITS) {
        throw ApiError.invalidField(field, "Field '" + field + "' is out of range.");
      }
      return Optional.of(number.toPlainString());
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
