package io.drippulse.crm.worker.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drippulse.crm.model.bundle.BundleCounts;
import io.drippulse.crm.model.bundle.BundleFormat;
import io.drippulse.crm.worker.storage.BundleSink;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One export run: a read-only REPEATABLE READ transaction that every step reads through, so the three
 * sections are one consistent snapshot however the org changes meanwhile, and the bundle being written.
 * Job-scoped: opened by the first step, committed by the last, and closed (rolled back, output discarded
 * unless committed) when the job execution ends, whatever its outcome. Not final: the job scope proxies it.
 */
public class ExportSession implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ExportSession.class);

  private final DataSource dataSource;
  private final BundleSink sink;
  private final UUID orgId;
  private final ObjectMapper mapper;
  private final Map<String, Long> written = new HashMap<>();
  private Connection snapshot;
  private CountingOutputStream out;
  private JsonGenerator generator;
  private BundleCounts counts;
  private boolean committed;

  public ExportSession(DataSource dataSource, BundleSink sink, UUID orgId, ObjectMapper mapper) {
    this.dataSource = dataSource;
    this.sink = sink;
    this.orgId = orgId;
    this.mapper = mapper;
  }

  /** Takes the snapshot and writes the header: counts first, so a reader knows the sizes before the sections. */
  public void begin() throws SQLException, IOException {
    snapshot = dataSource.getConnection();
    snapshot.setAutoCommit(false);
    snapshot.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    snapshot.setReadOnly(true);
    ExportRepository.Snapshot taken = ExportRepository.snapshot(snapshot, orgId);
    counts = taken.counts();
    out = new CountingOutputStream(sink.open());
    generator = mapper.getFactory().createGenerator(out);
    generator.writeStartObject();
    generator.writeStringField("format", BundleFormat.FORMAT);
    generator.writeNumberField("version", BundleFormat.VERSION);
    generator.writeStringField("exported_at", taken.takenAt().toString());
    generator.writeStringField("source_org_id", orgId.toString());
    generator.writeFieldName("counts");
    mapper.writeValue(generator, counts);
  }

  public UUID orgId() {
    return orgId;
  }

  public Connection connection() {
    return snapshot;
  }

  public BundleCounts counts() {
    return counts;
  }

  public JsonGenerator generator() {
    return generator;
  }

  public long expected(String section) {
    return switch (section) {
      case BundleFormat.PIPELINES -> counts.pipelines();
      case BundleFormat.STAGES -> counts.stages();
      default -> counts.opportunities();
    };
  }

  /**
   * Starts a section whose records the caller writes as finished JSON straight to the returned stream, and
   * ends with {@code generator().writeEndArray()}. The generator holds nothing back meanwhile (it is flushed
   * here and writes nothing until the section ends), so the bytes land in document order.
   */
  public OutputStream openEncodedSection(String section) throws IOException {
    generator.writeArrayFieldStart(section);
    generator.flush();
    return out;
  }

  public void wrote(String section, long rows) {
    written.merge(section, rows, Long::sum);
  }

  /** Closes the document and publishes it; refuses if a section's rows differ from the snapshot's counts. */
  public long finish() throws IOException {
    for (String section : BundleFormat.SECTIONS) {
      long rows = written.getOrDefault(section, 0L);
      if (rows != expected(section)) {
        throw new IllegalStateException("the " + section + " section has " + rows + " rows but the snapshot counted "
            + expected(section));
      }
    }
    generator.writeEndObject();
    generator.close();
    out.close();
    sink.commit();
    committed = true;
    return out.count();
  }

  @Override
  public void close() {
    if (!committed) {
      closeQuietly();
      try {
        sink.abort();
      } catch (RuntimeException e) {
        LOG.warn("could not discard the partial bundle of an export that did not finish", e);
      }
    }
    if (snapshot != null) {
      try (Connection c = snapshot) {
        c.rollback();
      } catch (SQLException e) {
        LOG.warn("could not end the export snapshot cleanly", e);
      }
    }
  }

  private void closeQuietly() {
    try {
      if (out != null) {
        out.close();
      }
    } catch (IOException e) {
      LOG.debug("closing the output of an abandoned export", e);
    }
  }

  /** Counts bytes on their way to the sink, for the job's bundle_bytes. */
  private static final class CountingOutputStream extends java.io.FilterOutputStream {
    private long count;

    CountingOutputStream(OutputStream target) {
      super(target);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }

    long count() {
      return count;
    }
  }
}
