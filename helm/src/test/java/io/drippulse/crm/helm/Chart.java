package io.drippulse.crm.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The chart under test, linted and rendered offline by the Helm library helm-java embeds.
 *
 * <p>helm-java's template command prints only the release manifest, never the hooks. So renders go
 * through a copy of the chart with one extra template that re-emits every hook template with its
 * {@code helm.sh/hook*} annotation keys renamed (which makes them plain resources); the keys are
 * renamed back after rendering, so the tests see each hook exactly as Helm would install it.
 */
final class Chart {

  static final String RELEASE = "crm";
  static final String NAMESPACE = "sales";
  /** Offline, the embedded Helm assumes Kubernetes 1.20; render for the oldest version the chart supports. */
  static final String KUBE_VERSION = "1.30.0";

  private static final String HOOK_KEY = "helm.sh/hook";
  private static final String EXPOSED_HOOK_KEY = "rendered-for-test/hook";
  private static final String EXPOSER_TEMPLATE = "zz-expose-hooks-for-tests.yaml";

  private static final YAMLMapper YAML = new YAMLMapper();

  private static Path renderableCopy;

  private Chart() {
  }

  /** The chart's directory; surefire passes it, and running from the module directory works without it. */
  static Path dir() {
    Path dir = Path.of(System.getProperty("chart.dir", "drippulse-crm")).toAbsolutePath();
    if (!Files.isRegularFile(dir.resolve("Chart.yaml"))) {
      throw new IllegalStateException("no Chart.yaml in " + dir + "; set -Dchart.dir");
    }
    return dir;
  }

  static Path productionValues() {
    return dir().resolve("values-production.yaml");
  }

  /** A values file from src/test/resources/values. */
  static Path testValues(String name) {
    Path file = Path.of(System.getProperty("test.values.dir", "src/test/resources/values")).resolve(name);
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("no test values file " + file.toAbsolutePath());
    }
    return file;
  }

  static LintResult lintStrict() {
    return new Helm(dir()).lint().strict().call();
  }

  /**
   * {@code helm lint --strict -f <files>}. helm-java's lint takes no values files, so this lints a copy of
   * the chart whose values.yaml is the files merged over the defaults the way Helm merges them (maps key by
   * key, anything else replaced, null removes the key); the schema still checks the result.
   */
  static LintResult lintStrict(Path... valuesFiles) {
    Path copy = Path.of(System.getProperty("build.dir", "target"), "chart-lint", dir().getFileName().toString());
    try {
      deleteRecursively(copy);
      copyRecursively(dir(), copy);
      ObjectNode values = (ObjectNode) YAML.readTree(copy.resolve("values.yaml").toFile());
      for (Path file : valuesFiles) {
        merge(values, (ObjectNode) YAML.readTree(file.toFile()));
      }
      YAML.writeValue(copy.resolve("values.yaml").toFile(), values);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + copy + " for linting", e);
    }
    return new Helm(copy).lint().strict().call();
  }

  private static void merge(ObjectNode base, ObjectNode override) {
    override.fields().forEachRemaining(field -> {
      JsonNode current = base.get(field.getKey());
      if (field.getValue().isNull()) {
        base.remove(field.getKey());
      } else if (current instanceof ObjectNode target && field.getValue() instanceof ObjectNode source) {
        merge(target, source);
      } else {
        base.set(field.getKey(), field.getValue());
      }
    });
  }

  static Manifests render(Path... valuesFiles) {
    return render(command -> {
      for (Path file : valuesFiles) {
        command.withValuesFile(file);
      }
      return command;
    });
  }

  static Manifests render(UnaryOperator<TemplateCommand> options) {
    TemplateCommand command = new Helm(renderableCopy()).template()
        .withName(RELEASE)
        .withNamespace(NAMESPACE)
        .withKubeVersion(KUBE_VERSION);
    return Manifests.parse(options.apply(command).call().replace(EXPOSED_HOOK_KEY, HOOK_KEY));
  }

  private static synchronized Path renderableCopy() {
    if (renderableCopy == null) {
      Path source = dir();
      Path target = Path.of(System.getProperty("build.dir", "target"), "chart-under-test", source.getFileName().toString());
      try {
        deleteRecursively(target);
        copyRecursively(source, target);
        Files.writeString(target.resolve("templates").resolve(EXPOSER_TEMPLATE), hookExposer(source.resolve("templates")));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot copy the chart to " + target, e);
      }
      renderableCopy = target;
    }
    return renderableCopy;
  }

  /** A template including every template that declares a hook, with the hook annotation keys renamed. */
  private static String hookExposer(Path templates) throws IOException {
    List<String> hookTemplates;
    try (Stream<Path> files = Files.list(templates)) {
      hookTemplates = files
          .filter(file -> file.getFileName().toString().endsWith(".yaml"))
          .filter(file -> read(file).contains(HOOK_KEY + ":"))
          .map(file -> "\"" + file.getFileName() + "\"")
          .sorted()
          .toList();
    }
    if (hookTemplates.isEmpty()) {
      throw new IllegalStateException("no template in " + templates + " declares a hook");
    }
    return "{{- range list " + String.join(" ", hookTemplates) + " }}\n"
        + "{{- $rendered := include (print $.Template.BasePath \"/\" .) $ | trim }}\n"
        + "{{- if $rendered }}\n"
        + "---\n"
        + "{{ $rendered | replace \"" + HOOK_KEY + "\" \"" + EXPOSED_HOOK_KEY + "\" }}\n"
        + "{{- end }}\n"
        + "{{- end }}\n";
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copyRecursively(Path source, Path target) throws IOException {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(source)) {
      paths = walk.collect(Collectors.toList());
    }
    for (Path path : paths) {
      Path destination = target.resolve(source.relativize(path).toString());
      if (Files.isDirectory(path)) {
        Files.createDirectories(destination);
      } else {
        Files.copy(path, destination);
      }
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(dir)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path path : paths) {
      Files.delete(path);
    }
  }
}
