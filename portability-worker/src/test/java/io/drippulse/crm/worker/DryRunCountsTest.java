package io.drippulse.crm.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drippulse.crm.model.bundle.BundleFormat;
import java.io.File;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A dry run's counts are the import's counts: into an organization with no org default yet, the import
 * creates it with the template stages and then finds the bundle's default stages existing; the dry run
 * must predict exactly that (it once predicted every stage "created").
 */
class DryRunCountsTest {

  private static final ObjectMapper JSON = BundleFormat.mapper();

  @Test
  void aDryRunPredictsTheImportCountForCount() throws Exception {
    UUID source = UUID.randomUUID();
    Fixtures.seedSample(source, 2);
    File bundle = WorkerProcess.tempFile(".json");
    WorkerProcess.Result exported = WorkerProcess.run("export", "--org", source.toString(), "--out", bundle.getPath());
    assertThat(exported.exitCode()).as(exported.toString()).isZero();
    withADuplicateStageName(bundle);

    UUID target = UUID.randomUUID();
    Db.update("INSERT INTO organizations (id) VALUES (?)", target);
    JsonNode predicted = run(target, bundle, true);
    JsonNode done = run(target, bundle, false);

    assertThat(predicted).isEqualTo(done);
    // the copy of "Pilot" lands on the Pilot the import has just created
    assertThat(done.get("stages").get("existing").asLong()).as("template stages and the duplicate").isEqualTo(6 + 1);
    assertThat(done.get("stages").get("created").asLong()).isEqualTo(1 + 5 + 6);

    JsonNode again = run(target, bundle, true);
    assertThat(again.get("stages").get("created").asLong()).as("a second dry run, after the import").isZero();
    assertThat(again.get("opportunities").get("created").asLong()).isZero();
  }

  /** A second stage named like one of the same pipeline, differing in case: the import finds the first. */
  private static void withADuplicateStageName(File bundle) throws Exception {
    ObjectNode doc = (ObjectNode) JSON.readTree(bundle);
    ArrayNode stages = (ArrayNode) doc.get("stages");
    ObjectNode pilot = null;
    for (JsonNode stage : stages) {
      if (stage.get("name").asText().equals("Pilot")) {
        pilot = (ObjectNode) stage;
      }
    }
    stages.add(pilot.deepCopy().put("id", UUID.randomUUID().toString()).put("name", "PILOT").put("position", 9));
    ((ObjectNode) doc.get("counts")).put("stages", stages.size());
    JSON.writeValue(bundle, doc);
  }

  private static JsonNode run(UUID target, File bundle, boolean dryRun) throws Exception {
    WorkerProcess.Result result = dryRun
        ? WorkerProcess.run("import", "--org", target.toString(), "--in", bundle.getPath(), "--dry-run")
        : WorkerProcess.run("import", "--org", target.toString(), "--in", bundle.getPath());
    assertThat(result.exitCode()).as(result.toString()).isZero();
    UUID job = (UUID) Db.value("SELECT id FROM portability_jobs WHERE org_id = ? ORDER BY created_at DESC LIMIT 1", target);
    return JSON.readTree((String) Fixtures.job(target, job).get("counts"));
  }
}
