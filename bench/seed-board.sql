-- Seeds the board benchmark (bench/board.sh) into an organization whose demo user already exists:
--   pipeline "Big":     stages Big A, Big B, Big C with 20,000 cards each (moves between A and B, reorders in C)
--   pipeline "Small":   stages Small A, Small B with 200 cards each (the same moves, on small stages)
--   pipeline "Hundred": six stages, 100,000 cards (the summary and list page)
-- Card ids are deterministic, md5(org || stage key || i), so pgbench can name a card from a random number.
-- Ranks are a gap apart, as the API appends; the stage totals are counted at the end, as the writes keep them.
-- usage: psql -v org=<uuid> -v user=<user id> -f seed-board.sql
\set ON_ERROR_STOP on
BEGIN;
INSERT INTO pipelines (org_id, id, name, is_org_default, user_id)
SELECT :'org', md5(:'org' || 'pipeline ' || p)::uuid, p, false, :'user'
FROM unnest(ARRAY['Big', 'Small', 'Hundred']) AS p;

INSERT INTO pipeline_stages (org_id, id, pipeline_id, name, position, probability, kind, is_unassigned)
SELECT :'org', md5(:'org' || 'stage ' || s.key)::uuid, md5(:'org' || 'pipeline ' || s.pipeline)::uuid, s.name, s.pos,
       s.prob, 'open', s.pos = 0
FROM (VALUES ('big-a', 'Big', 'Big A', 0, 10), ('big-b', 'Big', 'Big B', 1, 50), ('big-c', 'Big', 'Big C', 2, 70),
             ('small-a', 'Small', 'Small A', 0, 10), ('small-b', 'Small', 'Small B', 1, 50),
             ('h0', 'Hundred', 'Inbox', 0, 0), ('h1', 'Hundred', 'Qualified', 1, 20), ('h2', 'Hundred', 'Proposal', 2, 50),
             ('h3', 'Hundred', 'Negotiation', 3, 75), ('h4', 'Hundred', 'Won', 4, 100), ('h5', 'Hundred', 'Lost', 5, 0))
  AS s(key, pipeline, name, pos, prob);

-- (stage key, how many cards): card i of a stage has id md5(org || key || i)
INSERT INTO opportunities (org_id, id, public_id, name, pipeline_id, pipeline_stage_id, amount, currency,
                           owner_user_id, description)
SELECT :'org', md5(:'org' || s.key || i)::uuid,
       'opp_' || substr(s.key || 'x', 1, 1) || lpad((s.nr * 1000000 + i)::text, 11, '0'),
       'Deal ' || i || ' of ' || s.key || ' with ACME ' || (i % 97),
       md5(:'org' || 'pipeline ' || s.pipeline)::uuid, md5(:'org' || 'stage ' || s.key)::uuid,
       CASE WHEN i % 7 = 0 THEN NULL ELSE (i % 100000) * 1.25 END,
       CASE i % 5 WHEN 0 THEN 'EUR' WHEN 1 THEN 'JPY' ELSE 'USD' END, :'user',
       CASE WHEN i % 4 = 0 THEN NULL ELSE 'Notes for deal ' || i END
FROM (VALUES ('big-a', 'Big', 1, 20000), ('big-b', 'Big', 2, 20000), ('big-c', 'Big', 3, 20000),
             ('small-a', 'Small', 4, 200), ('small-b', 'Small', 5, 200),
             ('h0', 'Hundred', 6, 16667), ('h1', 'Hundred', 7, 16667), ('h2', 'Hundred', 8, 16667),
             ('h3', 'Hundred', 9, 16667), ('h4', 'Hundred', 10, 16666), ('h5', 'Hundred', 11, 16666))
  AS s(key, pipeline, nr, n),
  generate_series(0, s.n - 1) AS i;
-- card i of a stage is its (i + 1)th: its public id sorts there
INSERT INTO opportunity_ranks (org_id, id, pipeline_stage_id, rank)
SELECT org_id, id, pipeline_stage_id, row_number() OVER (PARTITION BY pipeline_stage_id ORDER BY public_id) << 20
FROM opportunities
WHERE org_id = :'org' AND pipeline_id IN (SELECT md5(:'org' || 'pipeline ' || p)::uuid FROM unnest(ARRAY['Big', 'Small', 'Hundred']) AS p);
-- JPY has no minor unit
UPDATE opportunities SET amount = round(amount) WHERE org_id = :'org' AND currency = 'JPY';

INSERT INTO stage_transitions (org_id, opportunity_id, from_stage_id, to_stage_id, to_stage_name, moved_by)
SELECT o.org_id, o.id, NULL, o.pipeline_stage_id, s.name, :'user'
FROM opportunities o JOIN pipeline_stages s ON s.org_id = o.org_id AND s.id = o.pipeline_stage_id WHERE o.org_id = :'org';

DELETE FROM stage_totals WHERE org_id = :'org';
INSERT INTO stage_totals (org_id, stage_id, currency, card_count, amount_count, amount)
SELECT org_id, pipeline_stage_id, currency, count(*), count(amount), coalesce(sum(amount), 0)
FROM opportunities WHERE org_id = :'org' GROUP BY org_id, pipeline_stage_id, currency;
COMMIT;
