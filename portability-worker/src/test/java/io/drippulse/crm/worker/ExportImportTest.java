package io.drippulse.crm.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drippulse.crm.model.Ids;
import io.drippulse.crm.model.bundle.BundleFormat;
import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Export, then import into another org and back into the source org, with the real worker CLI. */
class ExportImportTest {

  private static final ObjectMapper JSON = BundleFormat.mapper();
  private static final int PER_STAGE = 12;
  private static final int STAGES = 7 + 5 + 6;

  private static UUID source;
  private static File bundle;

  @BeforeAll
  static void exportSampleOrg() {
    source = UUID.randomUUID();
    Fixtures.seedSample(source, PER_STAGE);
    bundle = WorkerProcess.tempFile(".json");
    WorkerProcess.Result result = WorkerProcess.run("export", "--org", source.toString(), "--out", bundle.getPath());
    assertThat(result.exitCode()).as(result.toString()).isZero();
  }

  @Test
  void theBundleHasTheHeaderAndSectionsInDependencyOrder() throws Exception {
    JsonNode doc = JSON.readTree(bundle);
    assertThat(doc.get("format").asText()).isEqualTo("drippulse.crm.bundle");
    assertThat(doc.get("version").asInt()).isEqualTo(1);
    assertThat(doc.get("source_org_id").asText()).isEqualTo(source.toString());
    assertThat(doc.get("counts").get("opportunities").asLong()).isEqualTo((long) PER_STAGE * STAGES);
    List<String> fields = JSON.convertValue(doc, Map.class).keySet().stream().map(Object::toString).toList();
    assertThat(fields).containsSubsequence("counts", "pipelines", "stages", "opportunities");
    JsonNode first = doc.get("opportunities").get(0);
    assertThat(first.get("amount").isTextual()).isTrue();
    assertThat(first.has("pipeline_id")).isTrue();
    assertThat(first.has("pipeline_stage_id")).isTrue();
    assertThat(doc.get("pipelines").get(0).get("is_org_default").asBoolean()).isTrue();
  }

  @Test
  void aRoundTripIntoANewOrgEqualsTheSource() {
    UUID target = UUID.randomUUID();
    WorkerProcess.Result result = WorkerProcess.run("import", "--org", target.toString(), "--in", bundle.getPath());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(Fixtures.content(target)).isEqualTo(Fixtures.content(source));
    assertThat(Db.ranksMatchCards(target)).as("every card has its rank, in its own stage").isTrue();
    assertThat(Db.totalsMatchCards(target)).as("stage totals equal a GROUP BY after the import").isTrue();
    long opportunities = (long) PER_STAGE * STAGES;
    assertThat(Db.count("SELECT count(*) FROM stage_transitions WHERE org_id = ? AND from_stage_id IS NULL"
        + " AND moved_by IS NULL", target)).isEqualTo(opportunities);
    assertThat(Db.count("SELECT count(*) FROM stage_transitions t JOIN opportunities o ON o.org_id = t.org_id"
        + " AND o.id = t.opportunity_id WHERE t.org_id = ? AND t.moved_at = o.stage_entered_at"
        + " AND t.to_stage_id = o.pipeline_stage_id AND t.to_stage_name = (SELECT s.name FROM pipeline_stages s"
        + " WHERE s.org_id = o.org_id AND s.id = o.pipeline_stage_id)", target))
        .as("each card's history starts in its stage, when the bundle says it entered it").isEqualTo(opportunities);
    UUID sourceOpportunity = (UUID) Db.value("SELECT id FROM opportunities WHERE org_id = ? AND public_id = 'opp_000000000003'", source);
    assertThat(Db.count("SELECT count(*) FROM opportunities WHERE org_id = ? AND id = ? AND public_id = 'opp_000000000003'",
        target, Ids.derived(target, sourceOpportunity))).isOne();
  }

  /** The live board hears of an import once per pipeline it wrote into, not once per row. */
  @Test
  void anImportRecordsOneBundleImportedEventPerPipelineItTouched() {
    UUID target = UUID.randomUUID();
    WorkerProcess.Result result = WorkerProcess.run("import", "--org", target.toString(), "--in", bundle.getPath());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    List<Map<String, Object>> events = Db.rows("SELECT type, pipeline_id, body->>'job_id' AS job FROM crm_events"
        + " WHERE org_id = ? ORDER BY seq", target);
    assertThat(events).hasSize(3).allSatisfy(e -> assertThat(e.get("type")).isEqualTo("bundle.imported"));
    assertThat(events.stream().map(e -> e.get("pipeline_id")).toList())
        .containsExactlyInAnyOrderElementsOf(Db.rows("SELECT id FROM pipelines WHERE org_id = ?", target).stream()
            .map(p -> p.get("id")).toList());
    assertThat(events.stream().map(e -> e.get("job")).distinct()).hasSize(1);
  }

