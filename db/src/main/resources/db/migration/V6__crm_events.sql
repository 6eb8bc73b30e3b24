-- The live board's event log (PRODUCT.md §9.2). Every board write records its event here in its own
-- transaction; LISTEN/NOTIFY only wakes the api-server replicas, which then read this table.
--
-- Ordering: each org has one counter row. Recording an event increments it under the row lock, which the
-- writing transaction holds until it commits, so an org's events commit in seq order and seq has no gaps
-- (a rolled-back write rolls its increment back too). A reader that has everything up to seq n and asks
-- for seq > n therefore never skips an event that commits later with a smaller seq: there is none.
-- docs/architecture.md ("Live board events") explains why this, and not a bare sequence, is needed.

CREATE TABLE crm_event_counters (
    org_id   uuid   PRIMARY KEY REFERENCES organizations (id),
    last_seq bigint NOT NULL CHECK (last_seq > 0)
);

CREATE TABLE crm_events (
    org_id      uuid        NOT NULL REFERENCES organizations (id),
    seq         bigint      NOT NULL,
    pipeline_id uuid,
    type        text        NOT NULL,
    -- the type-specific part of the event's data: {"opportunity": ...}, {"pipeline": ...}, ...
    body        jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, seq)
);
-- retention: the worker deletes events older than EVENT_RETENTION_HOURS, oldest first, in small batches
CREATE INDEX crm_events_created_at ON crm_events (created_at);

-- Records one or more events of one org, numbered in array order, and wakes the listeners at commit.
-- The NOTIFY payload is only the org id (far below the 8000-byte limit); readers take the events from
-- the table. Notifications with the same payload in one transaction are delivered once.
CREATE FUNCTION crm_record_events(p_org uuid, p_pipelines uuid[], p_types text[], p_bodies jsonb[])
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    n    integer := coalesce(cardinality(p_types), 0);
    last bigint;
BEGIN
    IF n = 0 THEN
        RETURN NULL;
    END IF;
    INSERT INTO crm_event_counters AS c (org_id, last_seq) VALUES (p_org, n)
    ON CONFLICT (org_id) DO UPDATE SET last_seq = c.last_seq + n
    RETURNING c.last_seq INTO last;
    INSERT INTO crm_events (org_id, seq, pipeline_id, type, body)
    SELECT p_org, last - n + i, p_pipelines[i], p_types[i], p_bodies[i]
    FROM generate_subscripts(p_types, 1) AS i;
    PERFORM pg_notify('crm_events', p_org::text);
    RETURN last;
END
$$;
