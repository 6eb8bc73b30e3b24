package io.drippulse.crm.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * serve's GET /metrics on METRICS_PORT (worker.metrics), scraped after it ran a job; a taken port stops it
 * with one sentence. Here rather than under metrics/ because the process helpers are this package's.
 */
class WorkerMetricsTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void serveReportsJobsByStateDurationsAndJvmMetrics() throws Exception {
    UUID org = UUID.randomUUID();
    Fixtures.seedSample(org, 1);
    assertThat(WorkerProcess.run("enqueue-export", "--org", org.toString()).exitCode()).isZero();
    int port = freePort();
    try (WorkerProcess worker = WorkerProcess.start(WorkerProcess.env("METRICS_PORT", String.valueOf(port)), "serve")) {
      Await.until(Duration.ofMinutes(3), "the export to finish", () ->
          Db.count("SELECT count(*) FROM portability_jobs WHERE org_id = ? AND status = 'succeeded'", org) == 1);
      AtomicReference<String> metrics = new AtomicReference<>("");
      Await.until(Duration.ofSeconds(30), "the metrics to show the finished job", () -> {
        metrics.set(scrape(port));
        return metrics.get().contains("drippulse_job_duration_seconds_count{kind=\"export\",outcome=\"succeeded\"}");
      });
      assertThat(gauge(metrics.get(), "drippulse_jobs{state=\"succeeded\"}")).isGreaterThanOrEqualTo(1);
      assertThat(metrics.get()).contains("drippulse_jobs{state=\"queued\"}").contains("drippulse_job_rows_per_second")
          .contains("jvm_memory_used_bytes");
    }
  }

  @Test
  void aTakenMetricsPortStopsServeWithOneSentence() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      WorkerProcess.Result result = WorkerProcess.run(WorkerProcess.env("METRICS_PORT", String.valueOf(taken.getLocalPort())),
          "serve");
      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.stderr()).contains("port " + taken.getLocalPort() + " (METRICS_PORT) is already in use");
    }
  }

  private static double gauge(String metrics, String series) {
    return metrics.lines().filter(line -> line.startsWith(series + " ")).findFirst()
        .map(line -> Double.parseDouble(line.substring(series.length() + 1))).orElseThrow();
  }

  private static String scrape(int port) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
