package io.drippulse.crm.api.opportunities;

import io.drippulse.crm.api.http.ApiError;
import java.util.Optional;

/** {@code If-Match: "7"} (also W/"7" or 7) names the version the client last saw; {@code *} matches any. */
final class IfMatch {

  private IfMatch() {
  }

  static Optional<Integer> parse(String header) {
    if (header == null || header.isBlank() || header.trim().equals("*")) {
      return Optional.empty();
    }
    String value = header.trim();
    if (value.startsWith("W/")) {
      value = value.substring(2);
    }
    value = value.replace("\"", "");
    try {
      return Optional.of(Integer.parseInt(value));
    } catch (NumberFormatException e) {
      throw new ApiError(412, "precondition_failed", "If-Match must be an ETag this server sent (a version).", null);
    }
  }
}
