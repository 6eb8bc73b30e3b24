package io.drippulse.crm.helm;

import static io.drippulse.crm.helm.Manifests.annotation;
import static io.drippulse.crm.helm.Manifests.container;
import static io.drippulse.crm.helm.Manifests.podTemplate;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Prometheus scrapes both processes' GET /metrics: pod annotations naming the port, the worker's METRICS_PORT. */
class MetricsScrapeTest {

  private static final String API = "crm-drippulse-crm-api";
  private static final String WORKER = "crm-drippulse-crm-worker";

  @Test
  void bothWorkloadsAreAnnotatedForScrapingOnTheirMetricsPort() {
    Manifests manifests = Chart.render();
    JsonNode api = podTemplate(manifests.get("Deployment", API));
    assertThat(annotation(api, "prometheus.io/scrape")).isEqualTo("true");
    assertThat(annotation(api, "prometheus.io/port")).isEqualTo("8080");
    assertThat(annotation(api, "prometheus.io/path")).isEqualTo("/metrics");

    JsonNode workerDeployment = manifests.get("Deployment", WORKER);
    JsonNode worker = podTemplate(workerDeployment);
    assertThat(annotation(worker, "prometheus.io/scrape")).isEqualTo("true");
    assertThat(annotation(worker, "prometheus.io/port")).isEqualTo("9090");
    assertThat(container(workerDeployment).at("/ports/0/containerPort").asInt()).isEqualTo(9090);
    assertThat(manifests.get("ConfigMap", WORKER).at("/data/METRICS_PORT").asText()).isEqualTo("9090");
    assertThat(manifests.get("ConfigMap", API).at("/data/RATE_LIMIT_PER_MINUTE").asText()).isEqualTo("1200");
    assertThat(manifests.get("ConfigMap", WORKER).at("/data/BUNDLE_RETENTION_DAYS").asText()).isEqualTo("7");
  }

  @Test
  void annotationsCanBeTurnedOff() {
    Manifests manifests = Chart.render(command -> command.set("metrics.scrapeAnnotations", false));
    assertThat(annotation(podTemplate(manifests.get("Deployment", API)), "prometheus.io/scrape")).isEmpty();
    assertThat(annotation(podTemplate(manifests.get("Deployment", WORKER)), "prometheus.io/scrape")).isEmpty();
  }
}
