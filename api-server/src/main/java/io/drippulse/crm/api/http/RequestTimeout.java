package io.drippulse.crm.api.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * A request's body must have arrived within the request timeout of its headers: a JSON body that starts
 * and then stalls is answered 408 and its connection closed (FailureHandler closes any connection
 * answered before its request ended). Only the arrival is timed: once the body is in, a slow query or a
 * long download is not cut off. Streaming uploads, with limits of their own, call {@link #handOver}.
 */
public final class RequestTimeout implements Handler<RoutingContext> {

  private static final String KEY = "requestTimeoutTimer";

  private final long millis;

  public RequestTimeout(Duration timeout) {
    this.millis = timeout.toMillis();
  }

  @Override
  public void handle(RoutingContext ctx) {
    long timer = ctx.vertx().setTimer(millis, id -> {
      if (!ctx.request().isEnded() && !ctx.response().headWritten() && !ctx.failed()) {
        ctx.fail(FailureHandler.fromStatus(408));
      }
    });
    ctx.put(KEY, timer);
    ctx.addEndHandler(ignored -> ctx.vertx().cancelTimer(timer));
    ctx.next();
  }

  /** The route takes over timing its own body (an upload's idle and total limits). */
  public static void handOver(RoutingContext ctx) {
    Long timer = ctx.get(KEY);
    if (timer != null) {
      ctx.vertx().cancelTimer(timer);
    }
  }
}
