package io.drippulse.crm.model.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.UUID;

/** A pipeline as a bundle carries it. {@code userId} is null exactly for the org default. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"id", "name", "is_org_default", "user_id", "created_at", "updated_at"})
public record BundlePipeline(UUID id, String name, boolean isOrgDefault, String userId, Instant createdAt,
                             Instant updatedAt) {
}
