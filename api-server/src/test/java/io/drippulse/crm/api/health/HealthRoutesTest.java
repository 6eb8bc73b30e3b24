package io.drippulse.crm.api.health;

import static io.drippulse.crm.api.support.Json.assertError;
import static io.drippulse.crm.api.support.Json.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.Api;
import io.drippulse.crm.api.support.ScratchServer;
import io.drippulse.crm.api.support.TestServer;
import io.drippulse.crm.db.DatabaseUrl;
import io.drippulse.crm.db.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

/** Liveness and readiness, including readiness while the database is gone. */
class HealthRoutesTest {

  @Test
  void liveAndReadyAre200WhileTheDatabaseAnswers() {
    Api anonymous = TestServer.get().withAuthorization(null);
    assertThat(ok(anonymous.get("/health/live"), 200).getString("status")).isEqualTo("up");
    assertThat(ok(anonymous.get("/health/ready"), 200).getString("status")).isEqualTo("ready");
  }

  @Test
  void readyIs503WithAJsonErrorWhileTheDatabaseIsDownAndLiveStays200() {
    DatabaseUrl scratch = TestDatabase.fresh();
    try (ScratchServer server = ScratchServer.start(TestServer.config(scratch))) {
      Api anonymous = server.withAuthorization(null);
      ok(anonymous.get("/health/ready"), 200);

      TestDatabase.drop(scratch);

      HttpResponse<Buffer> ready = anonymous.get("/health/ready");
      assertError(ready, 503, "database_unavailable");
      JsonObject error = ready.bodyAsJsonObject().getJsonObject("error");
      assertThat(error.getString("message")).isEqualTo("The database is not reachable.");
      assertThat(error.getJsonArray("details")).isEmpty();
      assertThat(ready.bodyAsString()).doesNotContain(scratch.database()).doesNotContainIgnoringCase("exception");
      assertThat(ok(anonymous.get("/health/live"), 200).getString("status")).isEqualTo("up");
    }
  }
}
