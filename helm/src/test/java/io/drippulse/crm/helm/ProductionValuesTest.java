package io.drippulse.crm.helm;

import static io.drippulse.crm.helm.Manifests.container;
import static io.drippulse.crm.helm.Manifests.env;
import static io.drippulse.crm.helm.Manifests.podSpec;
import static io.drippulse.crm.helm.Manifests.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** `helm template -f values-production.yaml`: the worked production example shipped with the chart. */
class ProductionValuesTest {

  private static final String API = "crm-drippulse-crm-api";
  private static final String WORKER = "crm-drippulse-crm-worker";
  private static final String EXPORTS = "crm-drippulse-crm-exports";
  private static final String SECRET = "drippulse-crm-production";

  private static Manifests manifests;

  @BeforeAll
  static void render() {
    manifests = Chart.render(Chart.productionValues());
  }

  @Test
  void rendersScaledOutKinds() {
    assertThat(manifests.kinds()).containsExactlyInAnyOrder(
        "ConfigMap", "ConfigMap", "Service", "Deployment", "Deployment", "PodDisruptionBudget",
        "HorizontalPodAutoscaler", "Ingress", "CronJob", "Job");
    assertThat(manifests.ofKind("Secret")).as("the production Secret is managed outside the chart").isEmpty();
  }

  @Test
  void autoscalerOwnsTheApiReplicaCount() {
    JsonNode hpa = manifests.get("HorizontalPodAutoscaler", API);

    assertThat(manifests.get("Deployment", API).at("/spec/replicas").isMissingNode())
        .as("replicas left to the HorizontalPodAutoscaler, so an upgrade does not reset them").isTrue();
    assertThat(hpa.at("/spec/scaleTargetRef/kind").asText()).isEqualTo("Deployment");
    assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo(API);
    assertThat(hpa.at("/spec/minReplicas").asInt()).isEqualTo(3);
    assertThat(hpa.at("/spec/maxReplicas").asInt()).isEqualTo(12);
    assertThat(hpa.at("/spec/metrics/0/resource/name").asText()).isEqualTo("cpu");
    assertThat(hpa.at("/spec/metrics/0/resource/target/averageUtilization").asInt()).isEqualTo(65);
  }

  @Test
  void ingressRoutesTheHostOverTlsToTheApiService() {
    JsonNode ingress = manifests.get("Ingress", API);

    assertThat(ingress.at("/spec/ingressClassName").asText()).isEqualTo("nginx");
    assertThat(ingress.at("/spec/rules/0/host").asText()).isEqualTo("crm.example.com");
    assertThat(ingress.at("/spec/rules/0/http/paths/0/backend/service/name").asText()).isEqualTo(API);
    assertThat(ingress.at("/spec/rules/0/http/paths/0/backend/service/port/name").asText()).isEqualTo("http");
    assertThat(ingress.at("/spec/tls/0/secretName").asText()).isEqualTo("crm-example-com-tls");
    assertThat(ingress.at("/metadata/annotations/cert-manager.io~1cluster-issuer").asText()).isEqualTo("letsencrypt");
  }

  @Test
  void cronJobEnqueuesExportsForTheListedOrgs() {
    JsonNode cronJob = manifests.get("CronJob", EXPORTS);
    JsonNode enqueue = container(cronJob);

    assertThat(cronJob.at("/spec/schedule").asText()).isEqualTo("30 1 * * *");
    assertThat(cronJob.at("/spec/timeZone").asText()).isEqualTo("Europe/Berlin");
    assertThat(cronJob.at("/spec/concurrencyPolicy").asText()).isEqualTo("Forbid");
    assertThat(podSpec(cronJob).path("restartPolicy").asText()).isEqualTo("Never");
    assertThat(enqueue.path("image").asText()).isEqualTo("drippulse/crm-portability-worker:0.1.0");
    assertThat(enqueue.has("command")).as("the image's entrypoint (WorkerMain) runs").isFalse();
    assertThat(strings(enqueue.path("args"))).containsExactly(
        "enqueue-export",
        "--org", "3f2c9a44-5d1e-4b7a-9c61-2e8f0a7b5d13",
        "--org", "8b1e6f20-7c3d-4e59-a4b2-91d0c5e7f366");
    assertThat(enqueue.at("/envFrom/0/configMapRef/name").asText()).isEqualTo(WORKER);
    assertThat(env(enqueue, "DATABASE_URL").at("/valueFrom/secretKeyRef/name").asText()).isEqualTo(SECRET);
    assertThat(env(enqueue, "DB_POOL_SIZE").path("value").asText()).isEqualTo("1");
  }

  @Test
  void processesReadTheProductionSecretAndTokenChecks() {
    JsonNode server = container(manifests.get("Deployment", API));
    JsonNode config = manifests.get("ConfigMap", API).path("data");

    assertThat(server.path("image").asText()).isEqualTo("drippulse/crm-api-server:0.1.0");
    assertThat(env(server, "DATABASE_URL").at("/valueFrom/secretKeyRef/name").asText()).isEqualTo(SECRET);
    assertThat(env(server, "JWT_PUBLIC_KEYS").at("/valueFrom/secretKeyRef/name").asText()).isEqualTo(SECRET);
    assertThat(config.path("JWT_ISSUER").asText()).isEqualTo("https://id.example.com/");
    assertThat(config.path("JWT_AUDIENCE").asText()).isEqualTo("drippulse-crm");
    assertThat(config.path("DEV_MODE").asText()).isEqualTo("false");
    assertThat(config.path("DB_POOL_SIZE").asText()).isEqualTo("12");
    assertThat(server.at("/resources/limits/memory").asText()).isEqualTo("1Gi");
    assertThat(manifests.get("Deployment", WORKER).at("/spec/replicas").asInt()).isEqualTo(3);
  }

  @Test
  void everyPodIsHardenedAndBounded() {
    assertThat(manifests.workloads()).hasSize(4);
    WorkloadAssertions.assertAllHardened(manifests.workloads());
  }
}
