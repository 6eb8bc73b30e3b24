package io.drippulse.crm.worker;

import io.drippulse.crm.db.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Plain JDBC against the test database, for fixtures and for checking what the worker wrote. */
final class Db {

  private Db() {
  }

  /**
   * The opportunities with the API's dense stage_position, derived from their ranks the way the API
   * derives it: use in place of the table, {@code FROM " + Db.POSITIONED + " WHERE ...}.
   */
  static final String POSITIONED = "(SELECT o.*, (row_number() OVER (PARTITION BY o.org_id, o.pipeline_stage_id"
      + " ORDER BY r.rank) - 1)::int AS stage_position FROM opportunities o"
      + " JOIN opportunity_ranks r ON r.org_id = o.org_id AND r.id = o.id) AS opportunities";

  /**
   * True when each of the org's cards has its ranks row, in the card's own stage (the key allows no second
   * one): a card without it is missing from the board, and from {@link #POSITIONED}.
   */
  static boolean ranksMatchCards(UUID org) {
    return count("SELECT count(*) FROM opportunities o WHERE o.org_id = ? AND NOT EXISTS (SELECT 1"
        + " FROM opportunity_ranks r WHERE r.org_id = o.org_id AND r.id = o.id"
        + " AND r.pipeline_stage_id = o.pipeline_stage_id)", org) == 0;
  }

  /** Sets the org's stage totals to what its cards add up to: for fixtures written straight with SQL. */
  static void recountTotals(UUID org) {
    update("DELETE FROM stage_totals WHERE org_id = ?", org);
    update("INSERT INTO stage_totals (org_id, stage_id, currency, card_count, amount_count, amount)"
        + " SELECT org_id, pipeline_stage_id, currency, count(*), count(amount), coalesce(sum(amount), 0)"
        + " FROM opportunities WHERE org_id = ? GROUP BY org_id, pipeline_stage_id, currency", org);
  }

  /** True when the org's stage totals equal a fresh GROUP BY over its cards. */
  static boolean totalsMatchCards(UUID org) {
    return count("SELECT count(*) FROM ((SELECT pipeline_stage_id, currency, count(*), count(amount), coalesce(sum(amount), 0)"
        + " FROM opportunities WHERE org_id = ? GROUP BY 1, 2 EXCEPT SELECT stage_id, currency, card_count, amount_count, amount"
        + " FROM stage_totals WHERE org_id = ? AND card_count <> 0) UNION ALL (SELECT stage_id, currency, card_count,"
        + " amount_count, amount FROM stage_totals WHERE org_id = ? AND card_count <> 0 EXCEPT SELECT pipeline_stage_id,"
        + " currency, count(*), count(amount), coalesce(sum(amount), 0) FROM opportunities WHERE org_id = ? GROUP BY 1, 2)) d",
        org, org, org, org) == 0;
  }

  static Connection connect() {
    try {
      return TestDatabase.connect(TestDatabase.shared());
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Map<String, Object>> rows(String sql, Object... params) {
    try (Connection c = connect(); PreparedStatement st = prepare(c, sql, params); ResultSet rs = st.executeQuery()) {
      List<Map<String, Object>> rows = new ArrayList<>();
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.put(meta.getColumnLabel(i), rs.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  static long count(String sql, Object... params) {
    return ((Number) rows(sql, params).get(0).values().iterator().next()).longValue();
  }

  static Object value(String sql, Object... params) {
    List<Map<String, Object>> rows = rows(sql, params);
    return rows.isEmpty() ? null : rows.get(0).values().iterator().next();
  }

  static int update(String sql, Object... params) {
    try (Connection c = connect(); PreparedStatement st = prepare(c, sql, params)) {
      return st.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
    PreparedStatement st = c.prepareStatement(sql);
    for (int i = 0; i < params.length; i++) {
      st.setObject(i + 1, params[i]);
    }
    return st;
  }
}
