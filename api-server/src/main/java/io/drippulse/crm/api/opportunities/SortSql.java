package io.drippulse.crm.api.opportunities;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sorted list pages of §9.4. A page walks the pipeline's index of its key, {@code (org_id, pipeline_id, key,
 * id)} (V10), from the cursor's {@code (value, id)} and stops after the page: the keyset is the index condition
 * and the order the index order, so a page never sorts the pipeline. A nullable key's nulls come last in both
 * directions: its values are one range of the index and its nulls another, so a page reads the values
 * ({@code head}) and, once they run out, the nulls ({@code tail}, limited to what the page still needs).
 *
 * <p>Only the filters a request sets are in its statement (so that a generic plan, which cannot tell a null
 * parameter from a value, still walks the index instead of sorting everything a "$n IS NULL OR" might let
 * through). Statements are assembled from the constant fragments below, one per sort, start and set of
 * filters (at most 8 × 3 × 32), and kept. Parameters: $1 org, $2 pipeline, $3 page size + 1, then one per
 * filter set, in the order of {@link Filters}, then the cursor's id and its value when there is one.
 */
final class SortSql {

  /** Where a sorted page starts: the first page, after a card with a value, after a card whose value is null. */
  enum From { START, AFTER_VALUE, AFTER_NULL }

  /** The filters of a list request beside the sort; rotting takes no parameter. */
  record Filters(boolean stage, boolean q, boolean status, boolean owner, boolean rotting) {
  }

  private record Shape(ListSort sort, From from, Filters filters) {
  }

  private static final String ROTTING = """
        AND s.kind = 'open' AND s.rotting_days IS NOT NULL
        AND o.stage_entered_at <= now() - make_interval(days => s.rotting_days)
      """;

  private static final Map<Shape, String> BUILT = new ConcurrentHashMap<>();

  private SortSql() {
  }

  static String statement(ListSort sort, From from, Filters filters) {
    if (from == From.AFTER_NULL && !sort.key().nullable) {
      throw new IllegalArgumentException(sort.param() + " has no nulls to continue after");
    }
    return BUILT.computeIfAbsent(new Shape(sort, from, filters), SortSql::build);
  }

  private static String build(Shape shape) {
    ListSort.Key key = shape.sort().key();
    String dir = shape.sort().descending() ? " DESC" : "";
    String beyond = shape.sort().descending() ? "<" : ">";
    StringBuilder filters = new StringBuilder();
    int n = 3;
    if (shape.filters().stage()) {
      filters.append("  AND o.pipeline_stage_id = $").append(++n).append("::uuid\n");
    }
    if (shape.filters().q()) {
      filters.append("  AND (o.name ILIKE $").append(++n).append("::text OR o.public_id ILIKE $").append(n).append("::text)\n");
    }
    if (shape.filters().status()) {
      filters.append("  AND s.kind = $").append(++n).append("::text\n");
    }
    if (shape.filters().owner()) {
      filters.append("  AND o.owner_user_id = $").append(++n).append("::text\n");
    }
    if (shape.filters().rotting()) {
      filters.append(ROTTING);
    }
    String id = "$" + (n + 1) + "::uuid";
    String value = "$" + (n + 2) + "::" + key.sqlType;
    boolean head = shape.from() != From.AFTER_NULL;
    boolean tail = key.nullable;
    String order = key.expression + dir + ", o.id" + dir;
    StringBuilder sql = new StringBuilder("WITH ");
    if (head) {
      String where = (key.nullable ? key.expression + " IS NOT NULL" : "true")
          + (shape.from() == From.AFTER_VALUE ? " AND (" + key.expression + ", o.id) " + beyond + " (" + value + ", " + id + ")" : "");
      sql.append(walk("head", key, where, filters, order, "$3"));
    }
    if (tail) {
      String where = key.expression + " IS NULL" + (shape.from() == From.AFTER_NULL ? " AND o.id " + beyond + " " + id : "");
      sql.append(head ? ",\n" : "").append(walk("tail", key, where, filters, order, head ? "$3 - (SELECT count(*) FROM head)" : "$3"));
    }
    String rows = (head ? "SELECT 0 AS sort_group, * FROM head" : "") + (head && tail ? " UNION ALL " : "")
        + (tail ? "SELECT 1 AS sort_group, * FROM tail" : "");
    return sql + ",\npage AS (" + rows + "),\n" + POSITIONED + "ORDER BY o.sort_group, o.sort_key" + dir + ", o.id" + dir;
  }

  /** One range of the key's index, in index order, filtered as it goes, at most {@code limit} rows. */
  private static String walk(String name, ListSort.Key key, String where, CharSequence filters, String order, String limit) {
    return name + " AS (\n  SELECT " + OpportunitySql.FIELDS + ", " + key.expression + " AS sort_key\n "
        + OpportunitySql.FROM + "  WHERE o.org_id = $1 AND o.pipeline_id = $2 AND " + where + "\n" + filters
        + "  ORDER BY " + order + "\n  LIMIT " + limit + "\n)";
  }

  /**
   * Each page row's own position in its stage. Sorted pages take cards from anywhere in their stages, so
   * instead of a walk per card ({@link OpportunitySql#POSITION}, half a stage for a card in its middle), the
   * page's cards of one stage are taken in rank order: the first gets its position the usual way, and each
   * next one the previous one's plus the cards ranked between them. A page then reads each stage it touches
   * at most once, from its first card to its last.
   */
  private static final String POSITIONED = """
      ranked AS (
        SELECT pg.*, lag(pg.rank) OVER w AS prev_rank, row_number() OVER w AS nth
        FROM page pg WINDOW w AS (PARTITION BY pg.pipeline_stage_id ORDER BY pg.rank)
      ),
      firsts AS MATERIALIZED (
        SELECT o.pipeline_stage_id, p.stage_position FROM ranked o
      """ + OpportunitySql.POSITION + """
        WHERE o.nth = 1
      )
      SELECT o.*, (f.stage_position + sum(gap.n) OVER w + o.nth - 1)::int AS stage_position
      FROM ranked o
      JOIN firsts f ON f.pipeline_stage_id = o.pipeline_stage_id
      CROSS JOIN LATERAL (
        SELECT count(*) AS n FROM opportunity_ranks g
        WHERE g.org_id = $1 AND g.pipeline_stage_id = o.pipeline_stage_id AND g.rank > o.prev_rank AND g.rank < o.rank
      ) gap
      WINDOW w AS (PARTITION BY o.pipeline_stage_id ORDER BY o.rank)
      """;
}
