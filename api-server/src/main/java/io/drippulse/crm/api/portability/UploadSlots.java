package io.drippulse.crm.api.portability;

import io.drippulse.crm.api.http.ApiError;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code perOrg} uploads of one organization run at once in this process (every verticle shares
 * the count), so one tenant cannot occupy the server's upload capacity; the next one is 429 with
 * Retry-After. Per replica, by design: a count in the database would outlive a crashed server.
 */
final class UploadSlots {

  private static final ConcurrentHashMap<UUID, Integer> RUNNING = new ConcurrentHashMap<>();

  private final int perOrg;

  UploadSlots(int perOrg) {
    this.perOrg = perOrg;
  }

  /** Takes a slot for {@code orgId}, or throws 429 {@code too_many_uploads}. */
  Runnable take(UUID orgId) {
    boolean[] taken = {false};
    RUNNING.compute(orgId, (org, running) -> {
      int now = running == null ? 0 : running;
      taken[0] = now < perOrg;
      return taken[0] ? now + 1 : running;
    });
    if (!taken[0]) {
      throw new ApiError(429, "too_many_uploads", "This organization already has " + perOrg + " bundle uploads"
          + " in progress; wait for one to finish.", null);
    }
    return () -> RUNNING.computeIfPresent(orgId, (org, running) -> running <= 1 ? null : running - 1);
  }
}
