package io.drippulse.crm.worker.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Bundle bytes in portability_job_chunks. Each call takes its own pooled connection and commits on its
 * own: bundle I/O is outside the chunk transactions of the batch steps, which must not grow by a
 * megabyte of bytea each.
 */
public final class ChunksRepository {

  public static final String INPUT = "input";
  public static final String OUTPUT = "output";
  /** Large enough that a 1 GB bundle is ~1000 rows, small enough to sit comfortably in a 256 MB heap. */
  public static final int CHUNK_BYTES = 1 << 20;

  private static final String READ = "SELECT data FROM portability_job_chunks WHERE org_id = ? AND job_id = ? AND part = ? AND seq = ?";
  /**
   * The job row, locked FOR SHARE, while the attempt still holds the job: a worker claiming the job meanwhile
   * waits for the write to commit, and a write after the claim finds no row and does nothing.
   */
  private static final String HELD = "SELECT org_id, id FROM portability_jobs WHERE org_id = ? AND id = ?"
      + " AND status = 'running' AND lease_owner = ? AND attempts = ? FOR SHARE";
  private static final String WRITE = "INSERT INTO portability_job_chunks (org_id, job_id, part, seq, data)"
      + " SELECT org_id, id, ?, ?, ? FROM (" + HELD + ") AS held";
  private static final String DELETE = "WITH held AS (" + HELD + "), gone AS (DELETE FROM portability_job_chunks"
      + " WHERE org_id = ? AND job_id = ? AND part = ? AND EXISTS (SELECT 1 FROM held)) SELECT count(*) FROM held";
  /** octet_length reads the size from the TOAST pointer: no chunk is fetched. */
  private static final String EXTENT = "SELECT count(*), coalesce(max(seq) + 1, 0), coalesce(sum(octet_length(data)), 0)"
      + " FROM portability_job_chunks WHERE org_id = ? AND job_id = ? AND part = ?";

  /** What a part holds: its rows, one past the highest seq (equal to rows when they run 0..n-1), its bytes. */
  public record Extent(long rows, long nextSeq, long bytes) {
  }

  private final DataSource dataSource;

  public ChunksRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The chunk's bytes, or null past the last chunk. */
  public byte[] read(UUID orgId, UUID jobId, String part, int seq) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(READ)) {
      st.setObject(1, orgId);
      st.setObject(2, jobId);
      st.setString(3, part);
      st.setInt(4, seq);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? rs.getBytes(1) : null;
      }
    }
  }

  /** Stores chunk {@code seq} if {@code holder} still holds the job; false, storing nothing, when it does not. */
  public boolean write(UUID orgId, UUID jobId, String part, int seq, byte[] data, int length, LeaseHolder holder)
      throws SQLException {
    byte[] exact = length == data.length ? data : java.util.Arrays.copyOf(data, length);
    try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(WRITE)) {
      st.setString(1, part);
      st.setInt(2, seq);
      st.setBytes(3, exact);
      bindHeld(st, 4, orgId, jobId, holder);
      return st.executeUpdate() == 1;
    }
  }

  /** Deletes the part's chunks if {@code holder} still holds the job; false, deleting nothing, when it does not. */
  public boolean delete(UUID orgId, UUID jobId, String part, LeaseHolder holder) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(DELETE)) {
      bindHeld(st, 1, orgId, jobId, holder);
      st.setObject(5, orgId);
      st.setObject(6, jobId);
      st.setString(7, part);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() && rs.getLong(1) == 1;
      }
    }
  }

  public Extent extent(UUID orgId, UUID jobId, String part) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(EXTENT)) {
      st.setObject(1, orgId);
      st.setObject(2, jobId);
      st.setString(3, part);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return new Extent(rs.getLong(1), rs.getLong(2), rs.getLong(3));
      }
    }
  }

  private static void bindHeld(PreparedStatement st, int first, UUID orgId, UUID jobId, LeaseHolder holder)
      throws SQLException {
    st.setObject(first, orgId);
    st.setObject(first + 1, jobId);
    st.setString(first + 2, holder.owner());
    st.setInt(first + 3, holder.attempt());
  }
}
