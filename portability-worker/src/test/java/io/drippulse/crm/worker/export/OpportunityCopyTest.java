package io.drippulse.crm.worker.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drippulse.crm.db.TestDatabase;
import io.drippulse.crm.model.Money;
import io.drippulse.crm.model.bundle.BundleFormat;
import io.drippulse.crm.model.bundle.BundleOpportunity;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The export encodes opportunities straight from binary COPY rows. Whatever the row holds, the result must be
 * exactly what binding the row to a BundleOpportunity and writing it with the bundle mapper gives (the
 * format's definition), in board order, split into pages that add up to every row.
 */
class OpportunityCopyTest {

  private static final ObjectMapper BUNDLE = BundleFormat.mapper();

  @Test
  void encodesEveryKindOfValueExactlyLikeTheBoundRecord() throws Exception {
    UUID org = UUID.randomUUID();
    try (Connection c = TestDatabase.connect(TestDatabase.shared())) {
      UUID[] stages = seedOrg(c, org);
      // inserted back to front, so the table's physical order is not the board order
      insert(c, org, stages[1], 0, "Second stage \"quoted\" \\ back\\slash", "9.9900", "USD", "2025-06-30", "u1",
          null, "2025-01-01 00:00:00+00", 3);
      insert(c, org, stages[0], 3, "Ctrl \u0001\u001f\t\n\r and \u2028 </script>", null, "EUR", null, null,
          "Line one\nline two", "1969-12-31 23:59:59.5+00", 1);
      insert(c, org, stages[0], 2, "Müller GmbH 株式会社 Señor 🎉", "1200.0000", "JPY", "0001-01-01", "ünïcødé",
          "", "1999-12-31 23:59:59.999999+00", 2);
      insert(c, org, stages[0], 1, "Rounds like Money.format", "1.2350", "USD", "10000-01-01", "u2", "x",
          "2000-01-01 00:00:00.123+00", 7);
      insert(c, org, stages[0], 0, "Three-digit currency", "1.2340", "BHD", "2025-01-01", "u1", "y",
          "2038-01-19 03:14:07.000001+00", 1);
      insert(c, org, stages[2], 0, "No fraction digits: unknown code", "5.0000", "XXX", "2025-01-01", "u1", null,
          "2025-02-03 04:05:06+00", 1);

      List<JsonPage> pages = copy(c, org);

      String encoded = text(pages);
      List<BundleOpportunity> expected = bound(c, org);
      StringJoiner bound = new StringJoiner(",");
      for (BundleOpportunity o : expected) {
        bound.add(BUNDLE.writeValueAsString(o));
      }
      assertThat(encoded).isEqualTo(bound.toString());
      assertThat(BUNDLE.readValue("[" + encoded + "]", new TypeReference<List<BundleOpportunity>>() { }))
          .isEqualTo(expected);
      assertThat(expected).extracting(BundleOpportunity::name).startsWith("Three-digit currency",
          "Rounds like Money.format", "Müller GmbH 株式会社 Señor 🎉");
      assertThat(expected).extracting(BundleOpportunity::amount).contains("1.234", "1.24", "1200", "9.99", "5");
    }
  }

  @Test
  void pagesAddUpToEveryRowInBoardOrder() throws Exception {
    UUID org = UUID.randomUUID();
    try (Connection c = TestDatabase.connect(TestDatabase.shared())) {
      UUID[] stages = seedOrg(c, org);
      String longText = "x".repeat(700);
      int perStage = 400;
      for (int s = stages.length - 1; s >= 0; s--) {
        for (int p = perStage - 1; p >= 0; p--) {
          insert(c, org, stages[s], p, "Deal " + s + "-" + p, "10.0000", "USD", null, "u1", longText,
              "2025-01-01 00:00:00+00", 1);
        }
      }

      List<JsonPage> pages = copy(c, org);

      assertThat(pages.size()).as("pages").isGreaterThan(1);
      assertThat(pages).allSatisfy(page -> assertThat(page.length()).isLessThan(OpportunityCopy.PAGE_BYTES + 8192));
      assertThat(pages.stream().mapToInt(JsonPage::rows).sum()).isEqualTo(stages.length * perStage);
      List<BundleOpportunity> rows = BUNDLE.readValue("[" + text(pages) + "]", new TypeReference<>() { });
      List<String> names = rows.stream().map(BundleOpportunity::name).toList();
      List<String> boardOrder = new ArrayList<>();
      for (int s = 0; s < stages.length; s++) {
        for (int p = 0; p < perStage; p++) {
          boardOrder.add("Deal " + s + "-" + p);
        }
      }
      assertThat(names).isEqualTo(boardOrder);
    }
  }

  /** Ranks near both ends of the bigint range cannot pack into one sort key; the two-key sort keeps the order. */
  @Test
  void ranksAtBothEndsOfTheBigintRangeStayInBoardOrder() throws Exception {
    assertBoardOrderWithRanks(Long.MIN_VALUE, -1, 0, Long.MAX_VALUE);
  }

  /** Negative and sparse ranks that do pack into one key. */
  @Test
  void negativeAndSparseRanksStayInBoardOrder() throws Exception {
    assertBoardOrderWithRanks(-(1L << 40), -5, 1L << 20, 1L << 50);
  }

  private static void assertBoardOrderWithRanks(long... ranks) throws Exception {
    UUID org = UUID.randomUUID();
    try (Connection c = TestDatabase.connect(TestDatabase.shared())) {
      UUID[] stages = seedOrg(c, org);
      List<String> boardOrder = new ArrayList<>();
      for (int s = 0; s < stages.length; s++) {
        for (int r = 0; r < ranks.length; r++) {
          boardOrder.add("Deal " + s + "-" + r);
        }
      }
      for (int s = stages.length - 1; s >= 0; s--) {
        for (int r = ranks.length - 1; r >= 0; r--) {
          insert(c, org, stages[s], ranks[r], "Deal " + s + "-" + r, "10.0000", "USD", null, "u1", null,
              "2025-01-01 00:00:00+00", 1);
        }
      }

      List<BundleOpportunity> rows = BUNDLE.readValue("[" + text(copy(c, org)) + "]", new TypeReference<>() { });

      assertThat(rows).extracting(BundleOpportunity::name).isEqualTo(boardOrder);
      assertThat(rows).isEqualTo(bound(c, org));
    }
  }

  @Test
  void anOrgWithoutStagesHasNoRows() throws Exception {
    UUID org = UUID.randomUUID();
    try (Connection c = TestDatabase.connect(TestDatabase.shared())) {
      run(c, "INSERT INTO organizations (id) VALUES (?)", org);
      assertThat(copy(c, org)).isEmpty();
    }
  }

  private static List<JsonPage> copy(Connection c, UUID org) throws Exception {
    List<JsonPage> pages = new ArrayList<>();
    c.setAutoCommit(false);
    try {
      new OpportunityCopy(BUNDLE.getFactory()).stream(c, org, pages::add);
    } finally {
      c.rollback();
      c.setAutoCommit(true);
    }
    return pages;
  }

  private static String text(List<JsonPage> pages) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    pages.forEach(page -> all.write(page.bytes(), 0, page.length()));
    return all.toString(StandardCharsets.UTF_8);
  }

  /** The rows read with plain JDBC and bound to records the way the format defines them, in board order. */
  private static List<BundleOpportunity> bound(Connection c, UUID org) throws SQLException {
    List<BundleOpportunity> rows = new ArrayList<>();
    try (PreparedStatement st = c.prepareStatement("SELECT o.id, o.public_id, o.name, o.pipeline_id, o.pipeline_stage_id,"
        + " o.stage_position, o.amount, o.currency, o.expected_close_date, o.owner_user_id, o.description,"
        + " o.stage_entered_at, o.version, o.created_at, o.updated_at FROM (SELECT o.*, (row_number() OVER (PARTITION BY o.org_id, o.pipeline_stage_id ORDER BY r.rank) - 1)::int"
        + " AS stage_position FROM opportunities o JOIN opportunity_ranks r ON r.org_id = o.org_id AND r.id = o.id) o"
        + " JOIN pipeline_stages s ON s.org_id = o.org_id AND s.id = o.pipeline_stage_id"
        + " JOIN pipelines p ON p.org_id = s.org_id AND p.id = s.pipeline_id"
        + " WHERE o.org_id = ? ORDER BY p.is_org_default DESC, p.created_at, p.id, s.position, o.stage_position")) {
      st.setObject(1, org);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          String currency = rs.getString(8);
          BigDecimal amount = rs.getBigDecimal(7);
          LocalDate date = rs.getObject(9, LocalDate.class);
          rows.add(new BundleOpportunity(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
              rs.getObject(4, UUID.class), rs.getObject(5, UUID.class), rs.getInt(6), Money.format(amount, currency),
              currency, date, rs.getString(10), rs.getString(11), rs.getObject(12, OffsetDateTime.class).toInstant(),
              rs.getInt(13), rs.getObject(14, OffsetDateTime.class).toInstant(),
              rs.getObject(15, OffsetDateTime.class).toInstant()));
        }
      }
    }
    return rows;
  }

  /** Two pipelines: the org default (stages 0 and 1) created after the other (stage 2), which still comes last. */
  private static UUID[] seedOrg(Connection c, UUID org) throws SQLException {
    run(c, "INSERT INTO organizations (id) VALUES (?)", org);
    run(c, "INSERT INTO users (org_id, id) VALUES (?, 'u1'), (?, 'u2'), (?, 'ünïcødé')", org, org, org);
    UUID other = UUID.randomUUID();
    UUID orgDefault = UUID.randomUUID();
    run(c, "INSERT INTO pipelines (org_id, id, name, is_org_default, user_id, created_at, updated_at)"
        + " VALUES (?, ?, 'Other', false, 'u1', '2025-01-01', '2025-01-01'),"
        + " (?, ?, 'Default', true, NULL, '2025-02-01', '2025-02-01')", org, other, org, orgDefault);
    UUID[] stages = {UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()};
    run(c, "INSERT INTO pipeline_stages (org_id, id, pipeline_id, name, position, probability, kind, is_unassigned)"
        + " VALUES (?, ?, ?, 'Unassigned', 0, 0, 'open', true), (?, ?, ?, 'Won', 1, 100, 'won', false),"
        + " (?, ?, ?, 'Inbox', 0, 0, 'open', true)",
        org, stages[0], orgDefault, org, stages[1], orgDefault, org, stages[2], other);
    return stages;
  }

  private static void insert(Connection c, UUID org, UUID stage, long rank, String name, String amount,
                             String currency, String closeDate, String owner, String description, String at,
                             int version) throws SQLException {
    run(c, "WITH card AS (INSERT INTO opportunities (org_id, id, public_id, name, pipeline_id, pipeline_stage_id,"
            + " amount, currency, expected_close_date, owner_user_id, description, stage_entered_at, version,"
            + " created_at, updated_at)"
            + " SELECT ?, ?, ?, ?, s.pipeline_id, s.id, ?::numeric, ?, ?::date, ?, ?, ?::timestamptz, ?,"
            + " ?::timestamptz - interval '1 day', ?::timestamptz + interval '1 microsecond'"
            + " FROM pipeline_stages s WHERE s.org_id = ? AND s.id = ? RETURNING org_id, id, pipeline_stage_id)"
            + " INSERT INTO opportunity_ranks (org_id, id, pipeline_stage_id, rank)"
            + " SELECT org_id, id, pipeline_stage_id, ? FROM card",
        org, UUID.randomUUID(), "opp_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12), name, amount, currency, closeDate, owner,
        description, at, version, at, at, org, stage, rank);
  }

  private static void run(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      st.executeUpdate();
    }
  }
}
