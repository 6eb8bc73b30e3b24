package io.drippulse.crm.helm;

import static io.drippulse.crm.helm.Manifests.annotation;
import static io.drippulse.crm.helm.Manifests.container;
import static io.drippulse.crm.helm.Manifests.env;
import static io.drippulse.crm.helm.Manifests.podSpec;
import static io.drippulse.crm.helm.Manifests.podTemplate;
import static io.drippulse.crm.helm.Manifests.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** `helm template` with the chart's own values.yaml: what an operator gets without overriding anything. */
class DefaultValuesTest {

  private static final String API = "crm-drippulse-crm-api";
  private static final String WORKER = "crm-drippulse-crm-worker";
  private static final String MIGRATE = "crm-drippulse-crm-migrate";
  private static final String DEFAULT_SECRET = "drippulse-crm";

  private static Manifests manifests;

  @BeforeAll
  static void render() {
    manifests = Chart.render();
  }

  @Test
  void rendersTheBaseKindsOnly() {
    assertThat(manifests.kinds()).containsExactlyInAnyOrder(
        "ConfigMap", "ConfigMap", "Service", "Deployment", "Deployment", "PodDisruptionBudget", "Job");
  }

  @Test
  void apiServerProbesHealthEndpointsOnItsNamedPort() {
    JsonNode server = container(manifests.get("Deployment", API));

    assertThat(server.at("/ports/0/name").asText()).isEqualTo("http");
    assertThat(server.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
    assertThat(server.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
    assertThat(server.at("/livenessProbe/httpGet/port").asText()).isEqualTo("http");
    assertThat(server.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
    assertThat(server.at("/readinessProbe/httpGet/port").asText()).isEqualTo("http");
    assertThat(server.at("/startupProbe/httpGet/path").asText()).isEqualTo("/health/live");
  }

  @Test
  void apiServerGetsTimeToDrainAndShutDown() {
    JsonNode deployment = manifests.get("Deployment", API);
    JsonNode server = container(deployment);

    int preStop = server.at("/lifecycle/preStop/sleep/seconds").asInt();
    int grace = podSpec(deployment).path("terminationGracePeriodSeconds").asInt();
    assertThat(preStop).isPositive();
    assertThat(grace - preStop).as("seconds left for the server's own shutdown after SIGTERM").isGreaterThanOrEqualTo(30);
    assertThat(deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt()).isZero();
    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
  }

  @Test
  void apiServerConfigComesFromConfigMapAndSecret() {
    JsonNode server = container(manifests.get("Deployment", API));
    JsonNode config = manifests.get("ConfigMap", API).path("data");

    assertThat(server.at("/envFrom/0/configMapRef/name").asText()).isEqualTo(API);
    assertThat(config.path("HTTP_PORT").asText()).isEqualTo("8080");
    assertThat(config.path("DB_POOL_SIZE").asText()).isEqualTo("10");
    assertThat(config.path("DB_MIGRATE").asText()).isEqualTo("false");
    assertThat(config.path("DEV_MODE").asText()).isEqualTo("false");
    assertThat(config.has("JWT_ISSUER")).as("unset issuer stays out of the environment").isFalse();
    assertThat(config.has("JWT_AUDIENCE")).isFalse();

    assertThat(env(server, "DATABASE_URL").at("/valueFrom/secretKeyRef/name").asText()).isEqualTo(DEFAULT_SECRET);
    assertThat(env(server, "DATABASE_URL").at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("DATABASE_URL");
    assertThat(env(server, "DATABASE_URL").at("/valueFrom/secretKeyRef/optional").isMissingNode()).isTrue();
    for (String key : new String[] {"JWT_PUBLIC_KEYS", "JWT_HS256_SECRET"}) {
      JsonNode ref = env(server, key).at("/valueFrom/secretKeyRef");
      assertThat(ref.path("name").asText()).as(key).isEqualTo(DEFAULT_SECRET);
      assertThat(ref.path("key").asText()).as(key).isEqualTo(key);
      assertThat(ref.path("optional").asBoolean()).as("%s may be absent when the other key is set", key).isTrue();
    }
  }

  @Test
  void slowClientAndPoolLimitsReachTheServer() {
    JsonNode config = manifests.get("ConfigMap", API).path("data");

    assertThat(config.path("REQUEST_TIMEOUT").asText()).isEqualTo("30");
    assertThat(config.path("UPLOAD_IDLE_TIMEOUT").asText()).isEqualTo("30");
    assertThat(config.path("UPLOAD_TIMEOUT").asText()).isEqualTo("1800");
    assertThat(config.path("UPLOADS_PER_ORG").asText()).isEqualTo("2");
    assertThat(config.path("DB_ACQUIRE_TIMEOUT_MS").asText()).isEqualTo("5000");
  }

  @Test
  void workerServesFromTheWorkerConfigAndTheDatabaseSecret() {
    JsonNode deployment = manifests.get("Deployment", WORKER);
    JsonNode worker = container(deployment);
    JsonNode config = manifests.get("ConfigMap", WORKER).path("data");

    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(1);
    assertThat(strings(worker.path("args"))).containsExactly("serve");
    assertThat(worker.path("image").asText()).isEqualTo("drippulse/crm-portability-worker:0.1.0-SNAPSHOT");
    assertThat(worker.at("/envFrom/0/configMapRef/name").asText()).isEqualTo(WORKER);
    assertThat(config.path("DB_MIGRATE").asText()).isEqualTo("false");
    assertThat(config.path("DB_POOL_SIZE").asText()).isEqualTo("4");
    assertThat(env(worker, "DATABASE_URL").at("/valueFrom/secretKeyRef/name").asText()).isEqualTo(DEFAULT_SECRET);
    assertThat(env(worker, "JWT_HS256_SECRET").isMissingNode()).as("the worker needs no JWT key").isTrue();
    assertThat(config.path("JOB_LEASE_SECONDS").asText()).isEqualTo("30");
    assertThat(config.path("JOB_POLL_SECONDS").asText()).isEqualTo("5");
    assertThat(config.path("JOB_MAX_ATTEMPTS").asText()).isEqualTo("5");
  }

  /** The live board's stream bounds reach the server, and the worker keeps events at least a day. */
  @Test
  void eventStreamSettingsAndEventRetentionAreConfigured() {
    JsonNode api = manifests.get("ConfigMap", API).path("data");
    assertThat(api.path("EVENTS_MAX_STREAMS").asText()).isEqualTo("2000");
    assertThat(api.path("EVENTS_MAX_STREAMS_PER_ORG").asText()).isEqualTo("100");
    assertThat(api.path("EVENTS_HEARTBEAT_SECONDS").asText()).isEqualTo("15");
    assertThat(api.path("EVENTS_WRITE_QUEUE_BYTES").asText()).isEqualTo("262144");
    assertThat(manifests.get("ConfigMap", WORKER).at("/data/EVENT_RETENTION_HOURS").asText()).isEqualTo("24");
    assertThat(manifests.get("ConfigMap", WORKER).at("/data/TRASH_RETENTION_DAYS").asText()).isEqualTo("30");
  }

  @Test
  void workerHandsItsJobBackBeforeTheGracePeriodEnds() {
    int grace = podSpec(manifests.get("Deployment", WORKER)).path("terminationGracePeriodSeconds").asInt();
    int stopGrace = Integer.parseInt(manifests.get("ConfigMap", WORKER).at("/data/STOP_GRACE_SECONDS").asText());

    assertThat(stopGrace).isPositive();
    assertThat(grace - stopGrace).as("seconds left to hand the job back and close the pool").isGreaterThanOrEqualTo(5);
  }

  @Test
  void migrationsRunAsPreInstallAndPreUpgradeHook() {
    JsonNode job = manifests.get("Job", MIGRATE);
    JsonNode migrate = container(job);

    assertThat(manifests.hooks()).containsExactly(job);
    assertThat(annotation(job, "helm.sh/hook")).isEqualTo("pre-install,pre-upgrade");
    assertThat(annotation(job, "helm.sh/hook-delete-policy")).isEqualTo("before-hook-creation,hook-succeeded");
    assertThat(annotation(job, "helm.sh/hook-weight")).isEqualTo("0");
    assertThat(podSpec(job).path("restartPolicy").asText()).isEqualTo("Never");
    assertThat(migrate.path("image").asText()).isEqualTo("drippulse/crm-api-server:0.1.0-SNAPSHOT");
    assertThat(strings(migrate.path("command"))).containsExactly(
        "java", "-cp", "@/app/jib-classpath-file", "io.drippulse.crm.db.MigrateMain");
    assertThat(env(migrate, "DATABASE_URL").at("/valueFrom/secretKeyRef/name").asText()).isEqualTo(DEFAULT_SECRET);
  }

  @Test
  void everyPodIsHardenedAndBounded() {
    WorkloadAssertions.assertAllHardened(manifests.workloads());
  }

  @Test
  void serviceAndDisruptionBudgetSelectExactlyTheApiPods() {
    JsonNode podLabels = podTemplate(manifests.get("Deployment", API)).at("/metadata/labels");
    JsonNode service = manifests.get("Service", API);
    JsonNode budget = manifests.get("PodDisruptionBudget", API);

    assertThat(service.at("/spec/type").asText()).isEqualTo("ClusterIP");
    assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(80);
    assertThat(service.at("/spec/ports/0/targetPort").asText()).isEqualTo("http");
    assertThat(service.at("/spec/selector/app.kubernetes.io~1component").asText()).isEqualTo("api");
    service.at("/spec/selector").fields().forEachRemaining(
        label -> assertThat(podLabels.path(label.getKey()).asText()).as(label.getKey()).isEqualTo(label.getValue().asText()));
    assertThat(budget.at("/spec/selector/matchLabels")).isEqualTo(service.at("/spec/selector"));
    assertThat(budget.at("/spec/maxUnavailable").asInt()).isEqualTo(1);
    JsonNode workerLabels = podTemplate(manifests.get("Deployment", WORKER)).at("/metadata/labels");
    assertThat(workerLabels.path("app.kubernetes.io/component").asText()).isEqualTo("worker");
  }
}
