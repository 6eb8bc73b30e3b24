package io.drippulse.crm.api.events;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica's one LISTEN connection and its fan-out. A notification only names an org; the hub then reads
 * the new events of every woken org in one query (after its watermark for that org) and hands each event,
 * rendered once, to that org's open streams. Its state lives on its own context. Notifications lost while
 * the listener was down are made up for when it is back (every org is re-read), and by a slow safety poll.
 * The wake-up reads run on a connection of the hub's own, created on the hub's context, not on a request
 * pool: a read per replica follows every write, and on a request pool it took a connection (and, when the
 * connection belonged to another event loop, a hop) in the same queue the next writes wait in.
 */
public final class EventHub {

  static final String CHANNEL = "crm_events";
  private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);
  private static final int PAGE = 500;
  private static final long SAFETY_POLL_MILLIS = 5_000;
  private static final long MAX_RECONNECT_DELAY_MILLIS = 5_000;
  private static final long TIMINGS_LOG_MILLIS = 10_000;

  /** One org's open streams on this replica and the last seq the hub has read for them. */
  private static final class Feed {
    final Set<EventStream> streams = new HashSet<>();
    long watermark;
  }

  private final Vertx vertx;
  private final Context context;
  private final Pool reader;
  private final PgSubscriber subscriber;
  private final StreamLimits limits;
  private final Map<UUID, Feed> feeds = new HashMap<>();
  private final Set<UUID> dirty = new HashSet<>();
  private final Set<EventStream> open = ConcurrentHashMap.newKeySet();
  private final HubTimings timings = new HubTimings();
  private boolean reading;

  public EventHub(Vertx vertx, PgConnectOptions listener, StreamLimits limits) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    // one read at a time (see read()), so one connection; named apart from the LISTEN one for operators
    PgConnectOptions readerOptions = new PgConnectOptions(listener).addProperty("application_name", "drippulse-api-events-reader");
    readerOptions.setMetricsName("crm-events-reader");
    this.reader = PgBuilder.pool().with(new PoolOptions().setMaxSize(1).setName("crm-events-reader")).connectingTo(readerOptions).using(vertx).build();
    this.limits = limits;
    // without a policy PgSubscriber gives up on the first lost connection and the board goes quietly stale
    this.subscriber = PgSubscriber.subscriber(vertx, listener)
        .reconnectPolicy(retries -> Math.min(100L << Math.min(retries, 6), MAX_RECONNECT_DELAY_MILLIS));
  }

  public Future<Void> start() {
    Future<Void> connected = Future.future(promise -> context.runOnContext(ignored -> {
      subscriber.channel(CHANNEL)
          .handler(this::notified)
          .subscribeHandler(ignored2 -> {
            LOG.info("listening for board events on channel {}", CHANNEL);
            wake(List.copyOf(feeds.keySet())); // whatever was notified while we were away
          });
      subscriber.connect().onComplete(promise);
      vertx.setPeriodic(SAFETY_POLL_MILLIS, id -> wake(List.copyOf(feeds.keySet())));
      vertx.setPeriodic(TIMINGS_LOG_MILLIS, id -> logTimings());
    }));
    return connected;
  }

  public StreamLimits limits() {
    return limits;
  }

  HubTimings timings() {
    return timings;
  }

  private void logTimings() {
    if (!timings.idle()) {
      LOG.info("board events in the last {} s: {}", TIMINGS_LOG_MILLIS / 1000, timings.takeSummary());
    }
  }

  /** Starts fanning out events after {@code lastSeq} (the org's position when the stream opened) to it. */
  void attach(EventStream stream, long lastSeq) {
    open.add(stream);
    context.runOnContext(ignored -> {
      Feed feed = feeds.get(stream.orgId);
      if (feed == null) {
        feed = new Feed();
        feed.watermark = lastSeq;
        feeds.put(stream.orgId, feed);
      }
      feed.streams.add(stream);
    });
  }

  void detach(EventStream stream) {
    if (open.remove(stream)) {
      limits.release(stream.orgId);
    }
    context.runOnContext(ignored -> {
      Feed feed = feeds.get(stream.orgId);
      if (feed != null && feed.streams.remove(stream) && feed.streams.isEmpty()) {
        feeds.remove(stream.orgId);
      }
    });
  }

  /** Ends every open stream cleanly (SIGTERM), so the HTTP servers can drain. */
  public Future<Void> endStreams() {
    List<Future<Void>> ended = new ArrayList<>();
    for (EventStream stream : List.copyOf(open)) {
      ended.add(stream.end());
    }
    return Future.join(ended).mapEmpty();
  }

  public Future<Void> close() {
    return subscriber.close().eventually(reader::close);
  }

  /** The payload names the org (crm_record_events); anything else on the channel just wakes every org. */
  private void notified(String payload) {
    try {
      wake(List.of(UUID.fromString(payload)));
    } catch (IllegalArgumentException notAnOrg) {
      context.runOnContext(ignored -> wake(List.copyOf(feeds.keySet())));
    }
  }

  private void wake(List<UUID> orgs) {
    context.runOnContext(ignored -> {
      for (UUID org : orgs) {
        if (feeds.containsKey(org)) {
          dirty.add(org);
        }
      }
      read();
    });
  }

  /** One query for every dirty org; while it runs, new wake-ups accumulate for the next one. */
  private void read() {
    if (reading || dirty.isEmpty()) {
      return;
    }
    List<UUID> orgs = new ArrayList<>();
    List<Long> after = new ArrayList<>();
    for (UUID org : dirty) {
      Feed feed = feeds.get(org);
      if (feed != null) {
        orgs.add(org);
        after.add(feed.watermark);
      }
    }
    dirty.clear();
    if (orgs.isEmpty()) {
      return;
    }
    reading = true;
    long started = System.nanoTime();
    reader.preparedQuery(EventsSql.AFTER_EACH)
        .execute(Tuple.of(orgs.toArray(UUID[]::new), after.toArray(Long[]::new), PAGE))
        .onComplete(result -> {
          reading = false;
          long read = System.nanoTime();
          timings.read(read - started);
          if (result.succeeded()) {
            fanOut(result.result());
            timings.fanOut(System.nanoTime() - read, result.result().size());
          } else {
            LOG.warn("could not read new board events; trying again", result.cause());
            vertx.setTimer(1_000, id -> wake(orgs));
          }
          read();
        });
  }

  private void fanOut(Iterable<Row> rows) {
    Map<UUID, List<StoredEvent>> byOrg = new LinkedHashMap<>();
    for (Row row : rows) {
      StoredEvent event = StoredEvent.of(row);
      byOrg.computeIfAbsent(event.orgId(), k -> new ArrayList<>()).add(event);
    }
    byOrg.forEach((org, events) -> {
      Feed feed = feeds.get(org);
      if (feed == null) {
        return;
      }
      feed.watermark = Math.max(feed.watermark, events.get(events.size() - 1).seq());
      List<StoredEvent> batch = List.copyOf(events);
      feed.streams.forEach(stream -> stream.offer(batch));
      if (events.size() == PAGE) {
        dirty.add(org);
      }
    });
  }
}
