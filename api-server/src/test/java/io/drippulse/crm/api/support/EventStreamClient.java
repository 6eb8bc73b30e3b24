package io.drippulse.crm.api.support;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A test's subscriber to {@code GET /api/v1/crm/events}: a real HTTP connection read on a thread of its own,
 * parsed into events (comments are counted, not queued). {@link #open} returns once the headers arrived.
 */
public final class EventStreamClient implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Object END = new Object();

  /** One event as received: its id, name and parsed data. */
  public record Event(String id, String event, JsonObject data) {
  }

  private final HttpResponse<InputStream> response;
  private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile int comments;
  private final Object idMonitor = new Object();
  private String lastId;

  private EventStreamClient(HttpResponse<InputStream> response) {
    this.response = response;
    if (response.statusCode() == 200) {
      Thread reader = new Thread(this::read, "sse-reader");
      reader.setDaemon(true);
      reader.start();
    }
  }

  public static EventStreamClient open(int port, String pathAndQuery, String authorization, String lastEventId)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
        .header("Accept", "text/event-stream");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    return new EventStreamClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
  }

  public int status() {
    return response.statusCode();
  }

  public String header(String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  /** The body of a refused (non-200) answer. */
  public String errorBody() throws IOException {
    return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
  }

  /** The next event within the timeout, else an AssertionError naming what was waited for. */
  public Event next(Duration timeout) throws InterruptedException {
    Object got = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (got == null) {
      throw new AssertionError("no event within " + timeout);
    }
    if (got == END) {
      received.add(END);
      throw new AssertionError("the stream ended");
    }
    return (Event) got;
  }

  public List<Event> next(int n, Duration timeout) throws InterruptedException {
    List<Event> out = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (out.size() < n) {
      out.add(next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))));
    }
    return out;
  }

  /** Nothing (no event, no end) arrives within the wait. */
  public boolean quietFor(Duration wait) throws InterruptedException {
    Object got = received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    if (got != null) {
      received.add(got);
    }
    return got == null;
  }

  /** True once the server ended the stream (cleanly or not) within the wait. */
  public boolean awaitEnd(Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      if (ended.get()) {
        return true;
      }
      received.poll(50, TimeUnit.MILLISECONDS);
    }
    return ended.get();
  }

  public int comments() {
    return comments;
  }

  /** The last {@code id:} received, as EventSource keeps it: events' ids, and frames that carry only an id. */
  public String lastId() {
    synchronized (idMonitor) {
      return lastId;
    }
  }

  /** Waits until the last id is something other than {@code notThis} (null: until there is one), and returns it. */
  public String awaitLastIdOtherThan(String notThis, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idMonitor) {
      while (lastId == null || lastId.equals(notThis)) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || ended.get()) {
          throw new AssertionError("no new id (after " + notThis + ") within " + timeout);
        }
        TimeUnit.NANOSECONDS.timedWait(idMonitor, left);
      }
      return lastId;
    }
  }

  private void read() {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String id = null;
      String event = null;
      StringBuilder data = new StringBuilder();
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isEmpty()) {
          if (id != null) {
            synchronized (idMonitor) {
              lastId = id;
              idMonitor.notifyAll();
            }
          }
          if (!data.isEmpty()) {
            received.add(new Event(id, event == null ? "message" : event, new JsonObject(data.toString())));
          }
          id = null;
          event = null;
          data.setLength(0);
        } else if (line.startsWith(":")) {
          comments++;
        } else if (line.startsWith("id: ")) {
          id = line.substring(4);
        } else if (line.startsWith("event: ")) {
          event = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data.append(line.substring(6));
        }
      }
    } catch (IOException e) {
      // the connection was closed: by us, or by the server cutting us off
    } finally {
      ended.set(true);
      received.add(END);
      synchronized (idMonitor) {
        idMonitor.notifyAll();
      }
    }
  }

  @Override
  public void close() throws IOException {
    response.body().close();
  }
}
