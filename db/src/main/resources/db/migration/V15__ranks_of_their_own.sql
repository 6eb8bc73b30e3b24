-- Ranks in a table of their own (issue 11, PRODUCT.md §9.1). A rank change is never a HOT update: rank was
-- indexed in opportunities, so every card a reorder rewrote got a new entry in each of the table's ten indexes
-- (the two trigram indexes of q and the four sort indexes of §9.4 among them), and that index upkeep was the
-- reorder's cost (docs/performance-api.md). Here a card's place is one narrow row with two indexes: a reorder
-- rewrites those rows, and on the card only its version, which no index holds, so that update is HOT (hence
-- the fillfactor: room on the card's own page for the new version). A card's place within its stage is not a
-- change of the card's fields, so it leaves updated_at, which a sort index holds, alone (docs/decisions.md).
--
-- opportunity_ranks.pipeline_stage_id is always the card's own: every writer that changes a card's stage writes
-- both rows in one statement, under the stage locks (api-server opportunities/OpportunitySql, the worker's
-- import). The column names match opportunities' so that a walk of a stage in board order reads the same.
CREATE TABLE opportunity_ranks (
    org_id            uuid   NOT NULL,
    id                uuid   NOT NULL,
    pipeline_stage_id uuid   NOT NULL,
    rank              bigint NOT NULL,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, id) REFERENCES opportunities (org_id, id) ON DELETE CASCADE,
    -- deferred, as it was on opportunities: one UPDATE can respread a window, or a reorder rewrite its listed
    -- cards, without tripping over ranks it is about to vacate. Serves every per-stage walk in board order.
    CONSTRAINT opportunity_ranks_stage_rank_unique
        UNIQUE (org_id, pipeline_stage_id, rank) DEFERRABLE INITIALLY DEFERRED
);
INSERT INTO opportunity_ranks (org_id, id, pipeline_stage_id, rank)
SELECT org_id, id, pipeline_stage_id, rank FROM opportunities;
ALTER TABLE opportunities DROP CONSTRAINT opportunities_stage_rank_unique;
ALTER TABLE opportunities DROP COLUMN rank;
ALTER TABLE opportunities SET (fillfactor = 90);

-- crm_rank_at (V14) walks the ranks table now; same signature and answers.
CREATE OR REPLACE FUNCTION crm_rank_at(p_org uuid, p_stage uuid, p_moving uuid, p_index integer)
RETURNS bigint
LANGUAGE plpgsql STABLE AS $$
DECLARE
    gap    constant bigint := 1048576;
    n      bigint;
    before bigint;
    after  bigint;
BEGIN
    IF p_index = 0 THEN
        SELECT o.rank INTO after FROM opportunity_ranks o
        WHERE o.org_id = p_org AND o.pipeline_stage_id = p_stage AND o.id <> p_moving
        ORDER BY o.rank LIMIT 1;
        RETURN coalesce(after - gap, gap);
    END IF;
    IF p_index >= 128 THEN
        -- the stage's cards without the moving one
        SELECT coalesce(sum(t.card_count), 0) INTO n FROM stage_totals t WHERE t.org_id = p_org AND t.stage_id = p_stage;
        IF EXISTS (SELECT 1 FROM opportunity_ranks o WHERE o.org_id = p_org AND o.id = p_moving AND o.pipeline_stage_id = p_stage) THEN
            n := n - 1;
        END IF;
        IF p_index < n AND p_index * 2 > n THEN
            -- the cards at p_index and p_index - 1, counted from the end
            SELECT r[1], r[2] INTO before, after FROM (
                SELECT array_agg(x.rank ORDER BY x.rank) AS r FROM (
                    SELECT o.rank FROM opportunity_ranks o
                    WHERE o.org_id = p_org AND o.pipeline_stage_id = p_stage AND o.id <> p_moving
                    ORDER BY o.rank DESC OFFSET n - 1 - p_index LIMIT 2) x) w;
        END IF;
    END IF;
    IF p_index > 0 AND before IS NULL AND (n IS NULL OR p_index < n) THEN
        SELECT r[1], r[2] INTO before, after FROM (
            SELECT array_agg(x.rank ORDER BY x.rank) AS r FROM (
                SELECT o.rank FROM opportunity_ranks o
                WHERE o.org_id = p_org AND o.pipeline_stage_id = p_stage AND o.id <> p_moving
                ORDER BY o.rank OFFSET p_index - 1 LIMIT 2) x) w;
    END IF;
    IF before IS NOT NULL AND after IS NOT NULL THEN
        IF after - before >= 2 THEN
            RETURN before + (after - before) / 2;
        END IF;
        RETURN NULL;
    END IF;
    IF before IS NOT NULL THEN
        RETURN before + gap;
    END IF;
    SELECT o.rank INTO before FROM opportunity_ranks o
    WHERE o.org_id = p_org AND o.pipeline_stage_id = p_stage AND o.id <> p_moving
    ORDER BY o.rank DESC LIMIT 1;
    RETURN coalesce(before, 0) + gap;
END
$$;
