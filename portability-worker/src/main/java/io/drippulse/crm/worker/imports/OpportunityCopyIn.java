package io.drippulse.crm.worker.imports;

import io.drippulse.crm.model.bundle.BundleOpportunity;
import io.drippulse.crm.worker.imports.ImportRepository.NewOpportunity;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The import's writes of new opportunities: the rows, their ranks and their first stage transitions as three
 * binary {@code COPY ... FROM STDIN}s (what PostgreSQL inserts fastest; docs/performance.md has the numbers),
 * on whichever connection and transaction the caller holds: the step's chunk, or the half writer's own.
 */
final class OpportunityCopyIn {

  private static final String COPY_OPPORTUNITIES = "COPY opportunities (org_id, id, public_id, name, pipeline_id,"
      + " pipeline_stage_id, amount, currency, expected_close_date, owner_user_id, description,"
      + " stage_entered_at, version, created_at, updated_at) FROM STDIN (FORMAT binary)";
  /** After the cards, which they reference; the same stage as the card's, as every writer keeps it. */
  private static final String COPY_RANKS = "COPY opportunity_ranks (org_id, id, pipeline_stage_id, rank)"
      + " FROM STDIN (FORMAT binary)";
  /**
   * moved_at is the card's stage_entered_at, as for every first transition the API records: a card's history
   * then starts when the bundle says it entered its stage, and agrees with the card.
   */
  private static final String COPY_TRANSITIONS = "COPY stage_transitions (org_id, opportunity_id, from_stage_id,"
      + " to_stage_id, to_stage_name, moved_by, moved_at) FROM STDIN (FORMAT binary)";
  private static final String NOW = "SELECT now()";
  private static final String RECORD_HALF = "INSERT INTO portability_job_halves (org_id, job_id, first_item, rows)"
      + " VALUES (?, ?, ?, ?)";

  private OpportunityCopyIn() {
  }

  /**
   * On the half writer's own connection and transaction: the rows, their ranks, their transitions, their
   * share of the stage totals, and the record that this job wrote them as the first half of the chunk
   * starting at {@code firstItem}. Not committed here. The totals go with the half, so that a half a dead
   * worker committed is counted even though its chunk never was; the chunk's own transaction adds its
   * half's totals only after this half commits, so the two never wait on each other's total rows.
   */
  static HalfChunkWriter.Outcome writeHalf(Connection c, ImportTarget target, long firstItem, List<NewOpportunity> rows)
      throws SQLException {
    try (PreparedStatement st = c.prepareStatement(ImportRepository.ASYNC_COMMIT)) {
      st.execute();
    }
    try {
      insert(c, target.targetOrg(), rows, target.requestedBy());
    } catch (SQLException e) {
      if (ImportRepository.UNIQUE_VIOLATION.equals(e.getSQLState())) {
        return HalfChunkWriter.Outcome.EXISTS;
      }
      throw e;
    }
    StageTotalsDelta.of(rows).write(c, target.targetOrg());
    try (PreparedStatement st = c.prepareStatement(RECORD_HALF)) {
      st.setObject(1, target.targetOrg());
      st.setObject(2, target.jobId());
      st.setLong(3, firstItem);
      st.setInt(4, rows.size());
      st.executeUpdate();
    }
    return HalfChunkWriter.Outcome.WRITTEN;
  }

  static int insert(Connection c, UUID org, List<NewOpportunity> rows, String movedBy) throws SQLException {
    // a hand-written bundle may leave timestamps out: they take the transaction's time, as the API's own do
    Instant now = rows.stream().map(NewOpportunity::row).anyMatch(OpportunityCopyIn::lacksTime) ? now(c) : null;
    long inserted = BinaryCopyWriter.copy(c, COPY_OPPORTUNITIES, out -> {
      for (NewOpportunity o : rows) {
        BundleOpportunity r = o.row();
        out.row(15).uuid(org).uuid(o.id()).text(r.publicId()).text(r.name()).uuid(o.pipelineId()).uuid(o.stageId())
            .numeric(r.amount() == null ? null : new BigDecimal(r.amount())).text(r.currency())
            .date(r.expectedCloseDate()).text(r.ownerUserId()).text(r.description())
            .timestamp(orNow(r.stageEnteredAt(), now)).integer(r.version()).timestamp(orNow(r.createdAt(), now))
            .timestamp(orNow(r.updatedAt(), now));
      }
    });
    BinaryCopyWriter.copy(c, COPY_RANKS, out -> {
      for (NewOpportunity o : rows) {
        out.row(4).uuid(org).uuid(o.id()).uuid(o.stageId()).bigint(o.rank());
      }
    });
    BinaryCopyWriter.copy(c, COPY_TRANSITIONS, out -> {
      for (NewOpportunity o : rows) {
        out.row(7).uuid(org).uuid(o.id()).nul().uuid(o.stageId()).text(o.stageName()).text(movedBy)
            .timestamp(orNow(o.row().stageEnteredAt(), now));
      }
    });
    return Math.toIntExact(inserted);
  }

  private static boolean lacksTime(BundleOpportunity row) {
    return row.stageEnteredAt() == null || row.createdAt() == null || row.updatedAt() == null;
  }

  private static Instant orNow(Instant value, Instant now) {
    return value == null ? now : value;
  }

  private static Instant now(Connection c) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(NOW); var rs = st.executeQuery()) {
      rs.next();
      return rs.getObject(1, OffsetDateTime.class).toInstant();
    }
  }
}
