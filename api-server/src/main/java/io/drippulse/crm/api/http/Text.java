package io.drippulse.crm.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON may spell a lone UTF-16 surrogate ({@code "\\ud800"}) that no UTF-8 text can hold: stored, it would
 * come back as {@code ?}, a value the client never sent. Every string and key of a body is checked here,
 * once, before any handler reads a field.
 */
public final class Text {

  private Text() {
  }

  static void check(JsonNode node) {
    if (node.isTextual()) {
      requireStorable(node.textValue());
    } else if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        requireStorable(field.getKey());
        check(field.getValue());
      }
    } else if (node.isArray()) {
      for (JsonNode item : node) {
        check(item);
      }
    }
  }

  public static boolean hasLoneSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  private static void requireStorable(String text) {
    if (hasLoneSurrogate(text)) {
      throw ApiError.badRequest("invalid_text", "The body contains a lone UTF-16 surrogate (such as \\ud800),"
          + " which is not text; send the character it was meant to be.");
    }
  }
}
