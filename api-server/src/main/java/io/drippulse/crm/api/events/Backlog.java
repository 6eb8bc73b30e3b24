package io.drippulse.crm.api.events;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * What a stream has written that the socket has not taken yet, in bytes: each write counts until its future
 * completes. The count is ours because Vert.x 5's {@code writeQueueFull()} counts queued writes, not bytes: it
 * turns true only once 16 writes wait behind the channel's byte mark, so a client that read nothing had up
 * to 16 events of any size buffered for it, and a burst that ended before the 16th was never cut off at all.
 * Used on the stream's event loop only.
 */
final class Backlog {

  private final HttpServerResponse response;
  private final HttpConnection connection;
  private final long maxBytes;
  private long bytes;
  private long waitingSince;
  private Runnable onDrained;

  Backlog(HttpServerResponse response, HttpConnection connection, long maxBytes) {
    this.response = response;
    this.connection = connection;
    this.maxBytes = maxBytes;
  }

  long bytes() {
    return bytes;
  }

  /** More than EVENTS_WRITE_QUEUE_BYTES wait: the client is not keeping up. */
  boolean over() {
    return bytes > maxBytes;
  }

  /** The frame can be written without passing the bound (a frame larger than the bound only alone). */
  boolean fits(Buffer frame) {
    return bytes == 0 || bytes + frame.length() <= maxBytes;
  }

  void write(Buffer frame) {
    int size = frame.length();
    if (bytes == 0) {
      waitingSince = System.nanoTime();
    }
    bytes += size;
    response.write(frame).onComplete(taken -> {
      bytes -= size;
      waitingSince = System.nanoTime();
      if (bytes == 0 && onDrained != null) {
        Runnable then = onDrained;
        onDrained = null;
        then.run();
      }
    });
  }

  /** Runs once everything written so far has been taken by the socket (or failed with the connection). */
  void whenDrained(Runnable then) {
    if (bytes == 0) {
      then.run();
    } else {
      onDrained = then;
    }
  }

  /** Bytes have waited this long without the socket taking any of them. */
  boolean stalledFor(long millis) {
    return bytes > 0 && System.nanoTime() - waitingSince >= millis * 1_000_000;
  }

  /**
   * Closes the connection at once, dropping what waits. Vert.x's own close (which {@code reset()} is on
   * HTTP/1.1) first flushes everything queued, which a client that does not read never lets finish; closing
   * the channel below Vert.x's handler does not wait.
   */
  void cutOff() {
    if (connection instanceof ConnectionBase base) {
      base.channelHandlerContext().close();
    } else {
      response.reset();
    }
  }
}
