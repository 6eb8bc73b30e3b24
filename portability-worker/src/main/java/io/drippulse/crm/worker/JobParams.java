package io.drippulse.crm.worker;

/** Names of the Spring Batch job parameters every portability job is launched with. */
public final class JobParams {

  /** The portability_jobs row; identifying, so a restart of the same job resumes the same job instance. */
  public static final String JOB_ID = "job_id";
  /**
   * Exports only, identifying and new for every launch: each run is a fresh instance, because an export
   * restarts from scratch (a graceful hand-back does not count as an attempt, so attempt numbers can repeat).
   */
  public static final String RUN = "run";
  /** Exports only: the lease holder and attempt, which every write of the export's output is fenced by. */
  public static final String LEASE_OWNER = "lease_owner";
  public static final String ATTEMPT = "attempt";
  public static final String ORG_ID = "org_id";
  public static final String DRY_RUN = "dry_run";
  public static final String REQUESTED_BY = "requested_by";
  /** The CLI's file; absent when the bundle lives in the job's chunk rows. */
  public static final String LOCAL_FILE = "local_file";

  private JobParams() {
  }
}
