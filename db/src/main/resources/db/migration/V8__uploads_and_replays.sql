-- Issue 15. Uploads no longer hold one transaction (and one pooled connection) while the client sends:
-- the job row is inserted as 'uploading', each ~1 MiB chunk is its own short statement, and the row
-- becomes 'queued' (waking the workers through V2's trigger) once every byte is stored. Workers only
-- claim 'queued' rows, and the API does not show 'uploading' ones.
ALTER TABLE portability_jobs DROP CONSTRAINT portability_jobs_status_check;
ALTER TABLE portability_jobs ADD CONSTRAINT portability_jobs_status_check
    CHECK (status IN ('uploading', 'queued', 'running', 'succeeded', 'failed'));

-- An idempotent replay answers with the first response's exact bytes; jsonb (response_body) reorders
-- keys, so the bytes are kept beside it. Null for keys stored before this migration: those replay the
-- jsonb form, as before.
ALTER TABLE idempotency_keys ADD COLUMN response_bytes bytea;
