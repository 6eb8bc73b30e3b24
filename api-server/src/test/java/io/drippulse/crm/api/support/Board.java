package io.drippulse.crm.api.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.db.DatabaseUrl;
import io.drippulse.crm.db.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The board's invariants, checked against the database itself: every stage's cards, as the API lists
 * them, carry positions exactly 0..n-1 in the order of their stored ranks, each card's stage belongs to its
 * pipeline and organization, and the maintained stage totals equal a fresh GROUP BY over the cards.
 */
public final class Board {

  private static final String TOTALS_DIFFER = """
      WITH fresh AS (
        SELECT pipeline_stage_id AS stage_id, currency::text AS currency, count(*) AS n, count(amount) AS with_amount,
               coalesce(sum(amount), 0) AS amount
        FROM opportunities WHERE org_id = ? GROUP BY 1, 2
      ), kept AS (
        SELECT stage_id, currency::text, card_count, amount_count, amount FROM stage_totals
        WHERE org_id = ? AND (card_count <> 0 OR amount_count <> 0 OR amount <> 0)
      )
      SELECT 'missing or wrong: ' || f::text FROM (SELECT * FROM fresh EXCEPT SELECT * FROM kept) f
      UNION ALL
      SELECT 'extra or wrong: ' || k::text FROM (SELECT * FROM kept EXCEPT SELECT * FROM fresh) k""";

  private static final String STAGES = """
      SELECT o.pipeline_stage_id, array_agg(o.id::text ORDER BY r.rank) AS ids,
             bool_and(s.pipeline_id = o.pipeline_id AND s.org_id = o.org_id
                      AND r.pipeline_stage_id IS NOT DISTINCT FROM o.pipeline_stage_id) AS consistent
      FROM opportunities o JOIN pipeline_stages s ON s.org_id = o.org_id AND s.id = o.pipeline_stage_id
      LEFT JOIN opportunity_ranks r ON r.org_id = o.org_id AND r.id = o.id
      WHERE o.org_id = ? GROUP BY o.pipeline_stage_id""";

  private Board() {
  }

  /** The stage totals equal what a GROUP BY over the org's cards says now. */
  public static void assertTotalsMatchCards(DatabaseUrl database, UUID orgId) throws SQLException {
    List<String> differences = new ArrayList<>();
    try (var c = TestDatabase.connect(database); var st = c.prepareStatement(TOTALS_DIFFER)) {
      st.setObject(1, orgId);
      st.setObject(2, orgId);
      ResultSet rs = st.executeQuery();
      while (rs.next()) {
        differences.add(rs.getString(1));
      }
    }
    assertThat(differences).as("stage_totals against a fresh GROUP BY").isEmpty();
  }

  /** Every stage, listed through the API page by page, shows 0..n-1 in rank order. */
  public static void assertDenseAndOrdered(DatabaseUrl database, UUID orgId, Crm crm) throws SQLException {
    Map<String, List<String>> stages = new LinkedHashMap<>();
    try (var c = TestDatabase.connect(database); var st = c.prepareStatement(STAGES)) {
      st.setObject(1, orgId);
      ResultSet rs = st.executeQuery();
      while (rs.next()) {
        assertThat(rs.getBoolean("consistent")).as("stage %s belongs to its cards' pipeline, and holds their ranks", rs.getString(1)).isTrue();
        stages.put(rs.getString(1), List.of((String[]) rs.getArray("ids").getArray()));
      }
    }
    assertThat(stages).isNotEmpty();
    stages.forEach((stage, ids) -> {
      JsonArray listed = listWholeStage(crm, stage);
      List<String> listedIds = new ArrayList<>();
      for (int i = 0; i < listed.size(); i++) {
        JsonObject card = listed.getJsonObject(i);
        assertThat(card.getInteger("stage_position")).as("stage %s card %d", stage, i).isEqualTo(i);
        listedIds.add(card.getString("id"));
      }
      assertThat(listedIds).as("stage %s in rank order", stage).isEqualTo(ids);
    });
  }

  /** A stage through the list route, in pages of 7 so cursors are exercised too. */
  public static JsonArray listWholeStage(Crm crm, String stageId) {
    JsonArray all = new JsonArray();
    String cursor = null;
    do {
      JsonObject page = crm.page("pipeline_stage_id=" + stageId + "&limit=7" + (cursor == null ? "" : "&cursor=" + cursor));
      page.getJsonArray("opportunities").forEach(all::add);
      cursor = page.getString("next_cursor");
    } while (cursor != null);
    return all;
  }
}
