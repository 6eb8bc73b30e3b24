package io.drippulse.crm.worker.cleanup;

import java.time.Duration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Spring Batch's own records (job instances, their executions, parameters, steps and contexts) of runs that
 * all ended more than BUNDLE_RETENTION_DAYS ago: a finished job never reads them again, and without this
 * they would outgrow the job table they describe. An instance with an execution that has not ended (a run
 * in progress, or one a dead CLI process may still resume) is kept whatever its age. One statement per
 * batch: the deletes of parents and children are checked together at its end.
 */
public final class BatchHistory implements CleanupTask {

  private static final String DELETE = """
      WITH old AS (
        SELECT i.job_instance_id FROM batch_job_instance i
        WHERE EXISTS (SELECT 1 FROM batch_job_execution e WHERE e.job_instance_id = i.job_instance_id)
          AND NOT EXISTS (SELECT 1 FROM batch_job_execution e WHERE e.job_instance_id = i.job_instance_id
                          AND (e.end_time IS NULL OR e.end_time >= localtimestamp - make_interval(secs => ?)))
        LIMIT ? FOR UPDATE SKIP LOCKED),
      executions AS (SELECT job_execution_id FROM batch_job_execution WHERE job_instance_id IN (SELECT job_instance_id FROM old)),
      steps AS (SELECT step_execution_id FROM batch_step_execution WHERE job_execution_id IN (SELECT job_execution_id FROM executions)),
      step_contexts AS (DELETE FROM batch_step_execution_context WHERE step_execution_id IN (SELECT step_execution_id FROM steps)),
      step_rows AS (DELETE FROM batch_step_execution WHERE step_execution_id IN (SELECT step_execution_id FROM steps)),
      job_contexts AS (DELETE FROM batch_job_execution_context WHERE job_execution_id IN (SELECT job_execution_id FROM executions)),
      params AS (DELETE FROM batch_job_execution_params WHERE job_execution_id IN (SELECT job_execution_id FROM executions)),
      execution_rows AS (DELETE FROM batch_job_execution WHERE job_execution_id IN (SELECT job_execution_id FROM executions))
      DELETE FROM batch_job_instance WHERE job_instance_id IN (SELECT job_instance_id FROM old)""";

  private final Duration retention;

  public BatchHistory(Duration retention) {
    this.retention = retention;
  }

  @Override
  public String name() {
    return "Spring Batch records of runs that ended more than " + retention.toDays() + " days ago";
  }

  @Override
  public int deleteBatch(JdbcTemplate jdbc, int batchSize) {
    return jdbc.update(DELETE, retention.toSeconds(), batchSize);
  }
}
