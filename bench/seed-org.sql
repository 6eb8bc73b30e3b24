-- Generates one organization for the portability benchmark, straight in SQL (fast, no API needed):
-- the org default pipeline and two user pipelines, six stages each, and :n opportunities spread evenly over
-- the 18 stages in rank order (ranks a gap of 2^20 apart, as the API appends), with their stage totals. Deterministic ids, so a rerun with the same :org is a no-op.
-- usage: psql -v org=<uuid> -v n=<count> -f seed-org.sql
\set ON_ERROR_STOP on
BEGIN;
INSERT INTO organizations (id) VALUES (:'org') ON CONFLICT DO NOTHING;
INSERT INTO users (org_id, id) VALUES (:'org', 'u1'), (:'org', 'u2') ON CONFLICT DO NOTHING;

INSERT INTO pipelines (org_id, id, name, is_org_default, user_id, created_at, updated_at)
SELECT :'org', md5(:'org' || 'p' || k)::uuid,
       CASE k WHEN 0 THEN 'Default pipeline' ELSE 'Pipeline ' || k END, k = 0,
       CASE k WHEN 0 THEN NULL ELSE 'u' || k END,
       timestamptz '2025-01-01' + k * interval '1 hour', timestamptz '2025-01-01' + k * interval '1 hour'
FROM generate_series(0, 2) AS k
ON CONFLICT (org_id, id) DO NOTHING;

INSERT INTO pipeline_stages (org_id, id, pipeline_id, name, position, probability, kind, is_unassigned)
SELECT :'org', md5(:'org' || 's' || k || '-' || t.pos)::uuid, md5(:'org' || 'p' || k)::uuid, t.name, t.pos, t.prob,
       t.kind, t.pos = 0
FROM generate_series(0, 2) AS k,
     (VALUES (0, 'Unassigned', 0, 'open'), (1, 'Qualification', 20, 'open'), (2, 'Proposal', 50, 'open'),
             (3, 'Negotiation', 75, 'open'), (4, 'Won', 100, 'won'), (5, 'Lost', 0, 'lost')) AS t(pos, name, prob, kind)
ON CONFLICT (org_id, id) DO NOTHING;

-- opportunity i goes to pipeline i % 3, stage (i / 3) % 6, i.e. stage class i % 18, at position i / 18
INSERT INTO opportunities (org_id, id, public_id, name, pipeline_id, pipeline_stage_id, amount,
                           currency, expected_close_date, owner_user_id, description, stage_entered_at, version,
                           created_at, updated_at)
SELECT :'org', md5(:'org' || 'o' || i)::uuid, 'opp_' || lpad(i::text, 12, '0'),
       'Deal ' || i || ' with ACME ' || (i % 97),
       md5(:'org' || 'p' || (i % 3))::uuid, md5(:'org' || 's' || (i % 3) || '-' || ((i / 3) % 6))::uuid,
       CASE WHEN i % 7 = 0 THEN NULL WHEN i % 5 = 1 THEN (i % 100000)::numeric ELSE (i % 100000) * 1.25 END,
       CASE i % 5 WHEN 0 THEN 'EUR' WHEN 1 THEN 'JPY' ELSE 'USD' END,
       date '2025-01-01' + (i % 365), 'u' || (1 + i % 2),
       CASE WHEN i % 4 = 0 THEN NULL ELSE 'Notes for deal ' || i END,
       timestamptz '2025-02-01' + i * interval '1 second', 1 + i % 3,
       timestamptz '2025-01-15' + i * interval '1 second', timestamptz '2025-02-01' + i * interval '1 second'
FROM generate_series(0, :n - 1) AS i
ON CONFLICT (org_id, id) DO NOTHING;
-- opportunity i is its stage's (i / 18 + 1)th: its public id sorts there
INSERT INTO opportunity_ranks (org_id, id, pipeline_stage_id, rank)
SELECT org_id, id, pipeline_stage_id, row_number() OVER (PARTITION BY pipeline_stage_id ORDER BY public_id) << 20
FROM opportunities WHERE org_id = :'org'
ON CONFLICT (org_id, id) DO NOTHING;

DELETE FROM stage_totals WHERE org_id = :'org';
INSERT INTO stage_totals (org_id, stage_id, currency, card_count, amount_count, amount)
SELECT org_id, pipeline_stage_id, currency, count(*), count(amount), coalesce(sum(amount), 0)
FROM opportunities WHERE org_id = :'org' GROUP BY org_id, pipeline_stage_id, currency;
COMMIT;
