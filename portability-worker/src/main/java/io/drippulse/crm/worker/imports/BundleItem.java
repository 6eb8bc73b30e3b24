package io.drippulse.crm.worker.imports;

import com.fasterxml.jackson.databind.JsonNode;

/** One row of a bundle section, unbound, with its 0-based index in the section. */
public record BundleItem(long index, JsonNode node) {
}
