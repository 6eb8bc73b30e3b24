package io.drippulse.crm.model.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import io.drippulse.crm.model.Ids;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/** Typed reads of one bundle row's fields; a missing or mistyped field fails with a sentence naming it. */
final class RowFields {

  /** A row-level problem; carries no stack trace because it is an expected outcome, not a bug. */
  static final class Problem extends RuntimeException {
    Problem(String message) {
      super(message, null, false, false);
    }
  }

  private final JsonNode row;

  RowFields(JsonNode row) {
    if (row == null || !row.isObject()) {
      throw new Problem("row is not a JSON object");
    }
    this.row = row;
  }

  /** The row's id as written, for the report, even when it is not a valid UUID. */
  static String rawId(JsonNode row) {
    JsonNode id = row == null || !row.isObject() ? null : row.get("id");
    return id != null && id.isValueNode() && !id.isNull() ? id.asText() : null;
  }

  private JsonNode present(String field) {
    JsonNode value = row.get(field);
    return value == null || value.isNull() ? null : value;
  }

  UUID uuid(String field) {
    JsonNode value = present(field);
    if (value == null) {
      throw new Problem(field + " is missing");
    }
    if (!value.isTextual()) {
      throw new Problem(field + " must be a UUID string");
    }
    return Ids.parseUuid(value.textValue()).orElseThrow(() -> new Problem(field + " is not a UUID"));
  }

  String text(String field) {
    JsonNode value = present(field);
    if (value == null) {
      return null;
    }
    if (!value.isTextual()) {
      throw new Problem(field + " must be a string");
    }
    return value.textValue();
  }

  String requiredText(String field) {
    String value = text(field);
    if (value == null) {
      throw new Problem(field + " is missing");
    }
    return value;
  }

  boolean bool(String field, boolean fallback) {
    JsonNode value = present(field);
    if (value == null) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw new Problem(field + " must be true or false");
    }
    return value.booleanValue();
  }

  int integer(String field, int fallback, int min, int max) {
    JsonNode value = present(field);
    if (value == null) {
      return fallback;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw new Problem(field + " must be an integer");
    }
    int n = value.intValue();
    if (n < min || n > max) {
      throw new Problem(field + " must be between " + min + " and " + max);
    }
    return n;
  }

  /** A decimal given as a JSON string or number, as exact text; null when absent. */
  String decimalText(String field) {
    JsonNode value = present(field);
    if (value == null) {
      return null;
    }
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isNumber()) {
      return value.isIntegralNumber() ? value.bigIntegerValue().toString() : value.decimalValue().toPlainString();
    }
    throw new Problem(field + " must be a decimal string or number");
  }

  Instant timestamp(String field) {
    String text = text(field);
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new Problem(field + " is not an ISO-8601 timestamp with offset");
    }
  }

  LocalDate date(String field) {
    String text = text(field);
    if (text == null) {
      return null;
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new Problem(field + " is not a YYYY-MM-DD date");
    }
  }
}
