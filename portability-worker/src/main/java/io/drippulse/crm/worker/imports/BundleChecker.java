package io.drippulse.crm.worker.imports;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drippulse.crm.model.Ids;
import io.drippulse.crm.model.bundle.BundleFormat;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Reads a whole bundle once, token by token, before an import writes anything: a document that is not a
 * bundle of this format and version, or is not complete JSON (a truncated upload), is refused here, so a
 * failed import never leaves half a bundle behind. Rows are counted but not bound; their contents are
 * checked row by row later.
 */
public final class BundleChecker {

  private BundleChecker() {
  }

  public static BundleSummary check(InputStream in, ObjectMapper mapper) throws IOException {
    try (JsonParser parser = mapper.createParser(in)) {
      try {
        return scan(parser, mapper);
      } catch (JsonProcessingException e) {
        throw BundleErrors.of(e, parser);
      }
    }
  }

  private static BundleSummary scan(JsonParser parser, ObjectMapper mapper) throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      throw new BundleFormatException("the bundle is not a JSON object; expected {\"format\": \"" + BundleFormat.FORMAT
          + "\", ...}");
    }
    String format = null;
    Integer version = null;
    UUID sourceOrg = null;
    JsonNode declared = null;
    Map<String, Long> rows = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "format" -> format = checkFormat(parser, value);
        case "version" -> version = checkVersion(parser, value);
        case "source_org_id" -> sourceOrg = value == JsonToken.VALUE_STRING ? Ids.parseUuid(parser.getText()).orElse(null) : null;
        case "counts" -> declared = mapper.readTree(parser);
        case BundleFormat.PIPELINES, BundleFormat.STAGES, BundleFormat.OPPORTUNITIES -> rows.put(field, countRows(parser, field, value));
        default -> parser.skipChildren();
      }
    }
    if (parser.nextToken() != null) {
      throw new BundleFormatException("the bundle has content after its closing brace");
    }
    if (format == null) {
      throw new BundleFormatException("the document has no \"format\" field, so it is not a DripPulse bundle");
    }
    if (version == null) {
      throw new BundleFormatException("the bundle has no \"version\" field");
    }
    if (sourceOrg == null) {
      throw new BundleFormatException("the bundle has no valid \"source_org_id\" (the UUID of the organization it came from)");
    }
    checkCounts(declared, rows);
    return new BundleSummary(sourceOrg, rows);
  }

  private static String checkFormat(JsonParser parser, JsonToken value) throws IOException {
    String format = value == JsonToken.VALUE_STRING ? parser.getText() : parser.getValueAsString("(not a string)");
    if (!BundleFormat.FORMAT.equals(format)) {
      throw new BundleFormatException("the format is \"" + format + "\", not \"" + BundleFormat.FORMAT
          + "\": this is not a DripPulse CRM bundle");
    }
    return format;
  }

  private static int checkVersion(JsonParser parser, JsonToken value) throws IOException {
    if (value != JsonToken.VALUE_NUMBER_INT || parser.getIntValue() != BundleFormat.VERSION) {
      throw new BundleFormatException("bundle version " + parser.getText() + " is not supported; this worker reads version "
          + BundleFormat.VERSION);
    }
    return BundleFormat.VERSION;
  }

  private static long countRows(JsonParser parser, String section, JsonToken value) throws IOException {
    if (value != JsonToken.START_ARRAY) {
      throw new BundleFormatException("\"" + section + "\" must be an array of records");
    }
    long count = 0;
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      parser.skipChildren();
      count++;
    }
    return count;
  }

  /** The header's counts are optional; when present they must match, or the bundle was cut or edited carelessly. */
  private static void checkCounts(JsonNode declared, Map<String, Long> rows) {
    if (declared == null || declared.isNull()) {
      return;
    }
    if (!declared.isObject()) {
      throw new BundleFormatException("\"counts\" must be an object");
    }
    for (String section : BundleFormat.SECTIONS) {
      JsonNode count = declared.get(section);
      long actual = rows.getOrDefault(section, 0L);
      if (count != null && (!count.canConvertToLong() || count.longValue() != actual)) {
        throw new BundleFormatException("the header counts " + count + " " + section + " but the bundle holds " + actual);
      }
    }
  }
}
