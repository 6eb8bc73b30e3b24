package io.drippulse.crm.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drippulse.crm.model.bundle.BundleFormat;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad rows are skipped and reported; a document that is not a bundle fails the job and writes nothing. */
class ImportValidationTest {

  private static final ObjectMapper JSON = BundleFormat.mapper();
  private static final UUID SOURCE = UUID.fromString("5e1f0c3a-0000-4000-8000-00000000000a");
  private static final UUID SALES = UUID.fromString("5e1f0c3a-0000-4000-8000-0000000000a1");
  private static final UUID OTHER = UUID.fromString("5e1f0c3a-0000-4000-8000-0000000000a2");
  private static final UUID LEAD = UUID.fromString("5e1f0c3a-0000-4000-8000-0000000000b1");
  private static final UUID WON = UUID.fromString("5e1f0c3a-0000-4000-8000-0000000000b2");
  private static final UUID OTHER_STAGE = UUID.fromString("5e1f0c3a-0000-4000-8000-0000000000b3");
  private static final UUID BAD_KIND = UUID.fromString("5e1f0c3a-0000-4000-8000-0000000000b4");
  private static final UUID NOWHERE = UUID.fromString("5e1f0c3a-0000-4000-8000-0000000000ff");

  /** Two pipelines, four stages (one with an unknown kind), and opportunities: 3 good, 7 bad. */
  private static ObjectNode bundleWithBadRows() {
    ObjectNode doc = header();
    ArrayNode pipelines = doc.putArray("pipelines");
    pipelines.addObject().put("id", SALES.toString()).put("name", "Sales").put("is_org_default", false).put("user_id", "carol");
    pipelines.addObject().put("id", OTHER.toString()).put("name", "Other").put("is_org_default", false).put("user_id", "carol");
    pipelines.addObject().put("id", UUID.randomUUID().toString()).put("name", "Nobody's").put("is_org_default", false);
    ArrayNode stages = doc.putArray("stages");
    stages.add(stage(LEAD, SALES, "Lead", "open"));
    stages.add(stage(WON, SALES, "Won", "won"));
    stages.add(stage(OTHER_STAGE, OTHER, "Elsewhere", "open"));
    stages.add(stage(BAD_KIND, SALES, "Limbo", "maybe"));
    ArrayNode opportunities = doc.putArray("opportunities");
    opportunities.add(opportunity(1, LEAD, "First"));
    opportunities.add(opportunity(2, NOWHERE, "Dangling stage"));
    opportunities.add(opportunity(3, OTHER_STAGE, "Stage of another pipeline"));
    opportunities.add(opportunity(4, LEAD, "Bad currency").put("currency", "EURO"));
    opportunities.add(opportunity(5, LEAD, "   "));
    opportunities.add(opportunity(6, WON, "Amount of the wrong type").put("amount", true));
    opportunities.add(opportunity(7, LEAD, "Position of the wrong type").put("stage_position", "first"));
    opportunities.add(opportunity(8, BAD_KIND, "Stage that was skipped"));
    opportunities.add(opportunity(9, WON, "Second"));
    opportunities.add(opportunity(10, LEAD, "Third"));
    return doc;
  }

  private static ObjectNode header() {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("format", "drippulse.crm.bundle").put("version", 1).put("exported_at", "2025-05-01T00:00:00Z")
        .put("source_org_id", SOURCE.toString());
    return doc;
  }

  private static ObjectNode stage(UUID id, UUID pipeline, String name, String kind) {
    return JSON.createObjectNode().put("id", id.toString()).put("pipeline_id", pipeline.toString()).put("name", name)
        .put("position", 0).put("probability", 10).put("kind", kind).put("is_unassigned", false);
  }

  private static ObjectNode opportunity(int n, UUID stage, String name) {
    return JSON.createObjectNode().put("id", new UUID(0x5e1f, n).toString()).put("public_id", String.format("opp_bad%09d", n))
        .put("name", name).put("pipeline_id", SALES.toString()).put("pipeline_stage_id", stage.toString())
        .put("stage_position", n).put("amount", "10.50").put("currency", "EUR");
  }

