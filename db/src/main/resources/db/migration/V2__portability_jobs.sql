-- Data portability jobs: exports and imports of JSON bundles, queued by the api-server (or the scheduled
-- export CronJob, or the worker's own CLI) and run by portability workers. The job table is the queue:
-- workers claim a row with FOR UPDATE SKIP LOCKED and hold it by a lease they renew; a row whose lease
-- ran out belongs to a dead worker and is claimed again. Bundles travel between api-server and worker as
-- ~1 MiB chunks in portability_job_chunks, so no shared disk is needed.

CREATE TABLE portability_jobs (
    org_id           uuid        NOT NULL REFERENCES organizations (id),
    id               uuid        NOT NULL,
    kind             text        NOT NULL CHECK (kind IN ('export', 'import')),
    status           text        NOT NULL DEFAULT 'queued'
                                 CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    dry_run          boolean     NOT NULL DEFAULT false CHECK (NOT dry_run OR kind = 'import'),
    -- the user whose session asked for it; null for API keys, the CLI and scheduled exports
    requested_by     text,
    origin           text        NOT NULL DEFAULT 'api' CHECK (origin IN ('api', 'cli', 'schedule')),
    -- CLI jobs only: the local file the bundle is read from or written to. Queue consumers never take
    -- CLI jobs; the CLI itself resumes one that its previous run left behind.
    local_file       text        CHECK ((origin = 'cli') = (local_file IS NOT NULL)),
    bundle_bytes     bigint,
    counts           jsonb       NOT NULL DEFAULT '{}',
    progress         jsonb       NOT NULL DEFAULT '{}',
    report           jsonb       NOT NULL DEFAULT '{}',
    error            text,
    attempts         integer     NOT NULL DEFAULT 0,
    lease_owner      text,
    lease_expires_at timestamptz,
    heartbeat_at     timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    started_at       timestamptz,
    finished_at      timestamptz,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, requested_by) REFERENCES users (org_id, id),
    CHECK ((status = 'running') = (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL))
);
-- The queue scan: only unfinished jobs, oldest first.
CREATE INDEX portability_jobs_unfinished ON portability_jobs (created_at) WHERE status IN ('queued', 'running');
-- An organization's job history, newest first.
CREATE INDEX portability_jobs_org_kind ON portability_jobs (org_id, kind, created_at DESC);

-- Wake the workers (LISTEN portability_jobs) whenever a job becomes claimable; polling is only the fallback.
CREATE FUNCTION portability_jobs_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('portability_jobs', NEW.org_id::text || '/' || NEW.id::text);
    RETURN NULL;
END
$$;
CREATE TRIGGER portability_jobs_queued
    AFTER INSERT OR UPDATE OF status ON portability_jobs
    FOR EACH ROW WHEN (NEW.status = 'queued' AND NEW.origin <> 'cli')
    EXECUTE FUNCTION portability_jobs_notify();

-- Bundle bytes: part 'input' is an uploaded import bundle, part 'output' an export's result. Chunks are
-- already JSON text and read back in order, so they are stored uncompressed (STORAGE EXTERNAL) to keep
-- writes and streaming reads cheap.
CREATE TABLE portability_job_chunks (
    org_id uuid    NOT NULL,
    job_id uuid    NOT NULL,
    part   text    NOT NULL CHECK (part IN ('input', 'output')),
    seq    integer NOT NULL CHECK (seq >= 0),
    data   bytea   NOT NULL,
    PRIMARY KEY (org_id, job_id, part, seq),
    FOREIGN KEY (org_id, job_id) REFERENCES portability_jobs (org_id, id) ON DELETE CASCADE
);
ALTER TABLE portability_job_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

-- Rows an import skipped, with the row's index in its bundle section and the reason. Written in the same
-- transaction as the chunk of rows they belong to, so a restarted import neither loses nor repeats them.
CREATE TABLE portability_job_rejections (
    org_id     uuid   NOT NULL,
    job_id     uuid   NOT NULL,
    section    text   NOT NULL CHECK (section IN ('pipelines', 'stages', 'opportunities')),
    item_index bigint NOT NULL CHECK (item_index >= 0),
    record_id  text,
    reason     text   NOT NULL,
    PRIMARY KEY (org_id, job_id, section, item_index),
    FOREIGN KEY (org_id, job_id) REFERENCES portability_jobs (org_id, id) ON DELETE CASCADE
);

-- While an import runs: which target pipeline or stage each bundle pipeline or stage landed on. Kept in the
-- database (not in worker memory) so a restarted import finds the mapping its earlier steps made, and
-- removed when the job finishes.
CREATE TABLE portability_job_id_map (
    org_id           uuid    NOT NULL,
    job_id           uuid    NOT NULL,
    kind             text    NOT NULL CHECK (kind IN ('pipeline', 'stage')),
    source_id        uuid    NOT NULL,
    target_id        uuid    NOT NULL,
    -- stages: the bundle pipeline the stage belongs to, and the target pipeline it landed in
    source_parent_id uuid,
    target_parent_id uuid,
    name             text    NOT NULL,
    is_org_default   boolean NOT NULL DEFAULT false,
    PRIMARY KEY (org_id, job_id, kind, source_id),
    FOREIGN KEY (org_id, job_id) REFERENCES portability_jobs (org_id, id) ON DELETE CASCADE
);
