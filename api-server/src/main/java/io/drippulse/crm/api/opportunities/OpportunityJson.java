package io.drippulse.crm.api.opportunities;

import io.drippulse.crm.model.Money;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * Opportunity JSON (PRODUCT.md §6), from a row of {@link OpportunitySql}'s card queries: as a JsonObject for
 * one card (a response, or an event written from inside the write's transaction). List pages write the
 * same fields the same way straight into a generator ({@link CardWriter}). Amounts leave as strings with the
 * currency's minor digits.
 */
final class OpportunityJson {

  private OpportunityJson() {
  }

  static JsonObject of(Row row) {
    return of(row, row.getInteger("stage_position"));
  }

  /** A card read without its position, which the caller knows. */
  static JsonObject of(Row row, Integer stagePosition) {
    String currency = row.getString("currency");
    String kind = row.getString("stage_kind");
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("public_id", row.getString("public_id"))
        .put("name", row.getString("name"))
        .put("pipeline_id", row.getUUID("pipeline_id").toString())
        .put("pipeline_stage_id", row.getUUID("pipeline_stage_id").toString())
        .put("stage", kind == null ? null : new JsonObject() // a trashed card whose stage is gone has none
            .put("id", row.getUUID("pipeline_stage_id").toString())
            .put("name", row.getString("stage_name"))
            .put("kind", kind))
        .put("stage_position", stagePosition)
        .put("amount", Money.format(row.getBigDecimal("amount"), currency))
        .put("currency", currency)
        .put("expected_close_date", date(row.getLocalDate("expected_close_date")))
        .put("owner_user_id", row.getString("owner_user_id"))
        .put("description", row.getString("description"))
        .put("status", kind)
        .put("stage_entered_at", instant(row.getOffsetDateTime("stage_entered_at")))
        .put("days_in_stage", row.getInteger("days_in_stage"))
        .put("is_rotting", isRotting(kind, row.getInteger("stage_rotting_days"), row.getInteger("days_in_stage")))
        .put("version", row.getInteger("version"))
        .put("created_at", instant(row.getOffsetDateTime("created_at")))
        .put("updated_at", instant(row.getOffsetDateTime("updated_at")));
  }

  /** §9.4: an open stage with rotting_days set, and at least that many whole days in it. */
  static boolean isRotting(String kind, Integer rottingDays, Integer daysInStage) {
    return "open".equals(kind) && rottingDays != null && daysInStage != null && daysInStage >= rottingDays;
  }

  static String etag(JsonObject opportunity) {
    return "\"" + opportunity.getInteger("version") + "\"";
  }

  private static String date(LocalDate date) {
    return date == null ? null : date.toString();
  }

  static String instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant().toString();
  }
}
