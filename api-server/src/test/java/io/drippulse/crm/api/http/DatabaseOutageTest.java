package io.drippulse.crm.api.http;

import static io.drippulse.crm.api.support.Json.assertError;
import static io.drippulse.crm.api.support.Json.ok;
import static io.drippulse.crm.api.support.Json.wrap;
import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.Api;
import io.drippulse.crm.api.support.PrivateCluster;
import io.drippulse.crm.api.support.ScratchServer;
import io.drippulse.crm.api.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With its database down, the server answers writes (and reads) 503 database_unavailable with
 * Retry-After, like readiness, never 500; once the database is back, the same requests succeed. The
 * database is a private cluster this test creates, stops and drops.
 */
@Timeout(180)
class DatabaseOutageTest {

  private static final String OPPS = "/api/v1/crm/opportunities";
  private final TestServer shared = TestServer.get();

  @Test
  void writesDuringAnOutageAre503WithRetryAfterAndWorkAgainAfterIt() {
    try (PrivateCluster cluster = PrivateCluster.create();
         ScratchServer server = ScratchServer.start(TestServer.config(cluster.url()).put("DB_MIGRATE", true)
             .put("DB_ACQUIRE_TIMEOUT_MS", 2000))) {
      Api alice = server.withAuthorization("Bearer " + shared.tokens.user(UUID.randomUUID(), "alice"));
      ok(alice.post(OPPS, deal("before")), 201);

      cluster.stop();
      for (JsonObject body : new JsonObject[] {deal("during"), deal("during again")}) {
        HttpResponse<Buffer> write = alice.post(OPPS, body);
        assertError(write, 503, "database_unavailable");
        assertThat(write.getHeader("Retry-After")).matches("[0-9]+");
      }
      assertError(alice.post("/api/v1/crm/opportunity_pipelines", wrap("pipeline", new JsonObject().put("name", "P"))),
          503, "database_unavailable");
      assertError(alice.get(OPPS), 503, "database_unavailable");
      assertThat(alice.get("/health/ready").statusCode()).isEqualTo(503);

      cluster.start();
      HttpResponse<Buffer> after = alice.post(OPPS, deal("after"));
      for (int i = 0; i < 50 && after.statusCode() == 503; i++) {
        LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        after = alice.post(OPPS, deal("after"));
      }
      ok(after, 201);
      assertThat(ok(alice.get(OPPS), 200).getJsonArray("opportunities").stream()
          .map(o -> ((JsonObject) o).getString("name"))).containsExactly("before", "after");
    }
  }

  private static JsonObject deal(String name) {
    return wrap("opportunity", new JsonObject().put("name", name));
  }
}
