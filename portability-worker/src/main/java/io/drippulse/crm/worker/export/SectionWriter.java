package io.drippulse.crm.worker.export;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import io.drippulse.crm.worker.Progress;
import java.io.IOException;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

/**
 * Writes one bundle section, {@code "name": [ ...records... ]}, record by record into the open bundle. A
 * SequenceWriter binds every record with the same serializer lookup instead of one per record.
 */
class SectionWriter<T> implements ItemStreamWriter<T> {

  private final ExportSession session;
  private final String section;
  private final ObjectWriter recordWriter;
  private final Progress progress;
  private SequenceWriter records;

  SectionWriter(ExportSession session, String section, ObjectWriter recordWriter, Progress progress) {
    this.session = session;
    this.section = section;
    this.recordWriter = recordWriter;
    this.progress = progress;
  }

  @Override
  public void open(ExecutionContext executionContext) {
    try {
      session.generator().writeArrayFieldStart(section);
      records = recordWriter.writeValues(session.generator());
      progress.phase("export " + section, session.expected(section));
    } catch (IOException e) {
      throw new ItemStreamException("could not start the " + section + " section", e);
    }
  }

  @Override
  public void write(Chunk<? extends T> chunk) throws IOException {
    for (T item : chunk) {
      records.write(item);
    }
    session.wrote(section, chunk.size());
    progress.advance(chunk.size());
  }

  @Override
  public void close() {
    if (records != null) {
      records = null;
      try {
        session.generator().writeEndArray();
      } catch (IOException e) {
        throw new ItemStreamException("could not end the " + section + " section", e);
      }
    }
  }
}
