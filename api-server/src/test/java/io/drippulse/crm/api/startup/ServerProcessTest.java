package io.drippulse.crm.api.startup;

import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.Main;
import io.drippulse.crm.api.support.TestKeys;
import io.drippulse.crm.db.DatabaseUrl;
import io.drippulse.crm.db.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real server process: replicas starting together on an empty database, bad settings, SIGTERM. */
class ServerProcessTest {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

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
        assertThat(awaitStatus(port, "/health/ready", Duration.ofSeconds(60))).isEqualTo(200);
        HttpResponse<String> unauthenticated = get(port, "/api/v1/crm/opportunity_pipelines");
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
  void sigtermStopsGracefully() throws Exception {
    int port = freePort();
    Path log = Files.createTempFile("server", ".log");
    Process server = start(Map.of("DATABASE_URL", TestDatabase.shared().toUrl(), "HTTP_PORT", String.valueOf(port),
        "JWT_HS256_SECRET", TestKeys.HS256_SECRET, "DB_MIGRATE", "false"), log);
    assertThat(awaitStatus(port, "/health/live", Duration.ofSeconds(60))).isEqualTo(200);
    server.destroy(); // SIGTERM
    assertThat(server.waitFor(40, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(log)).contains("stopping: finishing in-flight requests");
  }

  private Process start(Map<String, String> env) throws IOException {
    return start(env, Files.createTempFile("server", ".log"));
  }

  private Process start(Map<String, String> env, Path log) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("JWT_") || k.equals("DEV_MODE") || k.equals("HTTP_PORT"));
    builder.environment().putAll(env);
    return builder.start();
  }

  private int awaitStatus(int port, String path, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      try {
        int status = get(port, path).statusCode();
        if (status == 200) {
          return status;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    return -1;
  }

  private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
