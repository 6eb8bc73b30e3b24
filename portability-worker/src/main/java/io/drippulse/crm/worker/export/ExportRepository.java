package io.drippulse.crm.worker.export;

import io.drippulse.crm.model.Money;
import io.drippulse.crm.model.bundle.BundleCounts;
import io.drippulse.crm.model.bundle.BundleOpportunity;
import io.drippulse.crm.model.bundle.BundlePipeline;
import io.drippulse.crm.model.bundle.BundleStage;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The export's SQL, all run on the snapshot connection. Pipelines come org default first, then by age;
 * stages and opportunities follow the same pipeline order, in board order, so a bundle reads like the board.
 */
public final class ExportRepository {

  private static final String PIPELINE_ORDER = "p.is_org_default DESC, p.created_at, p.id";

  static final String PIPELINES = "SELECT p.id, p.name, p.is_org_default, p.user_id, p.created_at, p.updated_at"
      + " FROM pipelines p WHERE p.org_id = ? ORDER BY " + PIPELINE_ORDER;

  static final String STAGES = "SELECT s.id, s.pipeline_id, s.name, s.position, s.probability, s.kind, s.is_unassigned"
      + " FROM pipeline_stages s JOIN pipelines p ON p.org_id = s.org_id AND p.id = s.pipeline_id"
      + " WHERE s.org_id = ? ORDER BY " + PIPELINE_ORDER + ", s.position";

  private static final String STAGE_IDS = "SELECT s.id FROM pipeline_stages s"
      + " JOIN pipelines p ON p.org_id = s.org_id AND p.id = s.pipeline_id"
      + " WHERE s.org_id = ? ORDER BY " + PIPELINE_ORDER + ", s.position";

  /** One stage at a time, along the (org_id, pipeline_stage_id, stage_position) index: no sort of the whole org. */
  static final String OPPORTUNITIES_OF_STAGE = "SELECT id, public_id, name, pipeline_id, pipeline_stage_id,"
      + " stage_position, amount, currency, expected_close_date, owner_user_id, description, stage_entered_at, version,"
      + " created_at, updated_at FROM opportunities WHERE org_id = ? AND pipeline_stage_id = ? ORDER BY stage_position";

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

  /** The org's stage ids in board order: a few dozen ids, never the section itself. */
  static List<UUID> stageIds(Connection c, UUID orgId) throws SQLException {
    List<UUID> ids = new ArrayList<>();
    try (PreparedStatement st = c.prepareStatement(STAGE_IDS)) {
      st.setObject(1, orgId);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getObject(1, UUID.class));
        }
      }
    }
    return ids;
  }

  static BundlePipeline pipeline(ResultSet rs, int rowNum) throws SQLException {
    return new BundlePipeline(rs.getObject(1, UUID.class), rs.getString(2), rs.getBoolean(3), rs.getString(4),
        instant(rs, 5), instant(rs, 6));
  }

  static BundleStage stage(ResultSet rs, int rowNum) throws SQLException {
    return new BundleStage(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getInt(4),
        rs.getInt(5), rs.getString(6), rs.getBoolean(7));
  }

  static BundleOpportunity opportunity(ResultSet rs, int rowNum) throws SQLException {
    String currency = rs.getString(8);
    BigDecimal amount = rs.getBigDecimal(7);
    return new BundleOpportunity(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
        rs.getObject(4, UUID.class), rs.getObject(5, UUID.class), rs.getInt(6), Money.format(amount, currency), currency,
        rs.getObject(9, LocalDate.class), rs.getString(10), rs.getString(11), instant(rs, 12), rs.getInt(13),
        instant(rs, 14), instant(rs, 15));
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
