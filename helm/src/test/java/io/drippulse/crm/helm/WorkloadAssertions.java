package io.drippulse.crm.helm;

import static io.drippulse.crm.helm.Manifests.containers;
import static io.drippulse.crm.helm.Manifests.podSpec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** What every pod the chart runs must satisfy, whatever the values. */
final class WorkloadAssertions {

  private WorkloadAssertions() {
  }

  static void assertAllHardened(List<JsonNode> workloads) {
    assertThat(workloads).isNotEmpty();
    workloads.forEach(WorkloadAssertions::assertHardened);
  }

  static void assertHardened(JsonNode workload) {
    String name = workload.path("kind").asText() + "/" + workload.at("/metadata/name").asText();
    JsonNode pod = podSpec(workload);
    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as(name + " pod runAsNonRoot").isTrue();
    assertThat(pod.at("/securityContext/runAsUser").asInt()).as(name + " pod runAsUser").isPositive();
    assertThat(pod.path("automountServiceAccountToken").isBoolean() && !pod.path("automountServiceAccountToken").asBoolean())
        .as(name + " mounts no service account token").isTrue();
    assertThat(tmpVolumeIsEmptyDir(pod)).as(name + " has an emptyDir named tmp").isTrue();
    for (JsonNode container : containers(workload)) {
      String where = name + " container " + container.path("name").asText();
      JsonNode security = container.path("securityContext");
      assertThat(security.path("runAsNonRoot").asBoolean()).as(where + " runAsNonRoot").isTrue();
      assertThat(security.path("readOnlyRootFilesystem").asBoolean()).as(where + " readOnlyRootFilesystem").isTrue();
      assertThat(security.path("allowPrivilegeEscalation").isBoolean()
          && !security.path("allowPrivilegeEscalation").asBoolean()).as(where + " allowPrivilegeEscalation false").isTrue();
      assertThat(Manifests.strings(security.at("/capabilities/drop"))).as(where + " drops capabilities").containsExactly("ALL");
      for (String kind : List.of("requests", "limits")) {
        for (String resource : List.of("cpu", "memory")) {
          assertThat(container.at("/resources/" + kind + "/" + resource).asText())
              .as(where + " resources." + kind + "." + resource).isNotBlank();
        }
      }
      assertThat(tmpMounted(container)).as(where + " mounts the tmp volume at /tmp").isTrue();
    }
  }

  private static boolean tmpVolumeIsEmptyDir(JsonNode pod) {
    for (JsonNode volume : pod.path("volumes")) {
      if ("tmp".equals(volume.path("name").asText()) && volume.has("emptyDir")) {
        return true;
      }
    }
    return false;
  }

  private static boolean tmpMounted(JsonNode container) {
    for (JsonNode mount : container.path("volumeMounts")) {
      if ("tmp".equals(mount.path("name").asText()) && "/tmp".equals(mount.path("mountPath").asText())) {
        return true;
      }
    }
    return false;
  }
}
