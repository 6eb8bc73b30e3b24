package io.drippulse.crm.api.opportunities;

import io.drippulse.crm.api.http.ApiError;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * {@code If-Match} (RFC 9110): a list of entity tags compared strongly against the version's ETag
 * {@code "7"}; {@code *} matches any current card; weak tags never match.
 */
final class IfMatch {

  private final boolean any;
  private final Set<Integer> versions;

  private IfMatch(boolean any, Set<Integer> versions) {
    this.any = any;
    this.versions = versions;
  }

  static Optional<IfMatch> parse(String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    Set<Integer> versions = new HashSet<>();
    boolean any = false;
    for (String raw : header.split(",")) {
      String tag = raw.trim();
      if (tag.equals("*")) {
        any = true;
      } else if (tag.matches("^\"[0-9]{1,9}\"$")) {
        versions.add(Integer.parseInt(tag.substring(1, tag.length() - 1)));
      } else if (!tag.startsWith("W/\"")) {
        throw new ApiError(412, "precondition_failed", "If-Match must list ETags this server sent, such as \"3\".", null);
      }
    }
    return Optional.of(new IfMatch(any, Set.copyOf(versions)));
  }

  boolean matches(int version) {
    return any || versions.contains(version);
  }
}
