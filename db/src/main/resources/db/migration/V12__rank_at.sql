-- Where a card goes in a stage, in one place for every writer of the api-server: the rank that puts a card
-- at index p_index of the stage as it stands without p_moving (0-based; NULL, or past the end: after the last
-- card), or NULL when the two cards around that spot have no rank left between them, in which case the caller
-- respreads the spot (api-server opportunities/Ranks). Appended cards are 2^20 apart (common-model
-- Ranks.GAP). A caller holds the stage's exclusive lock and calls this in a statement after the one that took
-- it, so it sees what the previous holder committed. STABLE: it reads in its caller's snapshot.
CREATE FUNCTION crm_rank_at(p_org uuid, p_stage uuid, p_moving uuid, p_index integer)
RETURNS bigint
LANGUAGE plpgsql STABLE AS $$
DECLARE
    gap    constant bigint := 1048576;
    before bigint;
    after  bigint;
BEGIN
    IF p_index = 0 THEN
        SELECT o.rank INTO after FROM opportunities o
        WHERE o.org_id = p_org AND o.pipeline_stage_id = p_stage AND o.id <> p_moving
        ORDER BY o.rank LIMIT 1;
        RETURN coalesce(after - gap, gap);
    END IF;
    IF p_index > 0 THEN
        SELECT r[1], r[2] INTO before, after FROM (
            SELECT array_agg(x.rank ORDER BY x.rank) AS r FROM (
                SELECT o.rank FROM opportunities o
                WHERE o.org_id = p_org AND o.pipeline_stage_id = p_stage AND o.id <> p_moving
                ORDER BY o.rank OFFSET p_index - 1 LIMIT 2) x) n;
        IF before IS NOT NULL THEN
            IF after IS NULL THEN
                RETURN before + gap;
            END IF;
            IF after - before >= 2 THEN
                RETURN before + (after - before) / 2;
            END IF;
            RETURN NULL;
        END IF;
    END IF;
    SELECT o.rank INTO before FROM opportunities o
    WHERE o.org_id = p_org AND o.pipeline_stage_id = p_stage AND o.id <> p_moving
    ORDER BY o.rank DESC LIMIT 1;
    RETURN coalesce(before, 0) + gap;
END
$$;
