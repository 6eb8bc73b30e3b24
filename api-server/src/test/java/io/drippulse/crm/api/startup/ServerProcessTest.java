package io.drippulse.crm.api.startup;

import static io.drippulse.crm.api.support.ServerProcesses.awaitOk;
import static io.drippulse.crm.api.support.ServerProcesses.freePort;
import static io.drippulse.crm.api.support.ServerProcesses.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.ServerProcesses;
import io.drippulse.crm.api.support.TestKeys;
import io.drippulse.crm.db.DatabaseUrl;
import io.drippulse.crm.db.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real server process: replicas starting together on an empty database, bad settings, SIGTERM. */
class ServerProcessTest {

  @Test
  void twoReplicasStartingTogetherOnAnEmptyDatabaseBothBecomeReady() throws Exception {
    DatabaseUrl empty = TestDatabase.createEmpty();
    List<Process> servers = new ArrayList<>();
    List<Integer> ports = List.of(freePort(), freePort());
    try {
      for (int port : ports) {
        servers.add(start(Map.of("DATABASE_URL", empty.toUrl(), "HTTP_PORT", String.valueOf(port),
            "JWT_HS256_SECRET", TestKeys.HS256_SECRET)));
      }
      for (int port : ports) {
        assertThat(awaitOk(port, "/health/ready", Duration.ofSeconds(60))).isEqualTo(200);
        HttpResponse<String> unauthenticated = get(port, "/api/v1/crm/opportunity_pipelines", null);
        assertThat(unauthenticated.statusCode()).isEqualTo(401);
        assertThat(unauthenticated.body()).contains("\"code\":\"missing_credentials\"");
      }
    } finally {
      servers.forEach(Process::destroyForcibly);
    }
  }

  @Test
  void startUpWithoutAJwtKeyFailsNamingTheVariable() throws Exception {
    Path log = Files.createTempFile("server", ".log");
    Process server = start(Map.of("DATABASE_URL", TestDatabase.shared().toUrl(), "HTTP_PORT", String.valueOf(freePort()),
        "DB_MIGRATE", "false"), log);
    assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(server.exitValue()).isNotZero();
    assertThat(Files.readString(log)).contains("JWT_HS256_SECRET").contains("JWT_PUBLIC_KEYS");
  }

  @Test
  void malformedSettingFailsNamingTheVariable() throws Exception {
    Path log = Files.createTempFile("server", ".log");
    Process server = start(Map.of("DATABASE_URL", TestDatabase.shared().toUrl(), "HTTP_PORT", "eighty",
        "JWT_HS256_SECRET", TestKeys.HS256_SECRET), log);
    assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(server.exitValue()).isNotZero();
    assertThat(Files.readString(log)).contains("HTTP_PORT must be a whole number");
  }

  @Test
  void anUnreachableDatabaseStopsStartUpWithOneSentenceNamingDatabaseUrl() throws Exception {
    String nowhere = "postgresql://postgres@127.0.0.1:" + freePort() + "/drippulse";
    for (String migrate : List.of("true", "false")) {
      Path log = Files.createTempFile("server", ".log");
      Process server = start(Map.of("DATABASE_URL", nowhere, "HTTP_PORT", String.valueOf(freePort()),
          "JWT_HS256_SECRET", TestKeys.HS256_SECRET, "DB_MIGRATE", migrate), log);
      assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(server.exitValue()).isEqualTo(1);
      assertOneSentence(log, "cannot start: cannot reach the database at " + nowhere
          + " (DATABASE_URL): Connection refused.");
    }
  }

  @Test
  void aTakenPortStopsStartUpWithOneSentenceNamingHttpPort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      Path log = Files.createTempFile("server", ".log");
      Process server = start(Map.of("DATABASE_URL", TestDatabase.shared().toUrl(), "HTTP_PORT",
          String.valueOf(taken.getLocalPort()), "JWT_HS256_SECRET", TestKeys.HS256_SECRET, "DB_MIGRATE", "false"), log);
      assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(server.exitValue()).isEqualTo(1);
      assertOneSentence(log, "cannot start: port " + taken.getLocalPort() + " (HTTP_PORT) is already in use");
    }
  }

  /** The process said what is wrong in one log line, with nothing else after it: no trace, no second error. */
  private static void assertOneSentence(Path log, String sentence) throws IOException {
    List<String> lines = Files.readAllLines(log);
    assertThat(lines).filteredOn(line -> line.contains("ERROR")).singleElement().asString().contains(sentence);
    assertThat(lines).noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception"));
  }

  @Test
  void sigtermStopsGracefully() throws Exception {
    int port = freePort();
    Path log = Files.createTempFile("server", ".log");
    Process server = start(Map.of("DATABASE_URL", TestDatabase.shared().toUrl(), "HTTP_PORT", String.valueOf(port),
        "JWT_HS256_SECRET", TestKeys.HS256_SECRET, "DB_MIGRATE", "false"), log);
    assertThat(awaitOk(port, "/health/live", Duration.ofSeconds(60))).isEqualTo(200);
    server.destroy(); // SIGTERM
    assertThat(server.waitFor(40, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(log)).contains("stopping: finishing in-flight requests");
  }

  private Process start(Map<String, String> env) throws IOException {
    return start(env, Files.createTempFile("server", ".log"));
  }

  private Process start(Map<String, String> env, Path log) throws IOException {
    return ServerProcesses.start(env, log.toFile(), log.toFile());
  }
}
