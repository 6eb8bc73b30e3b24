package io.drippulse.crm.worker.imports;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.util.regex.Pattern;

/**
 * What the JSON reader found wrong with a bundle, as a sentence about the bundle: where (line and column)
 * and what, in words. Jackson's own messages name its classes and settings ("StreamReadConstraints",
 * "[Source: REDACTED ...]"), which mean nothing to the person who sent the bundle.
 */
public final class BundleErrors {

  private static final Pattern SOURCE = Pattern.compile("\\s*at \\[Source:.*$", Pattern.DOTALL);
  private static final Pattern CODE = Pattern.compile("\\s*\\(`[^`]*`[^)]*\\)");
  private static final Pattern CLASS_NAME = Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.){2,}[A-Za-z_$][\\w$]*");

  private BundleErrors() {
  }

  /** The sentence for a JSON error met while reading the bundle through {@code parser} (which may be null). */
  public static BundleFormatException of(JsonProcessingException e, JsonParser parser) {
    JsonLocation where = e.getLocation() != null ? e.getLocation() : parser == null ? null : parser.currentLocation();
    String at = where == null || where.getLineNr() < 0 ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
    return new BundleFormatException("the bundle is not complete, valid JSON (truncated or damaged?)" + at + ": "
        + what(e), e);
  }

  private static String what(JsonProcessingException e) {
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    if (e instanceof StreamConstraintsException) {
      if (message.contains("nesting depth")) {
        return "values are nested more than " + StreamReadConstraints.DEFAULT_MAX_DEPTH + " levels deep";
      }
      if (message.contains("Number value length")) {
        return "a number is longer than " + StreamReadConstraints.DEFAULT_MAX_NUM_LEN + " digits";
      }
      if (message.contains("String value length")) {
        return "a text value is longer than " + StreamReadConstraints.DEFAULT_MAX_STRING_LEN + " characters";
      }
      return "a value is larger than a bundle may hold";
    }
    return plain(message);
  }

  /** Jackson's sentence without its source excerpt, code references or class names. */
  static String plain(String message) {
    String plain = SOURCE.matcher(message).replaceAll("");
    plain = CODE.matcher(plain).replaceAll("");
    plain = CLASS_NAME.matcher(plain).replaceAll("a value");
    return plain.isBlank() ? "the JSON could not be read" : plain.trim();
  }
}
