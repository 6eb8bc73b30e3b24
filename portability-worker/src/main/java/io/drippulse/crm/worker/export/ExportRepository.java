package io.drippulse.crm.worker.export;

import io.drippulse.crm.model.bundle.BundleCounts;
import io.drippulse.crm.model.bundle.BundlePipeline;
import io.drippulse.crm.model.bundle.BundleStage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The export's SQL, all run on the snapshot connection. Pipelines come org default first, then by age;
 * stages and opportunities follow the same pipeline order, in board order, so a bundle reads like the board.
 * (Opportunities are copied out by {@link OpportunityCopy}, stage by stage in this stage order.)
 */
public final class ExportRepository {

  private static final String PIPELINE_ORDER = "p.is_org_default DESC, p.created_at, p.id";

  static final String PIPELINES = "SELECT p.id, p.name, p.is_org_default, p.user_id, p.created_at, p.updated_at"
      + " FROM pipelines p WHERE p.org_id = ? ORDER BY " + PIPELINE_ORDER;

  static final String STAGES = "SELECT s.id, s.pipeline_id, s.name, s.position, s.probability, s.kind, s.is_unassigned"
      + " FROM pipeline_stages s JOIN pipelines p ON p.org_id = s.org_id AND p.id = s.pipeline_id"
      + " WHERE s.org_id = ? ORDER BY " + PIPELINE_ORDER + ", s.position";

  /** Two probes of the (org, stage, rank) index per stage; a stage without cards has no ranks and is left out. */
  private static final String STAGE_RANKS = "SELECT s.id, r.low, r.high FROM pipeline_stages s"
      + " JOIN pipelines p ON p.org_id = s.org_id AND p.id = s.pipeline_id"
      + " CROSS JOIN LATERAL (SELECT min(o.rank) AS low, max(o.rank) AS high FROM opportunity_ranks o"
      + " WHERE o.org_id = s.org_id AND o.pipeline_stage_id = s.id) r"
      + " WHERE s.org_id = ? AND r.low IS NOT NULL ORDER BY " + PIPELINE_ORDER + ", s.position";

  private static final String COUNTS = "SELECT now(), (SELECT count(*) FROM pipelines WHERE org_id = ?),"
      + " (SELECT count(*) FROM pipeline_stages WHERE org_id = ?), (SELECT count(*) FROM opportunities WHERE org_id = ?)";

  private ExportRepository() {
  }

  /** The snapshot's own time and the row counts in it. */
  static Snapshot snapshot(Connection c, UUID orgId) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(COUNTS)) {
      st.setObject(1, orgId);
      st.setObject(2, orgId);
      st.setObject(3, orgId);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return new Snapshot(instant(rs, 1), new BundleCounts(rs.getLong(2), rs.getLong(3), rs.getLong(4)));
      }
    }
  }

  record Snapshot(Instant takenAt, BundleCounts counts) {
  }

  /** The org's stages that hold cards, in board order, with their lowest and highest rank: a few dozen rows. */
  static List<StageRanks> stageRanks(Connection c, UUID orgId) throws SQLException {
    List<StageRanks> stages = new ArrayList<>();
    try (PreparedStatement st = c.prepareStatement(STAGE_RANKS)) {
      st.setObject(1, orgId);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          stages.add(new StageRanks(rs.getObject(1, UUID.class), rs.getLong(2), rs.getLong(3)));
        }
      }
    }
    return stages;
  }

  record StageRanks(UUID id, long low, long high) {
  }

  static void pipelines(Connection snapshot, UUID orgId, Consumer<BundlePipeline> sink) throws SQLException {
    query(snapshot, PIPELINES, orgId, rs -> sink.accept(pipeline(rs)));
  }

  static void stages(Connection snapshot, UUID orgId, Consumer<BundleStage> sink) throws SQLException {
    query(snapshot, STAGES, orgId, rs -> sink.accept(stage(rs)));
  }

  private interface RowHandler {
    void row(ResultSet rs) throws SQLException;
  }

  private static void query(Connection snapshot, String sql, UUID orgId, RowHandler handler) throws SQLException {
    try (PreparedStatement st = snapshot.prepareStatement(sql)) {
      st.setFetchSize(1000);
      st.setObject(1, orgId);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          handler.row(rs);
        }
      }
    }
  }

  private static BundlePipeline pipeline(ResultSet rs) throws SQLException {
    return new BundlePipeline(rs.getObject(1, UUID.class), rs.getString(2), rs.getBoolean(3), rs.getString(4),
        instant(rs, 5), instant(rs, 6));
  }

  private static BundleStage stage(ResultSet rs) throws SQLException {
    return new BundleStage(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getInt(4),
        rs.getInt(5), rs.getString(6), rs.getBoolean(7));
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
