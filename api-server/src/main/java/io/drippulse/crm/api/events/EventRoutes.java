package io.drippulse.crm.api.events;

import io.drippulse.crm.api.auth.Principal;
import io.drippulse.crm.api.http.ApiError;
import io.drippulse.crm.api.http.QueryParams;
import io.drippulse.crm.model.Ids;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code GET /api/v1/crm/events[?pipeline_id=]} (PRODUCT.md §9.2): checks the pipeline (another org's is a
 * 404 like an unknown one), works out where the stream starts from its cursor, takes a place under the
 * stream caps, sends the headers at once and hands the response to an {@link EventStream}.
 */
public final class EventRoutes {

  private final EventHub hub;
  private final Pool pool;
  private final long heartbeatMillis;
  private final int writeQueueBytes;

  /** {@code pool} is the event loop's own, for the reads a stream makes when it opens and catches up. */
  public EventRoutes(EventHub hub, Pool pool, int heartbeatSeconds, int writeQueueBytes) {
    this.hub = hub;
    this.pool = pool;
    this.heartbeatMillis = heartbeatSeconds * 1000L;
    this.writeQueueBytes = writeQueueBytes;
  }

  public void mount(Router api) {
    api.get("/crm/events").handler(this::stream);
  }

  /** Where to start, and why the client must reload first (null when it need not). */
  private record Start(long position, long lastSeq, String resetReason) {
  }

  private void stream(RoutingContext ctx) {
    UUID orgId = Principal.of(ctx).orgId();
    Optional<UUID> pipelineId = QueryParams.get(ctx, "pipeline_id")
        .map(raw -> Ids.parseUuid(raw).orElseThrow(() -> ApiError.notFound("Pipeline")));
    Optional<String> cursor = Optional.ofNullable(ctx.request().getHeader("Last-Event-ID")).filter(s -> !s.isBlank())
        .or(() -> QueryParams.get(ctx, "last_event_id"));
    requirePipeline(orgId, pipelineId)
        .compose(ignored -> start(orgId, cursor))
        .compose(start -> {
          admit(ctx, orgId);
          return open(ctx, orgId, pipelineId.orElse(null), start);
        })
        .onFailure(ctx::fail);
  }

  /** A refusal under the caps says when to try again. */
  private void admit(RoutingContext ctx, UUID orgId) {
    try {
      hub.limits().admit(orgId);
    } catch (ApiError refused) {
      ctx.response().putHeader("Retry-After", String.valueOf(StreamLimits.RETRY_AFTER_SECONDS));
      throw refused;
    }
  }

  private Future<Void> requirePipeline(UUID orgId, Optional<UUID> pipelineId) {
    if (pipelineId.isEmpty()) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery(EventsSql.PIPELINE_EXISTS).execute(Tuple.of(orgId, pipelineId.get())).map(rows -> {
      if (rows.size() == 0) {
        throw ApiError.notFound("Pipeline");
      }
      return null;
    });
  }

  /** Resumes right after a cursor of this org whose successor is still kept; anything else is a reset. */
  private Future<Start> start(UUID orgId, Optional<String> cursor) {
    Optional<Long> seq = cursor.flatMap(c -> EventCursor.parse(orgId, c));
    return pool.preparedQuery(EventsSql.POSITION).execute(Tuple.of(orgId, seq.orElse(-1L))).map(rows -> {
      Row row = rows.iterator().next();
      long last = row.getLong("last_seq");
      if (cursor.isEmpty()) {
        return new Start(last, last, null);
      }
      if (seq.isEmpty() || seq.get() > last) {
        return new Start(last, last, "unknown_cursor");
      }
      if (seq.get() < last && !row.getBoolean("next_kept")) {
        return new Start(last, last, "cursor_expired");
      }
      return new Start(seq.get(), last, null);
    });
  }

  private Future<Void> open(RoutingContext ctx, UUID orgId, UUID pipelineId, Start start) {
    HttpServerResponse response = ctx.response()
        .setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        // compression would hold frames back in the deflater; proxies must not buffer them either
        .putHeader("Content-Encoding", "identity")
        .putHeader("X-Accel-Buffering", "no");
    EventStream stream = new EventStream(orgId, pipelineId, ctx.vertx().getOrCreateContext(), response,
        ctx.request().connection(), writeQueueBytes, hub, pool);
    hub.attach(stream, start.lastSeq());
    return response.writeHead()
        .onSuccess(ignored -> stream.start(start.position(), start.resetReason(), heartbeatMillis))
        .onFailure(e -> stream.abandon());
  }
}
