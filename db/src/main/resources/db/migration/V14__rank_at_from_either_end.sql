-- crm_rank_at (V12) walked from the top of the stage to the index asked for, so placing a card near the end of a
-- long stage, or past it (an append by index), walked the whole stage. From index 128 on it now reads how many
-- cards the stage holds (stage_totals, which every writer keeps in its own transaction; under the stage's
-- exclusive lock, which the caller holds and after which it writes its own totals, that is what the stage
-- holds): an index past the end appends at once, and one in the lower half is found by walking up from the end.
-- Below 128 it walks from the top as before, with no extra read. Same signature and answers as V12.
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
        SELECT o.rank INTO after FROM opportunities o
        WHERE o.org_id = p_org AND o.pipeline_stage_id = p_stage AND o.id <> p_moving
        ORDER BY o.rank LIMIT 1;
        RETURN coalesce(after - gap, gap);
    END IF;
    IF p_index >= 128 THEN
        -- the stage's cards without the moving one
        SELECT coalesce(sum(t.card_count), 0) INTO n FROM stage_totals t WHERE t.org_id = p_org AND t.stage_id = p_stage;
        IF EXISTS (SELECT 1 FROM opportunities o WHERE o.org_id = p_org AND o.id = p_moving AND o.pipeline_stage_id = p_stage) THEN
            n := n - 1;
        END IF;
        IF p_index < n AND p_index * 2 > n THEN
            -- the cards at p_index and p_index - 1, counted from the end
            SELECT r[1], r[2] INTO before, after FROM (
                SELECT array_agg(x.rank ORDER BY x.rank) AS r FROM (
                    SELECT o.rank FROM opportunities o
                    WHERE o.org_id = p_org AND o.pipeline_stage_id = p_stage AND o.id <> p_moving
                    ORDER BY o.rank DESC OFFSET n - 1 - p_index LIMIT 2) x) w;
        END IF;
    END IF;
    IF p_index > 0 AND before IS NULL AND (n IS NULL OR p_index < n) THEN
        SELECT r[1], r[2] INTO before, after FROM (
            SELECT array_agg(x.rank ORDER BY x.rank) AS r FROM (
                SELECT o.rank FROM opportunities o
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
    SELECT o.rank INTO before FROM opportunities o
    WHERE o.org_id = p_org AND o.pipeline_stage_id = p_stage AND o.id <> p_moving
    ORDER BY o.rank DESC LIMIT 1;
    RETURN coalesce(before, 0) + gap;
END
$$;
