package io.drippulse.crm.worker.jobs;

import java.util.UUID;

/** A claimed row of portability_jobs: what to run, for whom, and where its bundle is. */
public record PortabilityJob(UUID orgId, UUID id, String kind, boolean dryRun, String requestedBy, String origin,
                             String localFile, int attempts) {

  public static final String EXPORT = "export";
  public static final String IMPORT = "import";
  public static final String CLI = "cli";

  public boolean isExport() {
    return EXPORT.equals(kind);
  }
}
