package io.drippulse.crm.api.metrics;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * vertx-web labels a request with every route it passed, joined by '>': the body handler's {@code /api/},
 * the {@code /api/v1/} mount, the route's own template, then the failure handler's again on an error, e.g.
 * {@code /api/>/api/v1/>/crm/opportunities/:id>/api/v1/}. The label keeps the template a person would
 * write, {@code /api/v1/crm/opportunities/:id}, the same for a request that succeeded and one that failed.
 */
final class RouteTemplate {

  /** Routes every /api request passes without selecting anything (body handler, failure handler). */
  private static final Set<String> PASS_THROUGH = Set.of("/api/");

  private RouteTemplate() {
  }

  static String clean(String label) {
    if (label == null || label.isEmpty()) {
      return label;
    }
    Set<String> pieces = new LinkedHashSet<>();
    for (String piece : label.split(">")) {
      if (!PASS_THROUGH.contains(piece) && !piece.isEmpty()) {
        pieces.add(piece);
      }
    }
    StringBuilder template = new StringBuilder();
    for (String piece : pieces) {
      boolean slashes = template.length() > 0 && template.charAt(template.length() - 1) == '/' && piece.startsWith("/");
      template.append(slashes ? piece.substring(1) : piece);
    }
    return template.length() == 0 ? label : template.toString();
  }
}
