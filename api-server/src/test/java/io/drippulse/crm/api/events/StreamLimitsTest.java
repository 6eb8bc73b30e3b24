package io.drippulse.crm.api.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.Crm;
import io.drippulse.crm.api.support.EventStreamClient;
import io.drippulse.crm.api.support.Eventually;
import io.drippulse.crm.api.support.ScratchServer;
import io.drippulse.crm.api.support.TestServer;
import io.drippulse.crm.api.support.Tokens;
import io.drippulse.crm.db.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bounds of a replica's streams: caps per org and per replica, slow readers cut off, heartbeats. */
class StreamLimitsTest {

  private static Vertx vertx;
  private static Tokens tokens;
  private static ScratchServer server;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    tokens = new Tokens(vertx);
    server = ScratchServer.start(TestServer.config(TestDatabase.shared())
        .put("EVENTS_MAX_STREAMS", 3)
        .put("EVENTS_MAX_STREAMS_PER_ORG", 2)
        .put("EVENTS_HEARTBEAT_SECONDS", 1)
        .put("EVENTS_WRITE_QUEUE_BYTES", 4096));
  }

  @AfterAll
  static void stop() {
    server.close();
    vertx.close().await();
  }

  private static String newOrg() {
    return "Bearer " + tokens.user(UUID.randomUUID(), "user-" + UUID.randomUUID().toString().substring(0, 8));
  }

  private static EventStreamClient open(String authorization) throws Exception {
    return EventStreamClient.open(server.port(), "/api/v1/crm/events", authorization, null);
  }

  @Test
  void overTheOrgCapIs429AndOverTheReplicaCapIs503AndClosingFreesAPlace() throws Exception {
    String org = newOrg();
    List<EventStreamClient> open = new ArrayList<>();
    try {
      open.add(open(org));
      open.add(open(org));
      assertThat(open).allMatch(s -> s.status() == 200);
      EventStreamClient third = open(org);
      assertThat(third.status()).isEqualTo(429);
      assertThat(third.header("Content-Type")).startsWith("application/json");
      assertThat(third.errorBody()).contains("\"code\":\"too_many_streams\"");
      assertThat(third.header("Retry-After")).isEqualTo("5");

      open.add(open(newOrg()));
      assertThat(open.get(2).status()).isEqualTo(200);
      EventStreamClient full = open(newOrg());
      assertThat(full.status()).isEqualTo(503);
      assertThat(full.errorBody()).contains("\"code\":\"server_busy\"");

      open.remove(0).close();
      awaitOpen(org);
    } finally {
      for (EventStreamClient stream : open) {
        stream.close();
      }
    }
  }

  /** Reads the response head up to its blank line: the server sends it as soon as the stream is open. */
  private static void awaitHeaders(InputStream in) throws IOException {
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        throw new AssertionError("the stream closed before its headers");
      }
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
  }

  /** Reads one small frame, up to its blank line. */
  private static void awaitFrame(InputStream in) throws IOException {
    int previous = 0;
    for (int b = in.read(); b >= 0; b = in.read()) {
      if (b == '\n' && previous == '\n') {
        return;
      }
      previous = b;
    }
    throw new AssertionError("the stream closed before its first frame");
  }

  /** The place of a closed stream comes back once the server has seen the close. */
  private static void awaitOpen(String org) {
    Eventually.await("a closed stream's place given back", Duration.ofSeconds(5), Duration.ofMillis(100), () -> {
      try (EventStreamClient again = open(org)) {
        return again.status();
      }
    }, status -> status == 200);
  }

  @Test
  void idleStreamsGetACommentLineAtLeastEveryHeartbeat() throws Exception {
    try (EventStreamClient stream = open(newOrg())) {
      assertThat(stream.quietFor(Duration.ofMillis(2500))).isTrue();
      assertThat(stream.comments()).isGreaterThanOrEqualTo(2);
    }
  }

  /** The heartbeat carries the stream's position: a cursor moves past events the pipeline filter skipped. */
  @Test
  void heartbeatsMoveTheCursorPastEventsTheFilterSkipped() throws Exception {
    UUID orgId = UUID.randomUUID();
    String authorization = "Bearer " + tokens.user(orgId, "filtered");
    Crm crm = new Crm(server.withAuthorization(authorization));
    String watched = crm.createPipeline("Watched").getString("id");
    String other = Crm.stageId(crm.createPipeline("Other"), "Qualification");
    try (EventStreamClient stream = EventStreamClient.open(server.port(), "/api/v1/crm/events?pipeline_id=" + watched,
        authorization, null)) {
      String start = stream.awaitLastIdOtherThan(null, Duration.ofSeconds(5));
      crm.createDeal("Elsewhere", other);
      String moved = stream.awaitLastIdOtherThan(start, Duration.ofSeconds(5));
      assertThat(EventCursor.parse(orgId, moved)).contains(EventCursor.parse(orgId, start).orElseThrow() + 1);
      assertThat(stream.quietFor(Duration.ofMillis(1))).as("no event was sent").isTrue();
    }
  }

  /**
   * A client that never reads: once its unsent bytes pass EVENTS_WRITE_QUEUE_BYTES the server disconnects it.
   * Reading afterwards drains what the kernel held and then meets the end, far short of everything recorded.
   * The events are recorded straight into the table, large, in one burst, so the socket buffers cannot absorb
   * them and the hub reads several at once. Twelve is fewer than the 16 writes Vert.x queues before its
   * writeQueueFull() turns true: a bound that counted writes rather than bytes never cuts this reader off.
   */
  @Test
  void aReaderThatDoesNotKeepUpIsDisconnectedNotBuffered() throws Exception {
    UUID orgId = UUID.randomUUID();
    String authorization = "Bearer " + tokens.user(orgId, "slow");
    String pipelineId = defaultPipeline(authorization);
    int events = 12;
    try (Socket socket = rawStream(authorization, null)) {
      awaitFrame(socket.getInputStream()); // its position: the stream is live, past its (empty) replay
      recordLargeEvents(orgId, pipelineId, events);
      assertThat(readUntilEnd(socket)).as("bytes read before the end").isLessThan((long) events * LARGE_EVENT_BYTES);
    }
  }

  /**
   * The replay after a resume waits for the client, but not for ever: a client that reads nothing of it is
   * cut off once its bytes have waited a whole heartbeat interval (its place under the caps comes back).
   */
  @Test
  void aReaderThatStopsDuringItsReplayIsDisconnected() throws Exception {
    UUID orgId = UUID.randomUUID();
    String authorization = "Bearer " + tokens.user(orgId, "stalled");
    String cursor = cursorBefore(authorization);
    int events = 12;
    recordLargeEvents(orgId, defaultPipeline(authorization), events);
    try (Socket socket = rawStream(authorization, cursor); EventStreamClient second = open(authorization)) {
      assertThat(second.status()).isEqualTo(200);
      awaitOpen(authorization); // the org's two places were taken: one came back when the server cut the reader off
      assertThat(readUntilEnd(socket)).as("bytes read before the end").isLessThan((long) events * LARGE_EVENT_BYTES);
    }
  }

  /**
   * Catching up is not live: a client resuming far behind (much more than EVENTS_WRITE_QUEUE_BYTES and the
   * socket buffers) gets its whole backlog, written as fast as it reads, and is not cut off.
   */
  @Test
  void aClientResumingFarBehindGetsItsWholeBacklog() throws Exception {
    UUID orgId = UUID.randomUUID();
    String authorization = "Bearer " + tokens.user(orgId, "behind");
    String pipelineId = defaultPipeline(authorization);
    String cursor = cursorBefore(authorization);
    int events = 40;
    recordLargeEvents(orgId, pipelineId, events);
    try (EventStreamClient resumed = EventStreamClient.open(server.port(), "/api/v1/crm/events", authorization, cursor)) {
      List<EventStreamClient.Event> backlog = resumed.next(events, Duration.ofSeconds(60));
      assertThat(backlog).extracting(EventStreamClient.Event::event).containsOnly("opportunity.updated");
      assertThat(resumed.quietFor(Duration.ofMillis(300))).as("the stream stays open").isTrue();
    }
  }

  private static final int LARGE_EVENT_BYTES = 1_000_000;

  private static String defaultPipeline(String authorization) {
    return server.withAuthorization(authorization).get("/api/v1/crm/opportunity_pipelines")
        .bodyAsJsonObject().getString("default_pipeline_id");
  }

  /** The id of a first event, to resume after once more is recorded. */
  private static String cursorBefore(String authorization) throws Exception {
    try (EventStreamClient before = open(authorization)) {
      new Crm(server.withAuthorization(authorization)).createDeal("Seen", null);
      return before.next(Duration.ofSeconds(5)).id();
    }
  }

  /**
   * A stream on a socket with a small receive buffer that the test does not read from until it says so; it
   * returns once the response head arrived (the stream is open and subscribed).
   */
  private static Socket rawStream(String authorization, String lastEventId) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
    socket.setSoTimeout(5000); // a head that never comes fails the test instead of hanging it
    OutputStream out = socket.getOutputStream();
    out.write(("GET /api/v1/crm/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + authorization
        + (lastEventId == null ? "" : "\r\nLast-Event-ID: " + lastEventId) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    awaitHeaders(socket.getInputStream());
    return socket;
  }

  /** Reads everything until the server ends the stream (within 20 s, else the test fails): the bytes read. */
  private static long readUntilEnd(Socket socket) throws IOException {
    socket.setSoTimeout(500);
    InputStream in = socket.getInputStream();
    long read = 0;
    byte[] buffer = new byte[65536];
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        int n = in.read(buffer);
        if (n < 0) {
          return read;
        }
        read += n;
      } catch (SocketTimeoutException quiet) {
        // heartbeats only, or nothing: keep waiting for the end until the deadline
      } catch (SocketException reset) {
        return read; // cut off with a reset rather than a FIN: the same verdict
      }
    }
    throw new AssertionError("the server did not cut the reader off within 20 s (" + read + " bytes read)");
  }

  /** Events of about 1 MB each, recorded one after the other as fast as the database takes them. */
  private static void recordLargeEvents(UUID orgId, String pipelineId, int events) throws Exception {
    String body = new JsonObject().put("opportunity", new JsonObject().put("pipeline_id", pipelineId)
        .put("name", "x".repeat(LARGE_EVENT_BYTES))).encode();
    try (Connection db = TestDatabase.connect(TestDatabase.shared());
         PreparedStatement record = db.prepareStatement(
             "SELECT crm_record_events(?, ARRAY[?::uuid], ARRAY['opportunity.updated'], ARRAY[?::jsonb])")) {
      for (int i = 0; i < events; i++) {
        record.setObject(1, orgId);
        record.setObject(2, UUID.fromString(pipelineId));
        record.setString(3, body);
        record.executeQuery().close();
      }
    }
  }
}
