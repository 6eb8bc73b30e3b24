package io.drippulse.crm.api.opportunities;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The sorted list pages of §9.4, one statement per sort and starting point, built once from the fragments
 * below. Each walks the pipeline's index of its key, {@code (org_id, pipeline_id, key, id)} (V10), from the
 * cursor's {@code (value, id)} and stops after the page: the keyset is the index condition, the order the
 * index order, so a page never sorts the pipeline. A nullable key's nulls come last in both directions: its
 * values are one range of the index and its nulls another, so a page reads the values ({@code head}) and, if
 * they run out, the nulls ({@code tail}, limited to what the page still needs).
 *
 * <p>Parameters: $1 org, $2 pipeline, $3 stage or null, $4 q pattern or null, $5 page size + 1, $6 stage kind
 * or null, $7 owner or null, $8 rotting, $9 the cursor's id, $10 the cursor's value (only the statements that
 * continue after one). The filters are checked on the walk, so a filter that few cards pass reads further
 * than a page, as the board's filtered pages do. Positions are each card's own (as for q), per page row.
 */
final class SortSql {

  /** Where a sorted page starts: the first page, after a card with a value, after a card whose value is null. */
  enum From { START, AFTER_VALUE, AFTER_NULL }

  private SortSql() {
  }

  private static final String FILTERS = """
        AND ($3::uuid IS NULL OR o.pipeline_stage_id = $3)
        AND ($4::text IS NULL OR o.name ILIKE $4 OR o.public_id ILIKE $4)
        AND ($6::text IS NULL OR s.kind = $6)
        AND ($7::text IS NULL OR o.owner_user_id = $7)
        AND ($8::boolean IS NOT TRUE OR (s.kind = 'open' AND s.rotting_days IS NOT NULL
             AND o.stage_entered_at <= now() - make_interval(days => s.rotting_days)))
      """;

  private static final Map<ListSort, Map<From, String>> PAGES = new HashMap<>();

  static {
    for (ListSort.Key key : ListSort.Key.values()) {
      for (boolean descending : new boolean[] {false, true}) {
        ListSort sort = new ListSort(key, descending);
        Map<From, String> byStart = new EnumMap<>(From.class);
        byStart.put(From.START, page(sort, From.START));
        byStart.put(From.AFTER_VALUE, page(sort, From.AFTER_VALUE));
        if (key.nullable) {
          byStart.put(From.AFTER_NULL, page(sort, From.AFTER_NULL));
        }
        PAGES.put(sort, byStart);
      }
    }
  }

  static String statement(ListSort sort, From from) {
    String sql = PAGES.get(sort).get(from);
    if (sql == null) {
      throw new IllegalArgumentException("no sorted page for " + sort.param() + " from " + from);
    }
    return sql;
  }

  private static String page(ListSort sort, From from) {
    ListSort.Key key = sort.key();
    String dir = sort.descending() ? " DESC" : "";
    String order = key.expression + dir + ", o.id" + dir;
    String beyond = sort.descending() ? "<" : ">";
    boolean head = from != From.AFTER_NULL;
    boolean tail = key.nullable;
    StringBuilder sql = new StringBuilder("WITH ");
    if (head) {
      String where = (key.nullable ? key.expression + " IS NOT NULL" : "true")
          + (from == From.AFTER_VALUE ? " AND (" + key.expression + ", o.id) " + beyond + " ($10::" + key.sqlType + ", $9::uuid)" : "");
      sql.append(walk("head", key, where, order, "$5"));
    }
    if (tail) {
      String where = key.expression + " IS NULL" + (from == From.AFTER_NULL ? " AND o.id " + beyond + " $9::uuid" : "");
      sql.append(head ? ", " : "").append(walk("tail", key, where, order, head ? "$5 - (SELECT count(*) FROM head)" : "$5"));
    }
    String rows = (head ? "SELECT 0 AS sort_group, * FROM head" : "") + (head && tail ? " UNION ALL " : "")
        + (tail ? "SELECT 1 AS sort_group, * FROM tail" : "");
    return sql + "\nSELECT o.*, p.stage_position FROM (" + rows + ") o\n" + OpportunitySql.POSITION
        + "ORDER BY o.sort_group, o.sort_key" + dir + ", o.id" + dir;
  }

  /** One range of the key's index, in index order, filtered as it goes, at most {@code limit} rows. */
  private static String walk(String name, ListSort.Key key, String where, String order, String limit) {
    return name + " AS (\n  SELECT " + OpportunitySql.FIELDS + ", " + key.expression + " AS sort_key\n "
        + OpportunitySql.FROM + "  WHERE o.org_id = $1 AND o.pipeline_id = $2 AND " + where + "\n" + FILTERS
        + "  ORDER BY " + order + "\n  LIMIT " + limit + "\n)";
  }
}
