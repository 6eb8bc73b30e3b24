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
  private static final String WRITE = "INSERT INTO portability_job_chunks (org_id, job_id, part, seq, data) VALUES (?, ?, ?, ?, ?)";
  private static final String DELETE = "DELETE FROM portability_job_chunks WHERE org_id = ? AND job_id = ? AND part = ?";

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

  public void write(UUID orgId, UUID jobId, String part, int seq, byte[] data, int length) throws SQLException {
    byte[] exact = length == data.length ? data : java.util.Arrays.copyOf(data, length);
    try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(WRITE)) {
      st.setObject(1, orgId);
      st.setObject(2, jobId);
      st.setString(3, part);
      st.setInt(4, seq);
      st.setBytes(5, exact);
      st.executeUpdate();
    }
  }

  public void delete(UUID orgId, UUID jobId, String part) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(DELETE)) {
      st.setObject(1, orgId);
      st.setObject(2, jobId);
      st.setString(3, part);
      st.executeUpdate();
    }
  }
}
