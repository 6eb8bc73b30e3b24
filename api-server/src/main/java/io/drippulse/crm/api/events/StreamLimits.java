package io.drippulse.crm.api.events;

import io.drippulse.crm.api.http.ApiError;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open streams per replica (EVENTS_MAX_STREAMS) and per org on this replica (EVENTS_MAX_STREAMS_PER_ORG). A
 * stream holds its places from admission until it closes; every event loop admits, so the counts are atomic.
 */
public final class StreamLimits {

  /** Seconds a refused client should wait before trying again. */
  static final int RETRY_AFTER_SECONDS = 5;

  private final int perReplica;
  private final int perOrg;
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<UUID, AtomicInteger> byOrg = new ConcurrentHashMap<>();

  public StreamLimits(int perReplica, int perOrg) {
    this.perReplica = perReplica;
    this.perOrg = perOrg;
  }

  /** Takes a place for one more stream of the org, or fails with 503 (replica full) or 429 (org full). */
  void admit(UUID orgId) {
    if (total.incrementAndGet() > perReplica) {
      total.decrementAndGet();
      throw new ApiError(503, "server_busy",
          "This server has as many open event streams as it accepts; try again shortly.", null);
    }
    AtomicInteger org = byOrg.computeIfAbsent(orgId, k -> new AtomicInteger());
    if (org.incrementAndGet() > perOrg) {
      org.decrementAndGet();
      total.decrementAndGet();
      throw new ApiError(429, "too_many_streams",
          "Your organization has " + perOrg + " event streams open on this server already; close one first.", null);
    }
  }

  void release(UUID orgId) {
    total.decrementAndGet();
    byOrg.computeIfPresent(orgId, (k, n) -> n.decrementAndGet() == 0 ? null : n);
  }

  public int open() {
    return total.get();
  }
}
