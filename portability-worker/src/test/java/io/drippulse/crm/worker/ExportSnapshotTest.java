package io.drippulse.crm.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drippulse.crm.model.bundle.BundleFormat;
import java.io.File;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** An export is one snapshot: cards moved between stages while it runs never show up twice or leave gaps. */
class ExportSnapshotTest {

  private static final int OPPORTUNITIES = 150_000;

  @Test
  void anExportTakenWhileCardsMoveIsConsistent() throws Exception {
    UUID org = UUID.randomUUID();
    seed(org);
    File bundle = WorkerProcess.tempFile(".json");
    AtomicBoolean exporting = new AtomicBoolean(true);
    AtomicLong moves = new AtomicLong();
    Thread mover = new Thread(() -> moveCards(org, exporting, moves), "mover");
    mover.start();

    WorkerProcess.Result result;
    try {
      result = WorkerProcess.run("export", "--org", org.toString(), "--out", bundle.getPath());
    } finally {
      exporting.set(false);
      mover.join(Duration.ofSeconds(30).toMillis());
    }

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(moves.get()).as("cards moved during the export").isPositive();
    Map<String, TreeSet<Integer>> positions = new HashMap<>();
    long rows = 0;
    ObjectMapper json = BundleFormat.mapper();
    try (JsonParser parser = json.createParser(bundle)) {
      while (parser.nextToken() != null) {
        if (parser.currentToken() == JsonToken.FIELD_NAME && "opportunities".equals(parser.currentName())) {
          parser.nextToken();
          while (parser.nextToken() == JsonToken.START_OBJECT) {
            JsonNode row = json.readTree(parser);
            assertThat(positions.computeIfAbsent(row.get("pipeline_stage_id").asText(), s -> new TreeSet<>())
                .add(row.get("stage_position").asInt())).as("position seen once").isTrue();
            rows++;
          }
        }
      }
    }
    assertThat(rows).isEqualTo(OPPORTUNITIES);
    positions.values().forEach(p -> assertThat(p.last()).as("dense positions").isEqualTo(p.size() - 1));
  }

  /** One pipeline, two stages, all cards in the first. */
  private static void seed(UUID org) throws SQLException {
    try (Connection c = Db.connect()) {
      c.setAutoCommit(false);
      UUID pipeline = UUID.randomUUID();
      run(c, "INSERT INTO organizations (id) VALUES (?)", org);
      run(c, "INSERT INTO pipelines (org_id, id, name, is_org_default) VALUES (?, ?, 'Default pipeline', true)", org, pipeline);
      run(c, "INSERT INTO pipeline_stages (org_id, id, pipeline_id, name, position, probability, kind, is_unassigned)"
          + " VALUES (?, ?, ?, 'From', 0, 0, 'open', true), (?, ?, ?, 'To', 1, 50, 'open', false)",
          org, new UUID(1, 1), pipeline, org, new UUID(1, 2), pipeline);
      run(c, "WITH card AS (SELECT i, gen_random_uuid() AS id FROM generate_series(0, ? - 1) AS i),"
          + " inserted AS (INSERT INTO opportunities (org_id, id, public_id, name, pipeline_id, pipeline_stage_id)"
          + " SELECT ?, id, 'opp_' || lpad(i::text, 12, '0'), 'Deal ' || i, ?, ? FROM card)"
          + " INSERT INTO opportunity_ranks (org_id, id, pipeline_stage_id, rank) SELECT ?, id, ?, i FROM card",
          OPPORTUNITIES, org, pipeline, new UUID(1, 1), org, new UUID(1, 1));
      c.commit();
    }
  }

  /**
   * Moves the last card of "From" to the end of "To", as the API would: stages locked in id order, one
   * transaction each, the card and its rank in one statement.
   */
  private static void moveCards(UUID org, AtomicBoolean exporting, AtomicLong moves) {
    try (Connection c = Db.connect()) {
      c.setAutoCommit(false);
      while (exporting.get()) {
        run(c, "SELECT id FROM pipeline_stages WHERE org_id = ? ORDER BY id FOR UPDATE", org);
        try (PreparedStatement st = Db.prepare(c, "WITH moved AS (UPDATE opportunity_ranks SET pipeline_stage_id = ?,"
            + " rank = (SELECT coalesce(max(rank) + 1, 0) FROM opportunity_ranks WHERE org_id = ? AND pipeline_stage_id = ?)"
            + " WHERE org_id = ? AND pipeline_stage_id = ? AND rank ="
            + " (SELECT max(rank) FROM opportunity_ranks WHERE org_id = ? AND pipeline_stage_id = ?) RETURNING org_id, id)"
            + " UPDATE opportunities o SET pipeline_stage_id = ? FROM moved m WHERE o.org_id = m.org_id AND o.id = m.id",
            new UUID(1, 2), org, new UUID(1, 2), org, new UUID(1, 1), org, new UUID(1, 1), new UUID(1, 2))) {
          moves.addAndGet(st.executeUpdate());
        }
        c.commit();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void run(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement st = Db.prepare(c, sql, params)) {
      if (st.execute()) {
        try (ResultSet ignored = st.getResultSet()) {
          // locks taken; rows not needed
        }
      }
    }
  }
}
