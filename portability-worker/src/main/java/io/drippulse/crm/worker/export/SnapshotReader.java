package io.drippulse.crm.worker.export;

import io.drippulse.crm.worker.Prefetcher;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.postgresql.PGStatement;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.jdbc.core.RowMapper;

/**
 * Streams rows from the export snapshot through server-side cursors, one query per parameter set in order,
 * decoded a few batches ahead on a thread of its own so the database, the decoding and the JSON writing
 * overlap. Rows travel in PostgreSQL's binary format (cheaper to produce and to decode than text). Keeps
 * no restart state: an export that is interrupted starts over. Not final: the step scope proxies it.
 */
public class SnapshotReader<T> implements ItemStreamReader<T> {

  private static final int FETCH_SIZE = 5000;
  private static final int BATCH = 1000;
  private static final int BATCHES_AHEAD = 4;

  /** The queries' parameters; runs on the reader thread, so it gets what it needs as arguments, not from scopes. */
  public interface ParameterSets {
    List<Object[]> of(Connection snapshot, UUID orgId) throws SQLException;
  }

  private final ExportSession session;
  private final String sql;
  private final ParameterSets parameterSets;
  private final RowMapper<T> mapper;
  private Prefetcher<T> rows;

  public SnapshotReader(ExportSession session, String sql, ParameterSets parameterSets, RowMapper<T> mapper) {
    this.session = session;
    this.sql = sql;
    this.parameterSets = parameterSets;
    this.mapper = mapper;
  }

  @Override
  public void open(ExecutionContext executionContext) {
    Connection snapshot = session.connection();
    UUID orgId = session.orgId();
    rows = new Prefetcher<>("export-reader", BATCH, BATCHES_AHEAD, sink -> produce(snapshot, orgId, sink));
  }

  private void produce(Connection snapshot, UUID orgId, Consumer<T> sink) throws SQLException {
    int rowNum = 0;
    for (Object[] parameters : parameterSets.of(snapshot, orgId)) {
      try (PreparedStatement statement = snapshot.prepareStatement(sql)) {
        statement.unwrap(PGStatement.class).setPrepareThreshold(-1);
        statement.setFetchSize(FETCH_SIZE);
        for (int i = 0; i < parameters.length; i++) {
          statement.setObject(i + 1, parameters[i]);
        }
        try (ResultSet rs = statement.executeQuery()) {
          while (rs.next()) {
            sink.accept(mapper.mapRow(rs, rowNum++));
          }
        }
      }
    }
  }

  @Override
  public T read() throws Exception {
    return rows.next();
  }

  @Override
  public void close() {
    if (rows != null) {
      rows.close();
      rows = null;
    }
  }
}
