package io.drippulse.crm.helm;

import static io.drippulse.crm.helm.Manifests.annotation;
import static io.drippulse.crm.helm.Manifests.container;
import static io.drippulse.crm.helm.Manifests.env;
import static io.drippulse.crm.helm.Manifests.podTemplate;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Where DATABASE_URL and the JWT keys come from: a Secret the chart creates, or one the operator manages. */
class SecretValuesTest {

  private static final String API = "crm-drippulse-crm-api";
  private static final String WORKER = "crm-drippulse-crm-worker";
  private static final String CHART_SECRET = "crm-drippulse-crm-secrets";
  private static final String MIGRATE = "crm-drippulse-crm-migrate";
  private static final String DATABASE_URL = "postgresql://crm:s3cret@postgres.db.svc:5432/drippulse";

  @Test
  void chartCreatesTheSecretFromValues() {
    Manifests manifests = Chart.render(Chart.testValues("inline-secret.yaml"));
    JsonNode secret = manifests.get("Secret", CHART_SECRET);

    assertThat(annotation(secret, "helm.sh/hook")).as("a release resource, removed on uninstall").isEmpty();
    assertThat(decode(secret.at("/data/DATABASE_URL"))).isEqualTo(DATABASE_URL);
    assertThat(decode(secret.at("/data/JWT_HS256_SECRET"))).isEqualTo("dev-only-hs256-secret-of-enough-length");
    assertThat(decode(secret.at("/data/JWT_PUBLIC_KEYS")))
        .as("several PEM keys side by side, for rotation")
        .containsOnlyOnce("-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEcurrent")
        .containsOnlyOnce("-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEnext");
    for (String deployment : new String[] {API, WORKER}) {
      JsonNode container = container(manifests.get("Deployment", deployment));
      assertThat(env(container, "DATABASE_URL").at("/valueFrom/secretKeyRef/name").asText()).as(deployment).isEqualTo(CHART_SECRET);
    }
  }

  @Test
  void migrationHookReadsItsOwnHookSecretCreatedBeforeIt() {
    Manifests manifests = Chart.render(Chart.testValues("inline-secret.yaml"));
    JsonNode hookSecret = manifests.get("Secret", MIGRATE);
    JsonNode job = manifests.get("Job", MIGRATE);

    assertThat(manifests.hooks()).containsExactlyInAnyOrder(hookSecret, job);
    assertThat(annotation(hookSecret, "helm.sh/hook")).isEqualTo("pre-install,pre-upgrade");
    assertThat(Integer.parseInt(annotation(hookSecret, "helm.sh/hook-weight")))
        .as("the Secret is created before the Job that reads it")
        .isLessThan(Integer.parseInt(annotation(job, "helm.sh/hook-weight")));
    assertThat(annotation(hookSecret, "helm.sh/hook-delete-policy")).contains("hook-succeeded");
    assertThat(decode(hookSecret.at("/data/DATABASE_URL"))).isEqualTo(DATABASE_URL);
    assertThat(hookSecret.at("/data").size()).as("the hook copy carries no JWT keys").isEqualTo(1);
    assertThat(env(container(job), "DATABASE_URL").at("/valueFrom/secretKeyRef/name").asText()).isEqualTo(MIGRATE);
  }

  @Test
  void podsRollWhenTheChartSecretChanges() {
    Manifests before = Chart.render(Chart.testValues("inline-secret.yaml"));
    Manifests after = Chart.render(command -> command
        .withValuesFile(Chart.testValues("inline-secret.yaml"))
        .set("secret.databaseUrl", "postgresql://crm:rotated@postgres.db.svc:5432/drippulse"));

    for (String deployment : new String[] {API, WORKER}) {
      assertThat(checksum(after, deployment, "checksum/secret")).as(deployment)
          .isNotEqualTo(checksum(before, deployment, "checksum/secret"));
      assertThat(checksum(after, deployment, "checksum/config")).as(deployment)
          .isEqualTo(checksum(before, deployment, "checksum/config"));
    }
  }

  @Test
  void existingSecretWithOtherKeyNamesIsReferencedAsIs() {
    Manifests manifests = Chart.render(Chart.testValues("custom-secret-keys.yaml"));
    JsonNode server = container(manifests.get("Deployment", API));

    assertThat(manifests.ofKind("Secret")).isEmpty();
    assertThat(env(server, "DATABASE_URL").at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("crm-from-vault");
    assertThat(env(server, "DATABASE_URL").at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("url");
    assertThat(env(server, "JWT_HS256_SECRET").at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("hs256");
    assertThat(env(server, "JWT_PUBLIC_KEYS").at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("public-keys");
    assertThat(env(container(manifests.get("Job", MIGRATE)), "DATABASE_URL").at("/valueFrom/secretKeyRef/key").asText())
        .isEqualTo("url");
  }

  private static String checksum(Manifests manifests, String deployment, String key) {
    String value = podTemplate(manifests.get("Deployment", deployment)).at("/metadata/annotations").path(key).asText();
    assertThat(value).as(key).hasSize(64);
    return value;
  }

  private static String decode(JsonNode base64) {
    assertThat(base64.isTextual()).as("secret data present").isTrue();
    return new String(Base64.getDecoder().decode(base64.asText()), StandardCharsets.UTF_8);
  }
}
