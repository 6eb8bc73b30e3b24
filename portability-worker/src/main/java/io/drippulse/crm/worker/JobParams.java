package io.drippulse.crm.worker;

/** Names of the Spring Batch job parameters every portability job is launched with. */
public final class JobParams {

  /** The portability_jobs row; identifying, so a restart of the same job resumes the same job instance. */
  public static final String JOB_ID = "job_id";
  /** Exports only, identifying: each attempt is a fresh instance, because an export restarts from scratch. */
  public static final String ATTEMPT = "attempt";
  public static final String ORG_ID = "org_id";
  public static final String DRY_RUN = "dry_run";
  public static final String REQUESTED_BY = "requested_by";
  /** The CLI's file; absent when the bundle lives in the job's chunk rows. */
  public static final String LOCAL_FILE = "local_file";

  private JobParams() {
  }
}
