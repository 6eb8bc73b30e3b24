-- Board writes that cost what they touch (PRODUCT.md §9.1).
--
-- Order within a stage is stored as a gapped bigint rank instead of a dense position: a card placed
-- between two others takes a rank between theirs, so a create, move or delete writes one opportunity row
-- whatever the stage holds. The 0-based, dense stage_position every response shows is derived on read
-- (how many cards of the stage rank below). When two neighbours have no rank left between them, the
-- server respreads a small window around the spot (docs/architecture.md, "Ranks"). Ranks are unique per
-- stage at commit time; like positions before them they are written only under the stage lock.

ALTER TABLE opportunities ADD COLUMN rank bigint;
-- existing positions become ranks 2^20 apart, in the same order
UPDATE opportunities SET rank = (stage_position::bigint + 1) << 20;
ALTER TABLE opportunities ALTER COLUMN rank SET NOT NULL;
ALTER TABLE opportunities DROP CONSTRAINT opportunities_stage_position_unique;
DROP INDEX opportunities_pipeline;
ALTER TABLE opportunities DROP COLUMN stage_position;
-- Deferred so one UPDATE can respread a window (or a reorder rewrite its listed cards) without tripping
-- over ranks it is about to vacate. Serves every per-stage walk in board order.
ALTER TABLE opportunities ADD CONSTRAINT opportunities_stage_rank_unique
    UNIQUE (org_id, pipeline_stage_id, rank) DEFERRABLE INITIALLY DEFERRED;
-- "does this pipeline hold any card" and whole-pipeline searches
CREATE INDEX opportunities_pipeline ON opportunities (org_id, pipeline_id);

-- Per-stage totals, kept by every write in its own transaction under the stage lock it already holds,
-- so a summary reads about one row per stage and currency instead of every card. amount_count counts the
-- cards with an amount: a currency whose cards carry none shows no total, as a GROUP BY would.
CREATE TABLE stage_totals (
    org_id       uuid           NOT NULL,
    stage_id     uuid           NOT NULL,
    currency     char(3)        NOT NULL,
    -- no CHECK (card_count >= 0): writers add signed deltas with INSERT ... ON CONFLICT DO UPDATE, and
    -- PostgreSQL checks a CHECK on the proposed (delta) row before it finds the conflict
    card_count   bigint         NOT NULL,
    amount_count bigint         NOT NULL,
    amount       numeric        NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, stage_id, currency),
    FOREIGN KEY (org_id, stage_id) REFERENCES pipeline_stages (org_id, id) ON DELETE CASCADE
);

INSERT INTO stage_totals (org_id, stage_id, currency, card_count, amount_count, amount)
SELECT org_id, pipeline_stage_id, currency, count(*), count(amount), coalesce(sum(amount), 0)
FROM opportunities GROUP BY org_id, pipeline_stage_id, currency;
