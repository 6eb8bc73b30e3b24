package io.drippulse.crm.worker.export;

import io.drippulse.crm.worker.Prefetcher;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads a section out of the export snapshot on a thread of its own, a few pages ahead of the step, so the
 * database, the decoding and the JSON writing overlap instead of taking turns. Items are pages of rows: a
 * million rows make a thousand items, not a million, so the step's per-item overhead is paid per page. Keeps
 * no restart state: an export that is interrupted starts over. Not final: the step scope proxies it.
 */
public class SnapshotReader<T> implements ItemStreamReader<List<T>> {

  private static final int PAGES_AHEAD = 4;

  private final ExportSession session;
  private final RowSource<T> source;
  private final int itemsPerPage;
  private Prefetcher<T> rows;

  /** Reads {@code source} in pages (the step's items) of {@code itemsPerPage} rows each. */
  public SnapshotReader(ExportSession session, RowSource<T> source, int itemsPerPage) {
    this.session = session;
    this.source = source;
    this.itemsPerPage = itemsPerPage;
  }

  @Override
  public void open(ExecutionContext executionContext) {
    Connection snapshot = session.connection();
    UUID orgId = session.orgId();
    rows = new Prefetcher<>("export-reader", itemsPerPage, PAGES_AHEAD, sink -> source.stream(snapshot, orgId, sink));
  }

  @Override
  public List<T> read() throws Exception {
    return rows.nextBatch();
  }

  @Override
  public void close() {
    if (rows != null) {
      rows.close();
      rows = null;
    }
  }
}