  @Test
  void importingTheSameBundleAgainCreatesNothing() {
    UUID target = UUID.randomUUID();
    assertThat(WorkerProcess.run("import", "--org", target.toString(), "--in", bundle.getPath()).exitCode()).isZero();
    List<String> first = Fixtures.content(target);
    long transitions = Db.count("SELECT count(*) FROM stage_transitions WHERE org_id = ?", target);

    WorkerProcess.Result again = WorkerProcess.run("import", "--org", target.toString(), "--in", bundle.getPath());

    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(Fixtures.content(target)).isEqualTo(first);
    assertThat(Db.count("SELECT count(*) FROM stage_transitions WHERE org_id = ?", target)).isEqualTo(transitions);
    assertThat(again.stdout()).contains("\"opportunities\": {\"total\": " + PER_STAGE * STAGES + ", \"created\": 0, \"existing\": "
        + PER_STAGE * STAGES + ", \"rejected\": 0}");
  }

  @Test
  void importingIntoTheSourceOrgRestoresDeletedRecordsByIdAndChangesNothingElse() {
    UUID org = UUID.randomUUID();
    Fixtures.seedSample(org, 3);
    File own = WorkerProcess.tempFile(".json");
    assertThat(WorkerProcess.run("export", "--org", org.toString(), "--out", own.getPath()).exitCode()).isZero();
    Map<String, Object> deleted = Db.rows("SELECT id, pipeline_stage_id, public_id FROM " + Db.POSITIONED + " WHERE org_id = ?"
        + " AND stage_position = 0 LIMIT 1", org).get(0);
    Db.update("DELETE FROM opportunities WHERE org_id = ? AND id = ?", org, deleted.get("id"));
    Db.recountTotals(org); // as the API's delete does
    long pipelines = Db.count("SELECT count(*) FROM pipelines WHERE org_id = ?", org);
    long stages = Db.count("SELECT count(*) FROM pipeline_stages WHERE org_id = ?", org);

    WorkerProcess.Result result = WorkerProcess.run("import", "--org", org.toString(), "--in", own.getPath());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(Db.rows("SELECT stage_position FROM " + Db.POSITIONED + " WHERE org_id = ? AND id = ? AND public_id = ?", org,
        deleted.get("id"), deleted.get("public_id"))).containsExactly(Map.of("stage_position", 2));
    assertThat(Db.ranksMatchCards(org)).as("every card has its rank, in its own stage").isTrue();
    assertThat(Db.count("SELECT count(*) FROM pipelines WHERE org_id = ?", org)).isEqualTo(pipelines);
    assertThat(Db.count("SELECT count(*) FROM pipeline_stages WHERE org_id = ?", org)).isEqualTo(stages);
    assertThat(Db.count("SELECT count(*) FROM opportunities WHERE org_id = ?", org)).isEqualTo(3L * STAGES);
    assertThat(Db.totalsMatchCards(org)).as("the restored card is counted again").isTrue();
    assertThat(result.stdout()).contains("\"created\": 1, \"existing\": " + (3 * STAGES - 1));
  }

  @Test
  void theOrgDefaultMapsOntoTheTargetsDefaultAndItsStagesMatchByName() {
    UUID target = UUID.randomUUID();
    Fixtures.seedSample(target, 0);
    UUID targetDefault = (UUID) Db.value("SELECT id FROM pipelines WHERE org_id = ? AND is_org_default", target);
    UUID qualification = (UUID) Db.value("SELECT id FROM pipeline_stages WHERE org_id = ? AND pipeline_id = ?"
        + " AND name = 'Qualification'", target, targetDefault);
    Db.update("DELETE FROM pipeline_stages WHERE org_id = ? AND name = 'Demo scheduled'", target);
    Db.update("UPDATE pipeline_stages SET name = 'QUALIFICATION' WHERE org_id = ? AND id = ?", target, qualification);

    assertThat(WorkerProcess.run("import", "--org", target.toString(), "--in", bundle.getPath()).exitCode()).isZero();

    assertThat(Db.count("SELECT count(*) FROM pipelines WHERE org_id = ? AND is_org_default", target)).isOne();
    assertThat(Db.count("SELECT count(*) FROM opportunities WHERE org_id = ? AND pipeline_stage_id = ?", target,
        qualification)).isEqualTo(PER_STAGE);
    assertThat(Db.count("SELECT count(*) FROM pipeline_stages WHERE org_id = ? AND pipeline_id = ?", target, targetDefault))
        .isEqualTo(7);
    assertThat(Db.value("SELECT name FROM pipeline_stages WHERE org_id = ? AND pipeline_id = ? AND position = 6", target,
        targetDefault)).isEqualTo("Demo scheduled");
  }
}
