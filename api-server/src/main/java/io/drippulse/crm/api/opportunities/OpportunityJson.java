package io.drippulse.crm.api.opportunities;

import com.fasterxml.jackson.core.JsonGenerator;
import io.drippulse.crm.model.Money;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * Opportunity JSON (PRODUCT.md §6), from a row of {@link OpportunitySql}'s card queries: as a JsonObject for
 * one card (a response, or an event written from inside the write's transaction), or straight into a
 * generator for list pages. Both write the same fields the same way. Amounts leave as strings with the
 * currency's minor digits.
 */
final class OpportunityJson {

  private OpportunityJson() {
  }

  static JsonObject of(Row row) {
    String currency = row.getString("currency");
    String kind = row.getString("stage_kind");
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("public_id", row.getString("public_id"))
        .put("name", row.getString("name"))
        .put("pipeline_id", row.getUUID("pipeline_id").toString())
        .put("pipeline_stage_id", row.getUUID("pipeline_stage_id").toString())
        .put("stage", new JsonObject()
            .put("id", row.getUUID("pipeline_stage_id").toString())
            .put("name", row.getString("stage_name"))
            .put("kind", kind))
        .put("stage_position", row.getInteger("stage_position"))
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

  static void write(JsonGenerator gen, Row row) throws IOException {
    String currency = row.getString("currency");
    String kind = row.getString("stage_kind");
    String stageId = row.getUUID("pipeline_stage_id").toString();
    gen.writeStartObject();
    gen.writeStringField("id", row.getUUID("id").toString());
    gen.writeStringField("public_id", row.getString("public_id"));
    gen.writeStringField("name", row.getString("name"));
    gen.writeStringField("pipeline_id", row.getUUID("pipeline_id").toString());
    gen.writeStringField("pipeline_stage_id", stageId);
    gen.writeObjectFieldStart("stage");
    gen.writeStringField("id", stageId);
    gen.writeStringField("name", row.getString("stage_name"));
    gen.writeStringField("kind", kind);
    gen.writeEndObject();
    gen.writeNumberField("stage_position", row.getInteger("stage_position"));
    gen.writeStringField("amount", Money.format(row.getBigDecimal("amount"), currency));
    gen.writeStringField("currency", currency);
    gen.writeStringField("expected_close_date", date(row.getLocalDate("expected_close_date")));
    gen.writeStringField("owner_user_id", row.getString("owner_user_id"));
    gen.writeStringField("description", row.getString("description"));
    gen.writeStringField("status", kind);
    gen.writeStringField("stage_entered_at", instant(row.getOffsetDateTime("stage_entered_at")));
    gen.writeNumberField("days_in_stage", row.getInteger("days_in_stage"));
    gen.writeBooleanField("is_rotting", isRotting(kind, row.getInteger("stage_rotting_days"), row.getInteger("days_in_stage")));
    gen.writeNumberField("version", row.getInteger("version"));
    gen.writeStringField("created_at", instant(row.getOffsetDateTime("created_at")));
    gen.writeStringField("updated_at", instant(row.getOffsetDateTime("updated_at")));
    gen.writeEndObject();
  }

  static String etag(JsonObject opportunity) {
    return "\"" + opportunity.getInteger("version") + "\"";
  }

  private static String date(LocalDate date) {
    return date == null ? null : date.toString();
  }

  private static String instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant().toString();
  }
}
