package io.drippulse.crm.model.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import io.drippulse.crm.model.Ids;
import io.drippulse.crm.model.Money;
import io.drippulse.crm.model.Names;
import io.drippulse.crm.model.StageKind;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * Shape checks of bundle rows: types, required fields, names, currencies, amounts. A row that fails is
 * rejected with one sentence; references between rows (a stage's pipeline, an opportunity's stage) are
 * checked by the importer, which knows what the earlier sections produced.
 */
public final class BundleRows {

  /** users.id and owner ids: 1..255 characters, as the schema allows. */
  public static final int MAX_USER_ID = 255;
  public static final int MAX_DESCRIPTION = 10_000;

  private BundleRows() {
  }

  public static Checked<BundlePipeline> pipeline(long index, JsonNode node) {
    String rawId = RowFields.rawId(node);
    try {
      RowFields f = new RowFields(node);
      UUID id = f.uuid("id");
      String name = name(f);
      boolean orgDefault = f.bool("is_org_default", false);
      String userId = orgDefault ? null : userId(f, "user_id", true);
      return Checked.ok(index, new BundlePipeline(id, name, orgDefault, userId, f.timestamp("created_at"),
          f.timestamp("updated_at")), rawId);
    } catch (RowFields.Problem p) {
      return Checked.rejected(index, rawId, p.getMessage());
    }
  }

  public static Checked<BundleStage> stage(long index, JsonNode node) {
    String rawId = RowFields.rawId(node);
    try {
      RowFields f = new RowFields(node);
      UUID id = f.uuid("id");
      UUID pipelineId = f.uuid("pipeline_id");
      String name = name(f);
      int position = f.integer("position", 0, 0, Integer.MAX_VALUE);
      int probability = f.integer("probability", 0, 0, 100);
      String kindText = f.text("kind");
      StageKind kind = kindText == null ? StageKind.OPEN : StageKind.fromWire(kindText)
          .orElseThrow(() -> new RowFields.Problem("kind must be open, won or lost"));
      boolean unassigned = f.bool("is_unassigned", false);
      return Checked.ok(index, new BundleStage(id, pipelineId, name, position, probability, kind.wire(), unassigned), rawId);
    } catch (RowFields.Problem p) {
      return Checked.rejected(index, rawId, p.getMessage());
    }
  }

  public static Checked<BundleOpportunity> opportunity(long index, JsonNode node) {
    String rawId = RowFields.rawId(node);
    try {
      RowFields f = new RowFields(node);
      UUID id = f.uuid("id");
      String publicId = f.requiredText("public_id");
      if (!Ids.isPublicId(publicId)) {
        throw new RowFields.Problem("public_id must be opp_ followed by 12 letters or digits");
      }
      String name = name(f);
      UUID pipelineId = f.uuid("pipeline_id");
      UUID stageId = f.uuid("pipeline_stage_id");
      int position = f.integer("stage_position", 0, 0, Integer.MAX_VALUE);
      String currency = currency(f);
      String amount = amount(f, currency);
      String description = f.text("description");
      if (description != null && description.length() > MAX_DESCRIPTION) {
        throw new RowFields.Problem("description is longer than " + MAX_DESCRIPTION + " characters");
      }
      return Checked.ok(index, new BundleOpportunity(id, publicId, name, pipelineId, stageId, position, amount,
          currency, f.date("expected_close_date"), userId(f, "owner_user_id", false), description,
          f.timestamp("stage_entered_at"), f.integer("version", 1, 1, Integer.MAX_VALUE), f.timestamp("created_at"),
          f.timestamp("updated_at")), rawId);
    } catch (RowFields.Problem p) {
      return Checked.rejected(index, rawId, p.getMessage());
    }
  }

  private static String name(RowFields f) {
    String raw = f.text("name");
    return Names.clean(raw).orElseThrow(() -> new RowFields.Problem(raw == null || raw.isBlank()
        ? "name is empty" : "name must be 1 to " + Names.MAX_LENGTH + " characters without control characters"));
  }

  private static String userId(RowFields f, String field, boolean required) {
    String value = required ? f.requiredText(field) : f.text(field);
    if (value != null && (value.isEmpty() || value.length() > MAX_USER_ID)) {
      throw new RowFields.Problem(field + " must be 1 to " + MAX_USER_ID + " characters");
    }
    return value;
  }

  private static String currency(RowFields f) {
    String raw = f.text("currency");
    if (raw == null) {
      return Money.DEFAULT_CURRENCY;
    }
    return Money.currency(raw)
        .orElseThrow(() -> new RowFields.Problem("currency '" + raw + "' is not an ISO 4217 code"));
  }

  private static String amount(RowFields f, String currency) {
    String raw = f.decimalText("amount");
    if (raw == null) {
      return null;
    }
    BigDecimal value = Money.parseAmount(raw, currency).orElseThrow(() -> new RowFields.Problem(
        "amount '" + raw + "' is not a non-negative decimal with at most " + Money.fractionDigits(currency)
            + " fraction digits for " + currency));
    return value.toPlainString();
  }
}
