package io.drippulse.crm.worker.export;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.jdbc.core.RowMapper;

/**
 * Streams rows from the export snapshot through a server-side cursor (fetch size rows at a time), running
 * one query per parameter set in order. Keeps no restart state: an export that is interrupted starts over.
 * Not final: the step scope proxies it.
 */
class SnapshotReader<T> implements ItemStreamReader<T> {

  private static final int FETCH_SIZE = 2000;

  interface ParameterSets {
    List<Object[]> of(Connection snapshot) throws SQLException;
  }

  private final ExportSession session;
  private final String sql;
  private final ParameterSets parameterSets;
  private final RowMapper<T> mapper;
  private Iterator<Object[]> pending;
  private PreparedStatement statement;
  private ResultSet rows;
  private int rowNum;

  SnapshotReader(ExportSession session, String sql, ParameterSets parameterSets, RowMapper<T> mapper) {
    this.session = session;
    this.sql = sql;
    this.parameterSets = parameterSets;
    this.mapper = mapper;
  }

  @Override
  public void open(ExecutionContext executionContext) {
    try {
      pending = parameterSets.of(session.connection()).iterator();
    } catch (SQLException e) {
      throw new ItemStreamException("could not plan the export query", e);
    }
  }

  @Override
  public T read() throws SQLException {
    while (rows == null || !rows.next()) {
      closeCursor();
      if (!pending.hasNext()) {
        return null;
      }
      statement = session.connection().prepareStatement(sql);
      statement.setFetchSize(FETCH_SIZE);
      Object[] parameters = pending.next();
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      rows = statement.executeQuery();
    }
    return mapper.mapRow(rows, rowNum++);
  }

  @Override
  public void close() {
    try {
      closeCursor();
    } catch (SQLException e) {
      throw new ItemStreamException("could not close the export cursor", e);
    }
  }

  private void closeCursor() throws SQLException {
    if (rows != null) {
      rows.close();
      rows = null;
    }
    if (statement != null) {
      statement.close();
      statement = null;
    }
  }
}
