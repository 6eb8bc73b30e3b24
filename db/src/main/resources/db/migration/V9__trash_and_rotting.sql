-- Trash and restore, and rotting stages (PRODUCT.md §9.4).
--
-- DELETE moves a card out of opportunities into this table, in one statement under the stage lock, so
-- nothing that reads the board (pages, positions, ranks, totals, exports) needs to know about the trash,
-- and a trashed card holds no rank and no place in a stage. Its stage and pipeline are remembered
-- without foreign keys: a trashed card does not block removing its stage or deleting its pipeline, and
-- a restore into a stage that is gone goes to the org default's Unassigned stage.
CREATE TABLE trashed_opportunities (
    org_id              uuid           NOT NULL REFERENCES organizations (id),
    id                  uuid           NOT NULL,
    public_id           text           NOT NULL,
    name                text           NOT NULL,
    pipeline_id         uuid           NOT NULL,
    pipeline_stage_id   uuid           NOT NULL,
    amount              numeric(17, 4),
    currency            char(3)        NOT NULL,
    expected_close_date date,
    owner_user_id       text,
    description         text,
    stage_entered_at    timestamptz    NOT NULL,
    version             integer        NOT NULL,
    created_at          timestamptz    NOT NULL,
    updated_at          timestamptz    NOT NULL,
    deleted_at          timestamptz    NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id),
    -- public ids stay reserved while a card is in the trash (creates draw random ones; imports check here)
    UNIQUE (org_id, public_id)
);
-- the trash listing, newest first, and its keyset cursor
CREATE INDEX trashed_opportunities_listing ON trashed_opportunities (org_id, deleted_at DESC, id DESC);
-- the purge after TRASH_RETENTION_DAYS walks the oldest first, across organizations
CREATE INDEX trashed_opportunities_purge ON trashed_opportunities (deleted_at);

-- A card's stage history now outlives its row in opportunities while it is in the trash (a restore
-- brings both back), so the history no longer cascades from that table: the purge deletes the
-- history of the cards it purges, and nothing else deletes opportunities.
ALTER TABLE stage_transitions DROP CONSTRAINT stage_transitions_org_id_opportunity_id_fkey;

-- Rotting (PRODUCT.md §9.4): a stage may say after how many whole days in it an open deal is rotting.
ALTER TABLE pipeline_stages ADD COLUMN rotting_days smallint CHECK (rotting_days BETWEEN 1 AND 3650);
-- a stage's rotting cards are a range of this index (the summary's rotting_count, the rotting=true filter)
CREATE INDEX opportunities_stage_entered ON opportunities (org_id, pipeline_stage_id, stage_entered_at);
