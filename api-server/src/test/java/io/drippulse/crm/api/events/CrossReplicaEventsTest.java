package io.drippulse.crm.api.events;

import static io.drippulse.crm.api.support.ServerProcesses.awaitOk;
import static io.drippulse.crm.api.support.ServerProcesses.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.EventStreamClient;
import io.drippulse.crm.api.support.Eventually;
import io.drippulse.crm.api.support.EventStreamClient.Event;
import io.drippulse.crm.api.support.ServerProcesses;
import io.drippulse.crm.api.support.TestKeys;
import io.drippulse.crm.api.support.Tokens;
import io.drippulse.crm.db.DatabaseUrl;
import io.drippulse.crm.db.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two real api-server processes on one database: events written through one reach streams on the other. */
class CrossReplicaEventsTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Duration ONE_SECOND = Duration.ofSeconds(1);
  private static DatabaseUrl database;
  private static Vertx vertx;
  private static Tokens tokens;
  private static Process processA;
  private static Process processB;
  private static int a;
  private static int b;

  @BeforeAll
  static void startTwoReplicas() throws Exception {
    database = TestDatabase.fresh();
    vertx = Vertx.vertx();
    tokens = new Tokens(vertx);
    a = freePort();
    b = freePort();
    processA = start(a);
    processB = start(b);
    assertThat(awaitOk(a, "/health/ready", Duration.ofSeconds(60))).isEqualTo(200);
    assertThat(awaitOk(b, "/health/ready", Duration.ofSeconds(60))).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    processA.destroyForcibly();
    if (processB.isAlive()) {
      processB.destroyForcibly();
    }
    vertx.close().await();
  }

  private static Process start(int port) throws Exception {
    File log = Files.createTempFile("replica-" + port, ".log").toFile();
    return ServerProcesses.start(Map.of("DATABASE_URL", database.toUrl(), "HTTP_PORT", String.valueOf(port),
        "JWT_HS256_SECRET", TestKeys.HS256_SECRET, "DB_MIGRATE", "false"), log, log);
  }

  private static String newOrg() {
    return "Bearer " + tokens.user(UUID.randomUUID(), "user-" + UUID.randomUUID().toString().substring(0, 8));
  }

  @Test
  void writesThroughOneReplicaReachAStreamOnTheOtherWithinASecond() throws Exception {
    String org = newOrg();
    try (EventStreamClient onB = EventStreamClient.open(b, "/api/v1/crm/events", org, null)) {
      assertThat(onB.status()).isEqualTo(200);
      JsonObject first = create(a, org, "First");
      assertThat(onB.next(ONE_SECOND).data().getJsonObject("opportunity")).isEqualTo(first);
      JsonObject second = create(a, org, "Second");
      assertThat(onB.next(ONE_SECOND).data().getJsonObject("opportunity")).isEqualTo(second);
      send(a, org, "POST", "/api/v1/crm/opportunities/reorder", new JsonObject()
          .put("pipeline_stage_id", first.getString("pipeline_stage_id"))
          .put("ordered_ids", new JsonArray().add(second.getString("id")).add(first.getString("id"))));
      assertThat(onB.next(ONE_SECOND).event()).isEqualTo("opportunities.reordered");
    }
  }

  @Test
  void aResumeOnTheOtherReplicaLosesAndRepeatsNothing() throws Exception {
    String org = newOrg();
    String lastSeen;
    try (EventStreamClient onA = EventStreamClient.open(a, "/api/v1/crm/events", org, null)) {
      create(a, org, "Seen");
      lastSeen = onA.next(Duration.ofSeconds(5)).id();
    }
    List<String> whileAway = List.of(create(a, org, "One").getString("id"), create(b, org, "Two").getString("id"),
        create(a, org, "Three").getString("id"));
    try (EventStreamClient onB = EventStreamClient.open(b, "/api/v1/crm/events", org, lastSeen)) {
      List<Event> replayed = onB.next(3, Duration.ofSeconds(5));
      assertThat(replayed).extracting(e -> e.data().getJsonObject("opportunity").getString("id")).isEqualTo(whileAway);
      assertThat(onB.quietFor(Duration.ofMillis(500))).isTrue();
    }
  }

  /**
   * The listener connections are killed from the database side. Each replica reconnects and listens again (a
   * new listener backend appears), catches up on the write made while it was away, and is live again after.
   */
  @Test
  void aKilledListenerConnectionResubscribesAndCatchesUp() throws Exception {
    String org = newOrg();
    try (EventStreamClient onB = EventStreamClient.open(b, "/api/v1/crm/events", org, null)) {
      assertThat(listeners()).isEqualTo(2);
      try (Connection db = TestDatabase.connect(database); Statement st = db.createStatement()) {
        st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'drippulse-api-events'"
            + " AND datname = current_database()");
      }
      JsonObject duringOutage = create(a, org, "During the outage");
      assertThat(onB.next(Duration.ofSeconds(10)).data().getJsonObject("opportunity")).isEqualTo(duringOutage);
      Eventually.await("both replicas listening again", Duration.ofSeconds(10), Duration.ofMillis(100),
          CrossReplicaEventsTest::listeners, n -> n == 2);
      JsonObject after = create(a, org, "After");
      assertThat(onB.next(ONE_SECOND).data().getJsonObject("opportunity")).isEqualTo(after);
    }
  }

  /** A rolling deploy: SIGTERM ends open streams cleanly at once, so the replica drains long before its timeout. */
  @Test
  void sigtermEndsOpenStreamsSoTheReplicaDrainsQuickly() throws Exception {
    int port = freePort();
    Process draining = start(port);
    try {
      assertThat(awaitOk(port, "/health/ready", Duration.ofSeconds(60))).isEqualTo(200);
      EventStreamClient stream = EventStreamClient.open(port, "/api/v1/crm/events", newOrg(), null);
      assertThat(stream.status()).isEqualTo(200);
      long started = System.nanoTime();
      draining.destroy(); // SIGTERM
      assertThat(stream.awaitEnd(Duration.ofSeconds(10))).isTrue();
      assertThat(draining.waitFor(15, TimeUnit.SECONDS)).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    } finally {
      draining.destroyForcibly();
    }
  }

  private static long listeners() throws Exception {
    try (Connection db = TestDatabase.connect(database); Statement st = db.createStatement();
         ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'drippulse-api-events'"
             + " AND datname = current_database() AND query ILIKE 'LISTEN%'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static JsonObject create(int port, String org, String name) throws Exception {
    return send(port, org, "POST", "/api/v1/crm/opportunities",
        new JsonObject().put("opportunity", new JsonObject().put("name", name)));
  }

  private static JsonObject send(int port, String org, String method, String path, JsonObject body) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", org).header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
    return new JsonObject(response.body());
  }
}
