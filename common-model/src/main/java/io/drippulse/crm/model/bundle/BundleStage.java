package io.drippulse.crm.model.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.UUID;

/** A pipeline stage as a bundle carries it; {@code kind} is the wire form of {@link io.drippulse.crm.model.StageKind}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"id", "pipeline_id", "name", "position", "probability", "kind", "is_unassigned"})
public record BundleStage(UUID id, UUID pipelineId, String name, int position, int probability, String kind,
                          boolean isUnassigned) {
}
