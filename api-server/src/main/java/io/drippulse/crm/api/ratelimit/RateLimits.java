package io.drippulse.crm.api.ratelimit;

import io.drippulse.crm.api.auth.Principal;
import io.drippulse.crm.api.http.ApiError;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * RATE_LIMIT_PER_MINUTE requests per organization and per process (one instance is shared by every event
 * loop of the server), as a token bucket refilled evenly over the minute. Runs after authentication;
 * admits or answers {@code 429 rate_limited} with Retry-After, and puts RateLimit-Limit, -Remaining and
 * -Reset on the response either way. bucket4j's local buckets are lock-free (compare-and-swap), so the
 * event loop never waits here.
 */
public final class RateLimits implements Handler<RoutingContext> {

  /** Buckets of organizations quiet long enough to be full again are dropped this often, bounding memory. */
  private static final long SWEEP_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final int perMinute;
  private final ConcurrentHashMap<UUID, Bucket> buckets = new ConcurrentHashMap<>();
  private final AtomicLong nextSweep = new AtomicLong(System.nanoTime() + SWEEP_NANOS);

  public RateLimits(int perMinute) {
    this.perMinute = perMinute;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ConsumptionProbe probe = buckets.computeIfAbsent(Principal.of(ctx).orgId(), org -> newBucket())
        .tryConsumeAndReturnRemaining(1);
    HttpServerResponse response = ctx.response()
        .putHeader("RateLimit-Limit", String.valueOf(perMinute))
        .putHeader("RateLimit-Remaining", String.valueOf(probe.getRemainingTokens()));
    sweepNowAndThen();
    if (probe.isConsumed()) {
      response.putHeader("RateLimit-Reset", String.valueOf(secondsUntilFull(probe.getRemainingTokens())));
      ctx.next();
      return;
    }
    String retryAfter = String.valueOf(Math.max(1, ceilSeconds(probe.getNanosToWaitForRefill())));
    response.putHeader("RateLimit-Reset", retryAfter).putHeader("Retry-After", retryAfter);
    ctx.fail(new ApiError(429, "rate_limited", "Too many requests for this organization: at most " + perMinute
        + " a minute. Try again in " + retryAfter + " s.", null));
  }

  private Bucket newBucket() {
    return Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
        .build();
  }

  /** With an even refill, the bucket is full again after the missing tokens' share of the minute. */
  private long secondsUntilFull(long remaining) {
    return (long) Math.ceil((perMinute - remaining) * 60.0 / perMinute);
  }

  private static long ceilSeconds(long nanos) {
    return (nanos + 999_999_999L) / 1_000_000_000L;
  }

  private void sweepNowAndThen() {
    long due = nextSweep.get();
    if (System.nanoTime() - due < 0 || !nextSweep.compareAndSet(due, System.nanoTime() + SWEEP_NANOS)) {
      return;
    }
    buckets.entrySet().removeIf(entry -> entry.getValue().getAvailableTokens() >= perMinute);
  }

  int trackedOrganizations() {
    return buckets.size();
  }
}
