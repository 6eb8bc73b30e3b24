package io.drippulse.crm.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** serve with LOG_FORMAT=json: every line it writes, from start to a graceful stop after a job, is a JSON object. */
class WorkerLogFormatTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyLineOfAServeRunIsAJsonObject() throws Exception {
    UUID org = UUID.randomUUID();
    Fixtures.seedSample(org, 1);
    assertThat(WorkerProcess.run("enqueue-export", "--org", org.toString()).exitCode()).isZero();
    WorkerProcess.Result result;
    try (WorkerProcess worker = WorkerProcess.start(WorkerProcess.env("LOG_FORMAT", "json"), "serve")) {
      Await.until(Duration.ofMinutes(3), "the export to finish", () ->
          Db.count("SELECT count(*) FROM portability_jobs WHERE org_id = ? AND status = 'succeeded'", org) == 1);
      worker.terminate();
      result = worker.awaitExit(Duration.ofSeconds(60));
    }
    List<String> lines = (result.stdout() + result.stderr()).lines().filter(line -> !line.isBlank()).toList();
    assertThat(lines).hasSizeGreaterThanOrEqualTo(3);
    for (String line : lines) {
      JsonNode event = JSON.readTree(line);
      assertThat(event.isObject()).as(line).isTrue();
      assertThat(event.path("@timestamp").asText()).as(line).isNotEmpty();
    }
    assertThat(lines).anyMatch(line -> line.contains("serving the portability job queue"))
        .anyMatch(line -> line.contains("succeeded"));
  }

  @Test
  void aStartUpFailureInJsonModeIsOneJsonEvent() throws Exception {
    WorkerProcess.Result result = WorkerProcess.run(WorkerProcess.env("LOG_FORMAT", "json", "DB_MIGRATE", "true",
        "DATABASE_URL", "postgresql://postgres@127.0.0.1:1/nothing"), "serve");
    assertThat(result.exitCode()).isEqualTo(1);
    List<String> lines = result.stderr().lines().filter(line -> !line.isBlank()).toList();
    assertThat(lines).hasSize(1);
    assertThat(JSON.readTree(lines.get(0)).path("message").asText()).contains("cannot reach the database").contains("DATABASE_URL");
  }
}
