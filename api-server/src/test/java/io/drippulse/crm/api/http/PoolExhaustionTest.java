package io.drippulse.crm.api.http;

import static io.drippulse.crm.api.support.Json.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.Api;
import io.drippulse.crm.api.support.ScratchServer;
import io.drippulse.crm.api.support.TestServer;
import io.drippulse.crm.db.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * When every pooled connection is busy (here: two requests stuck behind a table lock on a pool of two),
 * another tenant's request waits at most DB_ACQUIRE_TIMEOUT_MS and is answered 503 database_busy with
 * Retry-After, never 500 and never a 30-second hang. The stuck ones finish once the lock goes.
 */
@Timeout(60)
class PoolExhaustionTest {

  private static final String PIPELINES = "/api/v1/crm/opportunity_pipelines";
  private final TestServer shared = TestServer.get();

  @Test
  void aRequestThatFindsThePoolExhaustedIs503WithRetryAfter() throws Exception {
    try (ScratchServer server = ScratchServer.start(TestServer.config(shared.database).put("DB_POOL_SIZE", 2)
        .put("DB_ACQUIRE_TIMEOUT_MS", 500));
         Connection locker = TestDatabase.connect(shared.database)) {
      List<Api> stuck = List.of(tenant(server), tenant(server));
      Api other = tenant(server);
      for (Api api : List.of(stuck.get(0), stuck.get(1), other)) {
        assertThat(api.get("/api/v1/api_keys").statusCode()).isEqualTo(200); // each org is recorded before the lock
      }
      locker.setAutoCommit(false);
      try (Statement st = locker.createStatement()) {
        st.execute("LOCK TABLE pipelines IN ACCESS EXCLUSIVE MODE");
      }
      List<CompletableFuture<HttpResponse<Buffer>>> waiting = stuck.stream()
          .map(api -> CompletableFuture.supplyAsync(() -> api.get(PIPELINES))).toList();
      LockSupport.parkNanos(Duration.ofMillis(500).toNanos()); // both now hold a connection, waiting on the lock

      long started = System.nanoTime();
      HttpResponse<Buffer> refused = other.get(PIPELINES);
      Duration waited = Duration.ofNanos(System.nanoTime() - started);

      assertError(refused, 503, "database_busy");
      assertThat(refused.getHeader("Retry-After")).matches("[0-9]+");
      assertThat(waited).isLessThan(Duration.ofSeconds(3));
      locker.rollback();
      for (CompletableFuture<HttpResponse<Buffer>> request : waiting) {
        assertThat(request.get().statusCode()).isEqualTo(200);
      }
      assertThat(other.get(PIPELINES).statusCode()).isEqualTo(200);
    }
  }

  private Api tenant(ScratchServer server) {
    return server.withAuthorization("Bearer " + shared.tokens.user(UUID.randomUUID(), "u"));
  }
}
