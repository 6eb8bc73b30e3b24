package io.drippulse.crm.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ChartLintTest {

  @Test
  void lintsCleanInStrictMode() {
    var result = Chart.lintStrict();

    assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }

  @Test
  void lintsCleanInStrictModeWithTheProductionValues() {
    var result = Chart.lintStrict(Chart.productionValues());

    assertThat(result.isFailed()).as("helm lint --strict -f values-production.yaml: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }

  @Test
  void appVersionIsTheTagJibGivesTheImages() throws IOException {
    String projectVersion = System.getProperty("project.version");
    assertThat(projectVersion).as("surefire passes project.version").isNotBlank();

    var chart = new YAMLMapper().readTree(Chart.dir().resolve("Chart.yaml").toFile());

    assertThat(chart.path("appVersion").asText()).isEqualTo(projectVersion);
  }
}
