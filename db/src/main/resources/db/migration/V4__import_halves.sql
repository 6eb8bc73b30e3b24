-- An import writes the first half of each opportunities chunk on a second connection, committed just
-- before the chunk itself (docs/architecture.md, "Imports on two connections"). Should the worker die
-- between the two commits, this row, committed with the half, tells the restarted import that those
-- opportunities are its own work rather than records the organization already held: it counts them as
-- created. Dropped with the job's id map when the job ends.
CREATE TABLE portability_job_halves (
    org_id     uuid    NOT NULL,
    job_id     uuid    NOT NULL,
    -- the chunk's first item (its index in the opportunities section) and how many rows the half wrote
    first_item bigint  NOT NULL CHECK (first_item >= 0),
    rows       integer NOT NULL CHECK (rows > 0),
    PRIMARY KEY (org_id, job_id, first_item),
    FOREIGN KEY (org_id, job_id) REFERENCES portability_jobs (org_id, id) ON DELETE CASCADE
);
