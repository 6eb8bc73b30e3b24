package io.drippulse.crm.api.auth;

import io.vertx.core.json.JsonArray;

/**
 * The JWT {@code roles} claim (PRODUCT.md §9.3). It only ever grants, so a claim of the wrong shape
 * grants nothing: anything but an array of strings (a bare string, a number, an array holding a
 * non-string) counts as no roles, and the token still signs its user in as a member.
 */
final class Roles {

  static final String ADMIN = "admin";

  private Roles() {
  }

  static boolean isAdmin(Object claim) {
    if (!(claim instanceof JsonArray roles)) {
      return false;
    }
    boolean admin = false;
    for (Object role : roles) {
      if (!(role instanceof String name)) {
        return false;
      }
      admin |= ADMIN.equals(name);
    }
    return admin;
  }
}
