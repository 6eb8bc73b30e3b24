-- The worker's scheduled cleanup finds finished jobs past BUNDLE_RETENTION_DAYS by when they finished;
-- without this it would scan the whole job table every round.
CREATE INDEX portability_jobs_finished ON portability_jobs (finished_at) WHERE status IN ('succeeded', 'failed');

-- The cleanup also deletes Spring Batch's records of old runs, child tables first; these are the foreign
-- keys it follows (Spring Batch's schema indexes none of them).
CREATE INDEX batch_job_execution_instance ON batch_job_execution (job_instance_id);
CREATE INDEX batch_step_execution_job ON batch_step_execution (job_execution_id);
CREATE INDEX batch_job_execution_params_job ON batch_job_execution_params (job_execution_id);
