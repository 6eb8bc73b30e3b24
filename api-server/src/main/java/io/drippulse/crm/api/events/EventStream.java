package io.drippulse.crm.api.events;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open {@code text/event-stream} response. All its state lives on the event loop of its request; the hub
 * hands it live events there. It has sent everything up to {@code delivered} (an org-wide seq, dense: see
 * migration V6), so a live event that is not {@code delivered + 1} means it missed some (it was catching up,
 * or joined between two reads) and it reads them from the table itself before going on. Catching up goes
 * at the client's pace (each page is written as the socket takes it); live events do not wait: a client more
 * than EVENTS_WRITE_QUEUE_BYTES behind them is cut off, and resumes from its last id.
 */
final class EventStream {

  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
  private static final int PAGE = 500;

  final UUID orgId;
  private final UUID pipelineId;
  private final Context context;
  private final HttpServerResponse response;
  private final Backlog backlog;
  private final EventHub hub;
  private final Pool pool;
  private long delivered;
  private long seenLive;
  private boolean catchingUp;
  private boolean live;
  private List<Row> page = List.of();
  private int next;
  private boolean closed;
  private long heartbeat = -1;

  /** Holds its place under the caps from here until the response closes, whenever that is. */
  EventStream(UUID orgId, UUID pipelineId, Context context, HttpServerResponse response, HttpConnection connection,
      long maxUnsentBytes, EventHub hub, Pool pool) {
    this.orgId = orgId;
    this.pipelineId = pipelineId;
    this.context = context;
    this.response = response;
    this.backlog = new Backlog(response, connection, maxUnsentBytes);
    this.hub = hub;
    this.pool = pool;
    response.closeHandler(ignored -> closed());
    response.exceptionHandler(e -> LOG.debug("event stream of org {} failed", orgId, e));
  }

  /** Starts after {@code position} (replaying what follows it), telling the client first when it must reload. */
  void start(long position, String resetReason, long heartbeatMillis) {
    if (response.closed()) {
      closed();
      return;
    }
    heartbeat = context.owner().setPeriodic(heartbeatMillis, id -> beat(heartbeatMillis));
    delivered = position;
    if (resetReason != null) {
      send(StreamFrames.reset(orgId, pipelineId, position, resetReason));
    }
    catchUp();
  }

  /** Called by the hub from its own context. */
  void offer(List<StoredEvent> events) {
    long offered = System.nanoTime();
    context.runOnContext(ignored -> {
      hub.timings().handOff(System.nanoTime() - offered);
      onLive(events);
    });
  }

  private void onLive(List<StoredEvent> events) {
    if (closed) {
      return;
    }
    if (catchingUp) {
      seenLive = Math.max(seenLive, events.get(events.size() - 1).seq());
      return;
    }
    for (StoredEvent event : events) {
      if (event.seq() <= delivered) {
        continue;
      }
      if (event.seq() != delivered + 1) {
        seenLive = Math.max(seenLive, events.get(events.size() - 1).seq());
        catchUp();
        return;
      }
      deliver(event);
    }
  }

  private void catchUp() {
    catchingUp = true;
    pool.preparedQuery(EventsSql.AFTER).execute(Tuple.of(orgId, delivered, PAGE))
        .onSuccess(rows -> {
          page = new ArrayList<>(rows.size());
          rows.forEach(page::add);
          next = 0;
          writePage();
        })
        .onFailure(e -> {
          LOG.warn("event stream of org {}: could not read events after {}; closing it so the client resumes", orgId, delivered, e);
          disconnect();
        });
  }

  /** Writes the page as far as the bound lets it, and the rest once the socket has taken what waits. */
  private void writePage() {
    while (!closed && next < page.size()) {
      StoredEvent event = StoredEvent.of(page.get(next));
      if (event.seq() > delivered && event.concerns(pipelineId) && !backlog.fits(event.frame())) {
        backlog.whenDrained(this::writePage);
        return;
      }
      next++;
      deliver(event);
    }
    if (closed) {
      return;
    }
    boolean full = page.size() == PAGE;
    page = List.of();
    if (full || seenLive > delivered) {
      catchUp();
    } else {
      catchingUp = false;
      if (!live) {
        live = true;
        // the end of the replay, which may still be on its way: not a live frame
        backlog.write(StreamFrames.position(orgId, delivered));
      }
    }
  }

  private void deliver(StoredEvent event) {
    if (event.seq() <= delivered) {
      return;
    }
    delivered = event.seq();
    if (event.concerns(pipelineId)) {
      send(event.frame());
    }
  }

  /**
   * A reader that does not keep up is cut off rather than buffered for: it resumes from its last id. The
   * check is in bytes and before every frame, so however the events arrive (one at a time, or a burst read
   * in one batch) at most EVENTS_WRITE_QUEUE_BYTES and one frame wait for a client.
   */
  private void send(Buffer frame) {
    if (closed) {
      return;
    }
    if (backlog.over()) {
      cutOff("the client is not reading");
      return;
    }
    backlog.write(frame);
  }

  /** Idle streams get a comment line (with their position); one whose bytes have waited a whole beat untaken is cut off. */
  private void beat(long heartbeatMillis) {
    if (closed) {
      return;
    }
    if (backlog.stalledFor(heartbeatMillis)) {
      cutOff("the client has taken nothing for " + heartbeatMillis + " ms");
    } else if (backlog.bytes() == 0) {
      backlog.write(StreamFrames.keepAlive(orgId, delivered));
    }
  }

  private void cutOff(String why) {
    LOG.info("event stream of org {}: {} ({} bytes wait); disconnecting it", orgId, why, backlog.bytes());
    backlog.cutOff();
    closed();
  }

  /** SIGTERM: end the response cleanly so the server can drain; the client reconnects to another replica. */
  Future<Void> end() {
    Promise<Void> ended = Promise.promise();
    context.runOnContext(ignored -> {
      if (closed) {
        ended.complete();
        return;
      }
      response.write(StreamFrames.GOODBYE);
      response.end().onComplete(done -> {
        closed();
        ended.complete();
      });
    });
    return ended.future();
  }

  private void disconnect() {
    if (!closed) {
      response.reset();
      closed();
    }
  }

  private void closed() {
    if (closed) {
      return;
    }
    closed = true;
    context.owner().cancelTimer(heartbeat);
    hub.detach(this);
  }

  /** The headers could not be sent: the connection is gone already. */
  void abandon() {
    closed();
  }
}
