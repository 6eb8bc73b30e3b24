package io.drippulse.crm.model.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BundleRowsTest {

  private static final ObjectMapper JSON = BundleFormat.mapper();
  private static final String STAGE = "6f1c1a52-8d0e-4a53-9a4e-1d2a3b4c5d6e";
  private static final String PIPELINE = "0b8d0c3e-5c4b-4f3a-8a2b-1c0d9e8f7a6b";

  private static ObjectNode opportunity() {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", "8a3e6c1e-3f7b-4c55-9b0e-2a1d3c4b5e6f");
    n.put("public_id", "opp_AbCdEf012345");
    n.put("name", "  ACME expansion ");
    n.put("pipeline_id", PIPELINE);
    n.put("pipeline_stage_id", STAGE);
    n.put("stage_position", 3);
    n.put("amount", "1250.50");
    n.put("currency", "EUR");
    n.put("expected_close_date", "2025-03-31");
    n.put("owner_user_id", "user-1");
    n.putNull("description");
    n.put("stage_entered_at", "2025-01-02T03:04:05.123456Z");
    n.put("version", 4);
    n.put("created_at", "2025-01-01T00:00:00Z");
    n.put("updated_at", "2025-01-02T03:04:05+02:00");
    return n;
  }

  @Test
  void aCompleteOpportunityBindsToItsRecord() {
    Checked<BundleOpportunity> checked = BundleRows.opportunity(7, opportunity());

    assertThat(checked.isOk()).isTrue();
    BundleOpportunity row = checked.row();
    assertThat(row.name()).isEqualTo("ACME expansion");
    assertThat(row.amount()).isEqualTo("1250.50");
    assertThat(row.expectedCloseDate()).isEqualTo(LocalDate.of(2025, 3, 31));
    assertThat(row.updatedAt()).isEqualTo(Instant.parse("2025-01-02T01:04:05Z"));
    assertThat(row.version()).isEqualTo(4);
    assertThat(checked.index()).isEqualTo(7);
  }

  @Test
  void anAmountMayBeAJsonNumberAndKeepsItsExactDigits() {
    ObjectNode n = opportunity();
    n.set("amount", JSON.getNodeFactory().numberNode(new java.math.BigDecimal("12345678901.25")));
    assertThat(BundleRows.opportunity(0, n).row().amount()).isEqualTo("12345678901.25");

    n.put("currency", "JPY");
    n.put("amount", 1200);
    assertThat(BundleRows.opportunity(0, n).row().amount()).isEqualTo("1200");
  }

  @Test
  void optionalFieldsFallBackToTheApiDefaults() {
    ObjectNode n = opportunity();
    n.remove("amount");
    n.remove("currency");
    n.remove("version");
    n.remove("stage_position");
    BundleOpportunity row = BundleRows.opportunity(0, n).row();
    assertThat(row.amount()).isNull();
    assertThat(row.currency()).isEqualTo("USD");
    assertThat(row.version()).isEqualTo(1);
  }

  @Test
  void badRowsAreRejectedWithAReasonNamingTheField() {
    assertThat(reason(opportunity().put("name", "   "))).isEqualTo("name is empty");
    assertThat(reason(opportunity().put("currency", "XYZ"))).isEqualTo("currency 'XYZ' is not an ISO 4217 code");
    assertThat(reason(opportunity().put("amount", "12.345"))).contains("amount '12.345'").contains("2 fraction digits");
    assertThat(reason(opportunity().put("amount", "-5"))).contains("amount '-5'");
    assertThat(reason(opportunity().put("amount", true))).isEqualTo("amount must be a decimal string or number");
    assertThat(reason(opportunity().put("stage_position", "3"))).isEqualTo("stage_position must be an integer");
    assertThat(reason(opportunity().put("pipeline_stage_id", "stage-1"))).isEqualTo("pipeline_stage_id is not a UUID");
    assertThat(reason(opportunity().put("pipeline_stage_id", 42))).isEqualTo("pipeline_stage_id must be a UUID string");
    assertThat(reason(opportunity().put("public_id", "opp_short"))).startsWith("public_id must be");
    assertThat(reason(opportunity().put("expected_close_date", "31/03/2025"))).isEqualTo("expected_close_date is not a YYYY-MM-DD date");
    assertThat(reason((ObjectNode) opportunity().without("pipeline_id"))).isEqualTo("pipeline_id is missing");
  }

  @Test
  void aRowThatIsNotAnObjectIsRejectedAndKeepsNoId() {
    Checked<BundleOpportunity> checked = BundleRows.opportunity(2, JSON.getNodeFactory().numberNode(5));
    assertThat(checked.reason()).isEqualTo("row is not a JSON object");
    assertThat(checked.recordId()).isNull();
  }

  @Test
  void stagesCheckKindAndProbability() {
    ObjectNode stage = JSON.createObjectNode().put("id", STAGE).put("pipeline_id", PIPELINE).put("name", "Won")
        .put("position", 4).put("probability", 100).put("kind", "won").put("is_unassigned", false);
    assertThat(BundleRows.stage(0, stage).row().kind()).isEqualTo("won");
    assertThat(BundleRows.stage(0, stage.deepCopy().put("kind", "closed")).reason()).isEqualTo("kind must be open, won or lost");
    assertThat(BundleRows.stage(0, stage.deepCopy().put("probability", 101)).reason())
        .isEqualTo("probability must be between 0 and 100");
  }

  @Test
  void pipelinesNeedAnOwnerUnlessTheyAreTheOrgDefault() {
    ObjectNode pipeline = JSON.createObjectNode().put("id", PIPELINE).put("name", "Sales").put("is_org_default", false);
    assertThat(BundleRows.pipeline(0, pipeline).reason()).isEqualTo("user_id is missing");
    BundlePipeline orgDefault = BundleRows.pipeline(0, pipeline.deepCopy().put("is_org_default", true).put("user_id", "x")).row();
    assertThat(orgDefault.userId()).isNull();
  }

  @Test
  void recordsWriteSnakeCaseWithAmountsAsStrings() throws Exception {
    BundleOpportunity row = BundleRows.opportunity(0, opportunity()).row();
    JsonNode written = JSON.readTree(JSON.writeValueAsString(row));
    assertThat(written.get("amount").isTextual()).isTrue();
    assertThat(written.get("public_id").asText()).isEqualTo("opp_AbCdEf012345");
    assertThat(written.get("stage_entered_at").asText()).isEqualTo("2025-01-02T03:04:05.123456Z");
    assertThat(written.has("description")).isTrue();
    assertThat(BundleRows.opportunity(0, written).row()).isEqualTo(row);
    assertThat(UUID.fromString(written.get("pipeline_stage_id").asText())).isEqualTo(UUID.fromString(STAGE));
  }

  private static String reason(ObjectNode row) {
    return BundleRows.opportunity(0, row).reason();
  }
}
