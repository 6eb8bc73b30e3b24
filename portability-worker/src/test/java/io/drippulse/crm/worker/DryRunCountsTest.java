package io.drippulse.crm.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    UUID target = UUID.randomUUID();
    Db.update("INSERT INTO organizations (id) VALUES (?)", target);
    JsonNode predicted = run(target, bundle, true);
    JsonNode done = run(target, bundle, false);

    assertThat(predicted).isEqualTo(done);
    assertThat(done.get("stages").get("existing").asLong()).as("the org default's template stages").isEqualTo(6);
    assertThat(done.get("stages").get("created").asLong()).isEqualTo(1 + 5 + 6);

    JsonNode again = run(target, bundle, true);
    assertThat(again.get("stages").get("created").asLong()).as("a second dry run, after the import").isZero();
    assertThat(again.get("opportunities").get("created").asLong()).isZero();
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
