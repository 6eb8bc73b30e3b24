package io.drippulse.crm.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.StreamSupport;

/** The documents of one `helm template` output, looked up by kind and name. */
final class Manifests {

  private static final YAMLMapper YAML = new YAMLMapper();

  private final List<JsonNode> documents;

  private Manifests(List<JsonNode> documents) {
    this.documents = List.copyOf(documents);
  }

  static Manifests parse(String rendered) {
    List<JsonNode> documents = new ArrayList<>();
    try (var values = YAML.readerFor(JsonNode.class).<JsonNode>readValues(rendered)) {
      while (values.hasNext()) {
        JsonNode document = values.next();
        if (document != null && document.isObject() && document.has("kind")) {
          documents.add(document);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("rendered chart is not YAML:\n" + rendered, e);
    }
    return new Manifests(documents);
  }

  List<JsonNode> all() {
    return documents;
  }

  List<String> kinds() {
    return documents.stream().map(d -> d.path("kind").asText()).toList();
  }

  List<JsonNode> ofKind(String kind) {
    return documents.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
  }

  /** The one document of this kind and metadata.name. */
  JsonNode get(String kind, String name) {
    return ofKind(kind).stream()
        .filter(d -> name.equals(d.at("/metadata/name").asText()))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no " + kind + " named " + name + " among " + names()));
  }

  private List<String> names() {
    return documents.stream().map(d -> d.path("kind").asText() + "/" + d.at("/metadata/name").asText()).toList();
  }

  /** Deployments, Jobs and CronJobs: everything that runs a pod. */
  List<JsonNode> workloads() {
    return documents.stream()
        .filter(d -> List.of("Deployment", "Job", "CronJob").contains(d.path("kind").asText()))
        .toList();
  }

  /** Documents Helm installs as hooks rather than as release resources. */
  List<JsonNode> hooks() {
    return documents.stream().filter(d -> !annotation(d, "helm.sh/hook").isEmpty()).toList();
  }

  static String annotation(JsonNode document, String key) {
    return document.at("/metadata/annotations").path(key).asText("");
  }

  /** The containers of a workload: Deployment, Job or CronJob. */
  static List<JsonNode> containers(JsonNode workload) {
    return StreamSupport.stream(podSpec(workload).path("containers").spliterator(), false).toList();
  }

  /** The one container of a single-container workload. */
  static JsonNode container(JsonNode workload) {
    List<JsonNode> containers = containers(workload);
    if (containers.size() != 1) {
      throw new IllegalStateException("expected one container in " + workload.at("/metadata/name").asText() + ", found " + containers.size());
    }
    return containers.get(0);
  }

  static JsonNode podTemplate(JsonNode workload) {
    JsonNode spec = workload.path("spec");
    if ("CronJob".equals(workload.path("kind").asText())) {
      spec = spec.path("jobTemplate").path("spec");
    }
    return spec.path("template");
  }

  static JsonNode podSpec(JsonNode workload) {
    return podTemplate(workload).path("spec");
  }

  /** The strings of an array node (container args, command). */
  static List<String> strings(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  /** A container's env entry by name, or a missing node. */
  static JsonNode env(JsonNode container, String name) {
    for (JsonNode entry : container.path("env")) {
      if (name.equals(entry.path("name").asText())) {
        return entry;
      }
    }
    return MissingNode.getInstance();
  }
}
