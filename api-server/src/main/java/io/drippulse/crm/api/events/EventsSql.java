package io.drippulse.crm.api.events;

/** All SQL of the live board events (the table and crm_record_events are in migration V6). */
final class EventsSql {

  private EventsSql() {
  }

  /** One event whose pipeline the caller knows. */
  static final String RECORD = "SELECT crm_record_events($1, ARRAY[$2::uuid], ARRAY[$3::text], ARRAY[$4::jsonb])";

  /**
   * One event recorded once for each of several pipelines, in the order given, under one seq each: a move
   * out of other pipelines is heard by the streams of every pipeline it touches.
   */
  static final String RECORD_FOR_EACH = """
      SELECT crm_record_events($1, $2::uuid[], array_fill($3::text, ARRAY[cardinality($2::uuid[])]),
                               array_fill($4::jsonb, ARRAY[cardinality($2::uuid[])]))""";

  /** Where a stream without a cursor starts, and whether a cursor can still be served (its successor is kept). */
  static final String POSITION = """
      SELECT coalesce((SELECT last_seq FROM crm_event_counters WHERE org_id = $1), 0) AS last_seq,
             EXISTS (SELECT 1 FROM crm_events WHERE org_id = $1 AND seq = $2 + 1) AS next_kept""";

  /** A stream's own catch-up read after a resume or a gap: one org, in seq order. */
  static final String AFTER = """
      SELECT org_id, seq, pipeline_id, type, body::text AS body, created_at FROM crm_events
      WHERE org_id = $1 AND seq > $2 ORDER BY seq LIMIT $3""";

  /** The one shared read per wake-up: every woken org's new events after this replica's watermark for it. */
  static final String AFTER_EACH = """
      SELECT e.org_id, e.seq, e.pipeline_id, e.type, e.body::text AS body, e.created_at
      FROM unnest($1::uuid[], $2::bigint[]) AS w(org_id, after)
      CROSS JOIN LATERAL (SELECT * FROM crm_events x WHERE x.org_id = w.org_id AND x.seq > w.after
                          ORDER BY x.seq LIMIT $3) e
      ORDER BY e.org_id, e.seq""";

  static final String PIPELINE_EXISTS = "SELECT 1 FROM pipelines WHERE org_id = $1 AND id = $2";
}