  private static File write(String content) throws Exception {
    File file = WorkerProcess.tempFile(".json");
    Files.writeString(file.toPath(), content, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void badRowsAreSkippedWithTheirIndexAndReasonAndTheRestImports() throws Exception {
    UUID target = UUID.randomUUID();
    File file = write(JSON.writeValueAsString(bundleWithBadRows()));

    WorkerProcess.Result result = WorkerProcess.run("import", "--org", target.toString(), "--in", file.getPath());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(Db.rows("SELECT name, stage_position FROM " + Db.POSITIONED + " WHERE org_id = ? ORDER BY name", target))
        .containsExactly(Map.of("name", "First", "stage_position", 0), Map.of("name", "Second", "stage_position", 0),
            Map.of("name", "Third", "stage_position", 1));
    assertThat(Db.ranksMatchCards(target)).as("every card has its rank, in its own stage").isTrue();
    JsonNode report = report(target);
    assertThat(report.get("rejected_total").asLong()).isEqualTo(9);
    assertThat(rejections(report)).containsExactly(
        "pipelines[2] user_id is missing",
        "stages[3] kind must be open, won or lost",
        "opportunities[1] pipeline_stage_id " + NOWHERE + " is not a stage of the bundle (missing, or skipped as invalid)",
        "opportunities[2] pipeline_stage_id " + OTHER_STAGE + " is a stage of pipeline " + OTHER + ", not of pipeline_id " + SALES,
        "opportunities[3] currency 'EURO' is not an ISO 4217 code",
        "opportunities[4] name is empty",
        "opportunities[5] amount must be a decimal string or number",
        "opportunities[6] stage_position must be an integer",
        "opportunities[7] pipeline_stage_id " + BAD_KIND + " is not a stage of the bundle (missing, or skipped as invalid)");
    assertThat(result.stdout()).contains("rejected rows: 9").contains("opportunities[4] name is empty");
  }

  @Test
  void aDryRunValidatesEverythingAndWritesNothing() throws Exception {
    UUID target = UUID.randomUUID();
    Db.update("INSERT INTO organizations (id) VALUES (?)", target);
    File file = write(JSON.writeValueAsString(bundleWithBadRows()));

    WorkerProcess.Result result = WorkerProcess.run("import", "--org", target.toString(), "--in", file.getPath(), "--dry-run");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertWroteNothing(target);
    JsonNode report = report(target);
    assertThat(report.get("dry_run").asBoolean()).isTrue();
    assertThat(report.get("rejected_total").asLong()).isEqualTo(9);
    JsonNode counts = JSON.readTree((String) Fixtures.job(target, jobOf(target)).get("counts"));
    assertThat(counts.get("opportunities").get("created").asLong()).isEqualTo(3);
    assertThat(counts.get("pipelines").get("created").asLong()).isEqualTo(2);
  }

  @Test
  void aDryRunIntoAnOrganizationThatDoesNotExistLeavesNoTrace() throws Exception {
    UUID target = UUID.randomUUID();
    File file = write(JSON.writeValueAsString(bundleWithBadRows()));

    WorkerProcess.Result result = WorkerProcess.run("import", "--org", target.toString(), "--in", file.getPath(), "--dry-run");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stdout()).contains("\"opportunities\": {\"total\": 10, \"created\": 3, \"existing\": 0, \"rejected\": 7}")
        .contains("rejected rows: 9");
    assertThat(result.stderr()).contains("neither it nor the job's record was kept");
    assertLeftNoTrace(target);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"wrong format", "wrong version", "truncated", "not json", "not an object", "counts mismatch",
      "no source org"})
  void aDocumentThatIsNotABundleFailsTheJobAndWritesNothing(String defect) throws Exception {
    UUID target = UUID.randomUUID();
    File file = write(damaged(defect));

    WorkerProcess.Result result = WorkerProcess.run("import", "--org", target.toString(), "--in", file.getPath());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.stderr()).contains(problem(defect));
    assertLeftNoTrace(target);
  }

  @Test
  void aDocumentThatIsNotABundleIsAFailedJobOfAnExistingOrganization() throws Exception {
    UUID target = UUID.randomUUID();
    Db.update("INSERT INTO organizations (id) VALUES (?)", target);
    File file = write(damaged("truncated"));

    WorkerProcess.Result result = WorkerProcess.run("import", "--org", target.toString(), "--in", file.getPath());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    Map<String, Object> job = Fixtures.job(target, jobOf(target));
    assertThat(job.get("status")).isEqualTo("failed");
    assertThat((String) job.get("error")).contains(problem("truncated"));
    assertWroteNothing(target);
  }

  private static String damaged(String defect) throws Exception {
    String valid = JSON.writeValueAsString(bundleWithBadRows());
    return switch (defect) {
      case "wrong format" -> valid.replace("drippulse.crm.bundle", "acme.crm.export");
      case "wrong version" -> valid.replace("\"version\":1", "\"version\":2");
      case "truncated" -> valid.substring(0, valid.indexOf("Third"));
      case "not json" -> "pipelines,stages,opportunities\n1,2,3\n";
      case "not an object" -> "[" + valid + "]";
      case "counts mismatch" -> valid.replace("\"source_org_id\"", "\"counts\":{\"opportunities\":11},\"source_org_id\"");
      default -> valid.replace("\"source_org_id\"", "\"from\"");
    };
  }

  private static String problem(String defect) {
    return switch (defect) {
      case "wrong format" -> "the format is \"acme.crm.export\", not \"drippulse.crm.bundle\"";
      case "wrong version" -> "bundle version 2 is not supported";
      case "truncated" -> "the bundle is not complete, valid JSON (truncated or damaged?)";
      case "not json" -> "the bundle is not";
      case "not an object" -> "the bundle is not a JSON object";
      case "counts mismatch" -> "the header counts 11 opportunities but the bundle holds 10";
      default -> "the bundle has no valid \"source_org_id\"";
    };
  }

  private static void assertWroteNothing(UUID org) {
    for (String table : List.of("pipelines", "pipeline_stages", "opportunities", "users", "stage_transitions")) {
      assertThat(Db.count("SELECT count(*) FROM " + table + " WHERE org_id = ?", org)).as(table).isZero();
    }
  }

  /** Not even the organization row the job needed while it ran, nor the job's own row. */
  private static void assertLeftNoTrace(UUID org) {
    assertWroteNothing(org);
    assertThat(Db.count("SELECT count(*) FROM organizations WHERE id = ?", org)).as("organizations").isZero();
    assertThat(Db.count("SELECT count(*) FROM portability_jobs WHERE org_id = ?", org)).as("portability_jobs").isZero();
  }

  private static UUID jobOf(UUID org) {
    return (UUID) Db.value("SELECT id FROM portability_jobs WHERE org_id = ? ORDER BY created_at DESC LIMIT 1", org);
  }

  private static JsonNode report(UUID org) throws Exception {
    return JSON.readTree((String) Fixtures.job(org, jobOf(org)).get("report"));
  }

  private static List<String> rejections(JsonNode report) {
    return java.util.stream.StreamSupport.stream(report.get("rejected").spliterator(), false)
        .map(r -> r.get("section").asText() + "[" + r.get("index").asLong() + "] " + r.get("reason").asText()).toList();
  }
}
