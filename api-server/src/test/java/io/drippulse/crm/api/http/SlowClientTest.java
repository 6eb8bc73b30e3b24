package io.drippulse.crm.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.RawHttp;
import io.drippulse.crm.api.support.ScratchServer;
import io.drippulse.crm.api.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Headers or a body that do not arrive within REQUEST_TIMEOUT (2 s here) are answered 408 and the
 * connection is closed; meanwhile another tenant is served at once.
 */
@Timeout(60)
class SlowClientTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final TestServer shared = TestServer.get();
  private static ScratchServer server;

  private final String alice = "Bearer " + shared.tokens.user(UUID.randomUUID(), "alice");
  private final String otherTenant = "Bearer " + shared.tokens.user(UUID.randomUUID(), "bob");

  @BeforeAll
  static void start() {
    server = ScratchServer.start(TestServer.config(shared.database).put("REQUEST_TIMEOUT", TIMEOUT.toSeconds()));
  }

  /** The other tenant's first request creates its default pipeline; the timed ones come after. */
  @BeforeEach
  void warmUp() {
    assertThat(server.withAuthorization(otherTenant).get("/api/v1/crm/opportunity_pipelines").statusCode()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void headersSentAByteAtATimeAre408AndTheConnectionIsClosed() throws Exception {
    try (RawHttp raw = new RawHttp(server.port())) {
      long started = System.nanoTime();
      CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> read(raw));
      raw.write("GET /api/v1/api_keys HTTP/1.1\r\nHost: localhost\r\n");
      while (!answer.isDone() && elapsed(started).compareTo(TIMEOUT.multipliedBy(5)) < 0) {
        assertOtherTenantIsServedQuickly();
        try {
          raw.write("X");
        } catch (java.io.IOException closed) {
          break;
        }
        LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
      }
      String response = answer.get();
      assertThat(response).startsWith("HTTP/1.1 408").contains("\"request_timeout\"");
      assertThat(elapsed(started)).isGreaterThanOrEqualTo(TIMEOUT).isLessThan(TIMEOUT.multipliedBy(3).plusSeconds(1));
    }
  }

  @Test
  void aChunkedBodyThatStallsIs408AndTheConnectionIsClosed() throws Exception {
    try (RawHttp raw = new RawHttp(server.port())) {
      long started = System.nanoTime();
      raw.write("POST /api/v1/crm/opportunities HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + alice
          + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"opp\r\n");
      CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> read(raw));
      while (!answer.isDone()) {
        assertOtherTenantIsServedQuickly();
        LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
      }
      String response = answer.get();
      assertThat(response).startsWith("HTTP/1.1 408").contains("\"request_timeout\"").containsIgnoringCase("connection: close");
      assertThat(elapsed(started)).isGreaterThanOrEqualTo(TIMEOUT).isLessThan(TIMEOUT.plusSeconds(3));
    }
  }

  @Test
  void aBodyShorterThanItsContentLengthIs408() throws Exception {
    try (RawHttp raw = new RawHttp(server.port())) {
      raw.write("POST /api/v1/api_keys HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + alice
          + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\":");
      assertThat(raw.readUntilClosed()).startsWith("HTTP/1.1 408").contains("\"request_timeout\"");
    }
  }

  @Test
  void aSlowRequestThatArrivesInTimeIsServed() throws Exception {
    try (RawHttp raw = new RawHttp(server.port())) {
      String body = new JsonObject().put("name", "slow but fine").encode();
      raw.write("POST /api/v1/api_keys HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + alice
          + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " + body.length() + "\r\n\r\n");
      LockSupport.parkNanos(TIMEOUT.toNanos() / 2);
      raw.write(body);
      assertThat(raw.readUntilClosed()).startsWith("HTTP/1.1 201");
    }
  }

  private void assertOtherTenantIsServedQuickly() {
    long started = System.nanoTime();
    int status = server.withAuthorization(otherTenant).get("/api/v1/crm/opportunity_pipelines").statusCode();
    assertThat(status).isEqualTo(200);
    assertThat(elapsed(started)).isLessThan(Duration.ofSeconds(2));
  }

  private static String read(RawHttp raw) {
    try {
      return raw.readUntilClosed();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Duration elapsed(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }
}
