-- The least a reorder of 50 random cards of a 20,000-card stage must do: lock the stage, and write the 50
-- cards' new ranks (in list order, before the stage's first card; ranks have a table of their own, migration V15),
-- bumping the cards' versions as the server does.
-- pgbench -M prepared -D org=<uuid> -D stage=<the stage's uuid> -D key=<its seed key, e.g. big-c>
\set i0 random(0, 19999)
\set i1 random(0, 19999)
\set i2 random(0, 19999)
\set i3 random(0, 19999)
\set i4 random(0, 19999)
\set i5 random(0, 19999)
\set i6 random(0, 19999)
\set i7 random(0, 19999)
\set i8 random(0, 19999)
\set i9 random(0, 19999)
\set i10 random(0, 19999)
\set i11 random(0, 19999)
\set i12 random(0, 19999)
\set i13 random(0, 19999)
\set i14 random(0, 19999)
\set i15 random(0, 19999)
\set i16 random(0, 19999)
\set i17 random(0, 19999)
\set i18 random(0, 19999)
\set i19 random(0, 19999)
\set i20 random(0, 19999)
\set i21 random(0, 19999)
\set i22 random(0, 19999)
\set i23 random(0, 19999)
\set i24 random(0, 19999)
\set i25 random(0, 19999)
\set i26 random(0, 19999)
\set i27 random(0, 19999)
\set i28 random(0, 19999)
\set i29 random(0, 19999)
\set i30 random(0, 19999)
\set i31 random(0, 19999)
\set i32 random(0, 19999)
\set i33 random(0, 19999)
\set i34 random(0, 19999)
\set i35 random(0, 19999)
\set i36 random(0, 19999)
\set i37 random(0, 19999)
\set i38 random(0, 19999)
\set i39 random(0, 19999)
\set i40 random(0, 19999)
\set i41 random(0, 19999)
\set i42 random(0, 19999)
\set i43 random(0, 19999)
\set i44 random(0, 19999)
\set i45 random(0, 19999)
\set i46 random(0, 19999)
\set i47 random(0, 19999)
\set i48 random(0, 19999)
\set i49 random(0, 19999)
BEGIN;
SELECT id FROM pipeline_stages WHERE org_id = :org AND id = :stage FOR UPDATE;
WITH first AS (SELECT rank FROM opportunity_ranks WHERE org_id = :org AND pipeline_stage_id = :stage ORDER BY rank LIMIT 1),
moved AS (
UPDATE opportunity_ranks o SET rank = first.rank - (51 - u.i) * 1048576
FROM first, unnest(ARRAY[
  md5(:org || :key || :i0::int)::uuid, md5(:org || :key || :i1::int)::uuid, md5(:org || :key || :i2::int)::uuid, md5(:org || :key || :i3::int)::uuid, md5(:org || :key || :i4::int)::uuid,
  md5(:org || :key || :i5::int)::uuid, md5(:org || :key || :i6::int)::uuid, md5(:org || :key || :i7::int)::uuid, md5(:org || :key || :i8::int)::uuid, md5(:org || :key || :i9::int)::uuid,
  md5(:org || :key || :i10::int)::uuid, md5(:org || :key || :i11::int)::uuid, md5(:org || :key || :i12::int)::uuid, md5(:org || :key || :i13::int)::uuid, md5(:org || :key || :i14::int)::uuid,
  md5(:org || :key || :i15::int)::uuid, md5(:org || :key || :i16::int)::uuid, md5(:org || :key || :i17::int)::uuid, md5(:org || :key || :i18::int)::uuid, md5(:org || :key || :i19::int)::uuid,
  md5(:org || :key || :i20::int)::uuid, md5(:org || :key || :i21::int)::uuid, md5(:org || :key || :i22::int)::uuid, md5(:org || :key || :i23::int)::uuid, md5(:org || :key || :i24::int)::uuid,
  md5(:org || :key || :i25::int)::uuid, md5(:org || :key || :i26::int)::uuid, md5(:org || :key || :i27::int)::uuid, md5(:org || :key || :i28::int)::uuid, md5(:org || :key || :i29::int)::uuid,
  md5(:org || :key || :i30::int)::uuid, md5(:org || :key || :i31::int)::uuid, md5(:org || :key || :i32::int)::uuid, md5(:org || :key || :i33::int)::uuid, md5(:org || :key || :i34::int)::uuid,
  md5(:org || :key || :i35::int)::uuid, md5(:org || :key || :i36::int)::uuid, md5(:org || :key || :i37::int)::uuid, md5(:org || :key || :i38::int)::uuid, md5(:org || :key || :i39::int)::uuid,
  md5(:org || :key || :i40::int)::uuid, md5(:org || :key || :i41::int)::uuid, md5(:org || :key || :i42::int)::uuid, md5(:org || :key || :i43::int)::uuid, md5(:org || :key || :i44::int)::uuid,
  md5(:org || :key || :i45::int)::uuid, md5(:org || :key || :i46::int)::uuid, md5(:org || :key || :i47::int)::uuid, md5(:org || :key || :i48::int)::uuid, md5(:org || :key || :i49::int)::uuid]) WITH ORDINALITY AS u(id, i)
WHERE o.org_id = :org AND o.pipeline_stage_id = :stage AND o.id = u.id RETURNING o.id)
UPDATE opportunities o SET version = o.version + 1 FROM moved WHERE o.org_id = :org AND o.id = moved.id;
END;
