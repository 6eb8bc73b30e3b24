package io.drippulse.crm.api.startup;

import static io.drippulse.crm.api.support.ServerProcesses.awaitOk;
import static io.drippulse.crm.api.support.ServerProcesses.freePort;
import static io.drippulse.crm.api.support.ServerProcesses.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.ServerProcesses;
import io.drippulse.crm.api.support.TestKeys;
import io.drippulse.crm.db.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The real server's log: timestamped text lines by default, and with LOG_FORMAT=json every line a JSON object. */
class LogFormatTest {

  private static final Pattern TIMESTAMPED = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) .*");

  @Test
  void textLinesStartWithATimestampAndCarryTheRequestId() throws Exception {
    List<String> lines = run("text", "text-request-0001", false);
    assertThat(lines).isNotEmpty().allMatch(line -> TIMESTAMPED.matcher(line).matches(), "starts with a timestamp");
    assertThat(lines).anyMatch(line -> line.contains("text-request-0001") && line.contains("GET /api/v1/crm/opportunity_pipelines 401"));
  }

  @Test
  void jsonModeMakesEveryLineAJsonObjectWithTheRequestIdAsAField() throws Exception {
    List<String> lines = run("json", "json-request-0001", true);
    assertThat(lines).isNotEmpty();
    List<JsonObject> events = lines.stream().map(JsonObject::new).toList(); // throws on any line that is not JSON
    assertThat(events).allMatch(event -> event.getString("@timestamp") != null && event.getString("level") != null);
    assertThat(events).anyMatch(event -> "json-request-0001".equals(event.getString("request_id"))
        && event.getString("message").contains("GET /api/v1/crm/opportunity_pipelines 401"));
    assertThat(events).anyMatch(event -> "json-request-0001".equals(event.getString("request_id"))
        && "WARN".equals(event.getString("level")) && event.getString("message").contains("missing_credentials"));
  }

  /**
   * Starts the server (in DEV_MODE its banner for a person is part of the output), makes one request, stops
   * it: the lines it wrote, stdout and stderr together.
   */
  private static List<String> run(String format, String requestId, boolean devMode) throws Exception {
    int port = freePort();
    Path log = Files.createTempFile("server", ".log");
    Process server = ServerProcesses.start(Map.of("DATABASE_URL", TestDatabase.shared().toUrl(), "HTTP_PORT",
        String.valueOf(port), "JWT_HS256_SECRET", TestKeys.HS256_SECRET, "DB_MIGRATE", "false", "DEV_MODE", String.valueOf(devMode),
        "LOG_FORMAT", format), log.toFile(), log.toFile());
    try {
      assertThat(awaitOk(port, "/health/live", Duration.ofSeconds(60))).isEqualTo(200);
      java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
              + "/api/v1/crm/opportunity_pipelines")).header("X-Request-Id", requestId).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(401);
      get(port, "/health/live", null);
    } finally {
      server.destroy();
      assertThat(server.waitFor(40, TimeUnit.SECONDS)).isTrue();
    }
    return Files.readAllLines(log).stream().filter(line -> !line.isBlank()).toList();
  }
}
