-- DripPulse CRM core schema.
--
-- Tenancy rule: every table carries org_id, and every primary, unique and foreign key starts with
-- it. The database therefore refuses a reference from one organization's row to another's, and
-- the schema can be distributed by org_id (Citus) without changing a key.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE organizations (
    id         uuid        PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- A user is known the first time a valid token names it (sub) inside an organization.
CREATE TABLE users (
    org_id     uuid        NOT NULL REFERENCES organizations (id),
    id         text        NOT NULL CHECK (length(id) BETWEEN 1 AND 255),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id)
);

-- Only a hash of the key is kept; the key itself is shown once at creation. The key embeds its
-- org id, so a lookup is a primary-key probe inside one tenant.
CREATE TABLE api_keys (
    org_id     uuid        NOT NULL REFERENCES organizations (id),
    id         uuid        NOT NULL,
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    key_hash   bytea       NOT NULL,
    created_by text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz,
    PRIMARY KEY (org_id, id),
    UNIQUE (org_id, key_hash),
    FOREIGN KEY (org_id, created_by) REFERENCES users (org_id, id)
);

CREATE TABLE pipelines (
    org_id         uuid        NOT NULL REFERENCES organizations (id),
    id             uuid        NOT NULL,
    name           text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    is_org_default boolean     NOT NULL DEFAULT false,
    user_id        text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id),
    -- the org default belongs to nobody; every other pipeline has an owner
    CHECK (is_org_default = (user_id IS NULL))
);
-- Exactly one org default per organization, however many first requests race to create it.
CREATE UNIQUE INDEX pipelines_one_org_default ON pipelines (org_id) WHERE is_org_default;

CREATE TABLE pipeline_stages (
    org_id        uuid     NOT NULL,
    id            uuid     NOT NULL,
    pipeline_id   uuid     NOT NULL,
    name          text     NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    position      integer  NOT NULL CHECK (position >= 0),
    probability   smallint NOT NULL CHECK (probability BETWEEN 0 AND 100),
    kind          text     NOT NULL CHECK (kind IN ('open', 'won', 'lost')),
    is_unassigned boolean  NOT NULL DEFAULT false,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, pipeline_id) REFERENCES pipelines (org_id, id) ON DELETE CASCADE,
    -- target of the opportunities foreign key: a deal's stage must belong to the deal's pipeline
    UNIQUE (org_id, pipeline_id, id),
    -- The three rules below are checked at commit, so one PATCH can renumber, rename (swap two
    -- names) or move the unassigned flag across a whole stage list without tripping over itself.
    CONSTRAINT pipeline_stages_position_unique
        UNIQUE (org_id, pipeline_id, position) DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT pipeline_stages_name_unique
        EXCLUDE USING btree (org_id WITH =, pipeline_id WITH =, lower(name) WITH =) DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT pipeline_stages_one_unassigned
        EXCLUDE USING btree (org_id WITH =, pipeline_id WITH =) WHERE (is_unassigned) DEFERRABLE INITIALLY DEFERRED
);

-- A user's preferred pipeline for lists and the board. Deleting the pipeline deletes the
-- preference, so the user falls back to the org default.
CREATE TABLE user_default_pipelines (
    org_id      uuid        NOT NULL,
    user_id     text        NOT NULL,
    pipeline_id uuid        NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, user_id),
    FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id),
    FOREIGN KEY (org_id, pipeline_id) REFERENCES pipelines (org_id, id) ON DELETE CASCADE
);
CREATE INDEX user_default_pipelines_pipeline ON user_default_pipelines (org_id, pipeline_id);

CREATE TABLE opportunities (
    org_id              uuid          NOT NULL REFERENCES organizations (id),
    id                  uuid          NOT NULL,
    public_id           text          NOT NULL CHECK (public_id ~ '^opp_[0-9A-Za-z]{12}$'),
    name                text          NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    pipeline_id         uuid          NOT NULL,
    pipeline_stage_id   uuid          NOT NULL,
    stage_position      integer       NOT NULL CHECK (stage_position >= 0),
    amount              numeric(17, 4) CHECK (amount >= 0),
    currency            char(3)       NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    expected_close_date date,
    owner_user_id       text,
    description         text          CHECK (length(description) <= 10000),
    stage_entered_at    timestamptz   NOT NULL DEFAULT now(),
    version             integer       NOT NULL DEFAULT 1,
    created_at          timestamptz   NOT NULL DEFAULT now(),
    updated_at          timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id),
    UNIQUE (org_id, public_id),
    -- the stage must exist in this org *and* in this pipeline
    FOREIGN KEY (org_id, pipeline_id, pipeline_stage_id)
        REFERENCES pipeline_stages (org_id, pipeline_id, id),
    -- positions are unique per stage at commit time; density is kept by the repository under a
    -- stage lock. Deferred so one UPDATE can permute a whole column.
    CONSTRAINT opportunities_stage_position_unique
        UNIQUE (org_id, pipeline_stage_id, stage_position) DEFERRABLE INITIALLY DEFERRED
);
-- The board query: a pipeline's cards in stage order. (The unique constraint above serves
-- per-stage lookups; this serves whole-pipeline listing.)
CREATE INDEX opportunities_pipeline ON opportunities (org_id, pipeline_id, pipeline_stage_id, stage_position);
-- q: case-insensitive substring of name or public id
CREATE INDEX opportunities_name_trgm ON opportunities USING gin (name gin_trgm_ops);
CREATE INDEX opportunities_public_id_trgm ON opportunities USING gin (public_id gin_trgm_ops);

-- Every move is one row: from (null on creation) and to, who and when. Stage names are copied so
-- history survives a stage being renamed or removed.
CREATE TABLE stage_transitions (
    org_id         uuid        NOT NULL,
    id             bigint      GENERATED ALWAYS AS IDENTITY,
    opportunity_id uuid        NOT NULL,
    from_stage_id  uuid,
    to_stage_id    uuid        NOT NULL,
    to_stage_name  text        NOT NULL,
    moved_by       text,
    moved_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, opportunity_id) REFERENCES opportunities (org_id, id) ON DELETE CASCADE
);
CREATE INDEX stage_transitions_opportunity ON stage_transitions (org_id, opportunity_id, moved_at);

-- Idempotency-Key for POST /opportunities: the first response is replayed for the same key and
-- body; the same key with another body is refused.
CREATE TABLE idempotency_keys (
    org_id          uuid        NOT NULL REFERENCES organizations (id),
    key             text        NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    request_hash    bytea       NOT NULL,
    response_status integer     NOT NULL,
    response_body   jsonb       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
