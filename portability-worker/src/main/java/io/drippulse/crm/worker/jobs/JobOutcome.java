package io.drippulse.crm.worker.jobs;

/** How a job ended, as stored on its row: counts and report as JSON, a sentence when it failed. */
public record JobOutcome(boolean succeeded, String countsJson, String reportJson, String error, Long bundleBytes,
                         String progressJson) {
}
