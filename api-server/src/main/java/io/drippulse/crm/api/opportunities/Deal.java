package io.drippulse.crm.api.opportunities;

import io.vertx.sqlclient.Row;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;

/** An opportunity's editable fields plus where it sits (stage and rank); what PATCH reads, merges and writes back. */
record Deal(UUID id, UUID pipelineId, UUID stageId, long rank, int version,
            String name, BigDecimal amount, String currency, LocalDate expectedCloseDate, String ownerUserId, String description) {

  static Deal from(Row row) {
    return new Deal(row.getUUID("id"), row.getUUID("pipeline_id"), row.getUUID("pipeline_stage_id"),
        row.getLong("rank"), row.getInteger("version"), row.getString("name"),
        row.getBigDecimal("amount"), row.getString("currency"), row.getLocalDate("expected_close_date"),
        row.getString("owner_user_id"), row.getString("description"));
  }

  /** Same editable content (what a PATCH merges into), whatever happened to rank and version. */
  boolean sameContentAs(Deal other) {
    return Objects.equals(name, other.name) && sameAmount(amount, other.amount) && Objects.equals(currency, other.currency)
        && Objects.equals(expectedCloseDate, other.expectedCloseDate) && Objects.equals(ownerUserId, other.ownerUserId)
        && Objects.equals(description, other.description);
  }

  /** 12.5 and 12.5000 are the same amount: the column keeps four decimals, input keeps what was sent. */
  private static boolean sameAmount(BigDecimal a, BigDecimal b) {
    return a == null ? b == null : b != null && a.compareTo(b) == 0;
  }

  Deal withFields(Deal edited) {
    return new Deal(id, pipelineId, stageId, rank, version, edited.name, edited.amount, edited.currency,
        edited.expectedCloseDate, edited.ownerUserId, edited.description);
  }
}
