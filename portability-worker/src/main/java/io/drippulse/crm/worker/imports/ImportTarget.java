package io.drippulse.crm.worker.imports;

import io.drippulse.crm.model.Ids;
import io.drippulse.crm.worker.JobParams;
import java.util.UUID;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;

/**
 * Where an import writes and how it names records. Into the organization the bundle came from, records
 * keep their ids (a restore); into any other, each gets {@link Ids#derived}(target org, source id), so the
 * same bundle imported twice lands on the same rows.
 */
public record ImportTarget(UUID jobId, UUID targetOrg, UUID sourceOrg, boolean dryRun, String requestedBy) {

  public static final String SOURCE_ORG_KEY = "source_org_id";

  public static ImportTarget of(JobExecution execution) {
    JobParameters params = execution.getJobParameters();
    return new ImportTarget(UUID.fromString(params.getString(JobParams.JOB_ID)),
        UUID.fromString(params.getString(JobParams.ORG_ID)),
        UUID.fromString(execution.getExecutionContext().getString(SOURCE_ORG_KEY)),
        Boolean.parseBoolean(params.getString(JobParams.DRY_RUN)), params.getString(JobParams.REQUESTED_BY));
  }

  public boolean restoresSourceOrg() {
    return targetOrg.equals(sourceOrg);
  }

  public UUID targetId(UUID sourceId) {
    return restoresSourceOrg() ? sourceId : Ids.derived(targetOrg, sourceId);
  }
}
