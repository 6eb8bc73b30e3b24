-- The least a correct create must do, for bench/sse.sh to set the server's creates against: lock the
-- stage, insert the card and its rank at its end (the rank after the last, as the server appends), record its event,
-- commit. (The server also counts the card in its stage's totals and writes its first history row.)
-- pgbench -M prepared -D org=<uuid> -D pipeline=<uuid> -D stage=<uuid of a stage of that pipeline>
\set n random(1, 140737488355327)
BEGIN;
SELECT id FROM pipeline_stages WHERE org_id = :org AND id = :stage FOR UPDATE;
WITH card AS (
  INSERT INTO opportunities (org_id, id, public_id, name, pipeline_id, pipeline_stage_id)
  VALUES (:org, gen_random_uuid(), 'opp_' || lpad(to_hex(:n::bigint), 12, '0'), 'pgbench', :pipeline, :stage)
  RETURNING id)
INSERT INTO opportunity_ranks (org_id, id, pipeline_stage_id, rank)
SELECT :org, card.id, :stage, coalesce((SELECT rank FROM opportunity_ranks WHERE org_id = :org AND pipeline_stage_id = :stage
                                        ORDER BY rank DESC LIMIT 1), 0) + 1048576 FROM card;
SELECT crm_record_events(:org, ARRAY[:pipeline::uuid], ARRAY['opportunity.created'], ARRAY['{"opportunity":{}}'::jsonb]);
COMMIT;
