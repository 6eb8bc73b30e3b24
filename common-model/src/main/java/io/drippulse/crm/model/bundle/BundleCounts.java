package io.drippulse.crm.model.bundle;

/** How many records each section of a bundle holds, written in the header before the sections. */
public record BundleCounts(long pipelines, long stages, long opportunities) {
}
