package io.drippulse.crm.api.http;

import io.drippulse.crm.model.Ids;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every request an id (the caller's X-Request-Id when it is sane), echoes it, and logs one line per
 * request, with the id in the text and, for JSON logs, as {@code request_id}.
 */
public final class RequestLog implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger("access");
  private static final Pattern SANE_ID = Pattern.compile("^[A-Za-z0-9._-]{8,64}$");
  private static final String KEY = "requestId";
  /** The request id's field in JSON log lines; passed to each call, since MDC does not follow callbacks. */
  public static final String KEY_FIELD = "request_id";

  @Override
  public void handle(RoutingContext ctx) {
    String incoming = ctx.request().getHeader("X-Request-Id");
    String id = incoming != null && SANE_ID.matcher(incoming).matches() ? incoming : Ids.base62(16);
    ctx.put(KEY, id);
    ctx.response().putHeader("X-Request-Id", id);
    long start = System.nanoTime();
    ctx.addEndHandler(ignored -> LOG.atInfo().addKeyValue(KEY_FIELD, id).log("{} {} {} {} {}ms", id, ctx.request().method(),
        ctx.request().path(), ctx.response().getStatusCode(), (System.nanoTime() - start) / 1_000_000));
    ctx.next();
  }

  public static String requestId(RoutingContext ctx) {
    String id = ctx.get(KEY);
    return id == null ? "-" : id;
  }
}
