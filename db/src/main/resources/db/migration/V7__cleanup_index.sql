-- The worker's scheduled cleanup finds finished jobs past BUNDLE_RETENTION_DAYS by when they finished;
-- without this it would scan the whole job table every round.
CREATE INDEX portability_jobs_finished ON portability_jobs (finished_at) WHERE status IN ('succeeded', 'failed');
