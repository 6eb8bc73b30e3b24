package io.drippulse.crm.api.pipelines;

import io.drippulse.crm.api.auth.Principal;

/**
 * Who wants to change a pipeline: the caller's user (null for an API key) and whether they are an org
 * admin. Owners change their own pipelines; org admins also change the org default (PRODUCT.md §9.3).
 */
public record Editor(String userId, boolean orgAdmin) {

  static Editor of(Principal caller) {
    return new Editor(caller.userId(), caller.hasUser() && caller.orgAdmin());
  }

  boolean owns(String ownerId) {
    return userId != null && userId.equals(ownerId);
  }
}
