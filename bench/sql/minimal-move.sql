-- The least a correct move between the two big stages must do, as issue 11 defines it: lock both stages (in id
-- order, as the server does), update the one card (stage, version), and insert its one history row. It writes no
-- rank: with ranks in their own table (migration V15) the server also writes the card's rank row, which this
-- baseline leaves out, so it is a little less than a correct move does here.
-- pgbench -M prepared -D org=<uuid> -D a=<stage uuid> -D b=<stage uuid> (a < b)
\set i random(0, 19999)
\set k random(0, 1)
BEGIN;
SELECT id FROM pipeline_stages WHERE org_id = :org AND id IN (:a, :b) ORDER BY id FOR UPDATE;
UPDATE opportunities SET pipeline_stage_id = CASE WHEN pipeline_stage_id = :a THEN :b::uuid ELSE :a::uuid END,
       version = version + 1, updated_at = now()
WHERE org_id = :org AND id = md5(:org || CASE :k::int WHEN 0 THEN 'big-a' ELSE 'big-b' END || :i::int)::uuid;
INSERT INTO stage_transitions (org_id, opportunity_id, from_stage_id, to_stage_id, to_stage_name, moved_by)
VALUES (:org, md5(:org || CASE :k::int WHEN 0 THEN 'big-a' ELSE 'big-b' END || :i::int)::uuid, :a, :b, 'Big B', 'bench');
END;
