package io.drippulse.crm.model.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * An opportunity as a bundle carries it. {@code amount} is the exact decimal as text ("1250.50"), null when
 * the deal has none. The derived fields of the API form ({@code status}, {@code stage}) are left out: the
 * stage, and so the status, is named by {@code pipeline_stage_id}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"id", "public_id", "name", "pipeline_id", "pipeline_stage_id", "stage_position", "amount", "currency",
    "expected_close_date", "owner_user_id", "description", "stage_entered_at", "version", "created_at", "updated_at"})
public record BundleOpportunity(UUID id, String publicId, String name, UUID pipelineId, UUID pipelineStageId,
                                int stagePosition, String amount, String currency, LocalDate expectedCloseDate,
                                String ownerUserId, String description, Instant stageEnteredAt, int version,
                                Instant createdAt, Instant updatedAt) {
}
