package io.drippulse.crm.helm;

import static io.drippulse.crm.helm.Manifests.container;
import static io.drippulse.crm.helm.Manifests.podSpec;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Switches an operator may flip, each checked for what it changes. */
class ValuesVariantsTest {

  private static final String API = "crm-drippulse-crm-api";
  private static final String WORKER = "crm-drippulse-crm-worker";

  @Test
  void withoutTheHookJobProcessesMigrateAtStart() {
    Manifests manifests = Chart.render(Chart.testValues("migrations-at-start.yaml"));

    assertThat(manifests.ofKind("Job")).isEmpty();
    assertThat(manifests.hooks()).isEmpty();
    assertThat(manifests.get("ConfigMap", API).at("/data/DB_MIGRATE").asText()).isEqualTo("true");
    assertThat(manifests.get("ConfigMap", WORKER).at("/data/DB_MIGRATE").asText()).isEqualTo("true");
  }

  @Test
  void devModeIsOnlyOnWhenAskedFor() {
    Manifests manifests = Chart.render(Chart.testValues("dev-mode.yaml"));

    assertThat(manifests.get("ConfigMap", API).at("/data/DEV_MODE").asText()).isEqualTo("true");
  }

  @Test
  void preStopSleepCanBeTurnedOffAndGraceAndReplicasFollowValues() {
    Manifests manifests = Chart.render(command -> command
        .set("api.preStopSleepSeconds", 0)
        .set("api.terminationGracePeriodSeconds", 45)
        .set("api.replicaCount", 4)
        .set("worker.replicaCount", 5));

    var deployment = manifests.get("Deployment", API);
    assertThat(container(deployment).has("lifecycle")).isFalse();
    assertThat(podSpec(deployment).path("terminationGracePeriodSeconds").asInt()).isEqualTo(45);
    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(4);
    assertThat(manifests.get("Deployment", WORKER).at("/spec/replicas").asInt()).isEqualTo(5);
  }

  @Test
  void bodyLimitIsPassedOnlyWhenSet() {
    Manifests defaults = Chart.render();
    Manifests raised = Chart.render(command -> command.set("api.bodyLimitBytes", 67108864));

    assertThat(defaults.get("ConfigMap", API).path("data").has("BODY_LIMIT_BYTES")).isFalse();
    assertThat(raised.get("ConfigMap", API).at("/data/BODY_LIMIT_BYTES").asText()).isEqualTo("67108864");
  }

  @Test
  void podDisruptionBudgetIsOptional() {
    Manifests manifests = Chart.render(command -> command.set("api.podDisruptionBudget.enabled", false));

    assertThat(manifests.ofKind("PodDisruptionBudget")).isEmpty();
  }

  @Test
  void imageTagOverridesTheAppVersionForBothImages() {
    Manifests manifests = Chart.render(command -> command.set("image.tag", "1.2.3"));

    assertThat(container(manifests.get("Deployment", API)).path("image").asText()).endsWith(":1.2.3");
    assertThat(container(manifests.get("Deployment", WORKER)).path("image").asText()).endsWith(":1.2.3");
  }
}
