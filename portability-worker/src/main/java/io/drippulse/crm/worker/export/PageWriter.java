package io.drippulse.crm.worker.export;

import io.drippulse.crm.worker.Progress;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

/**
 * Writes one bundle section whose records arrive already encoded ({@link JsonPage}s, from
 * {@link OpportunityCopy}): opens {@code "name": [}, appends the pages as they are, and closes the array.
 */
class PageWriter implements ItemStreamWriter<List<JsonPage>> {

  private final ExportSession session;
  private final String section;
  private final Progress progress;
  private OutputStream out;

  PageWriter(ExportSession session, String section, Progress progress) {
    this.session = session;
    this.section = section;
    this.progress = progress;
  }

  @Override
  public void open(ExecutionContext executionContext) {
    try {
      out = session.openEncodedSection(section);
      progress.phase("export " + section, session.expected(section));
    } catch (IOException e) {
      throw new ItemStreamException("could not start the " + section + " section", e);
    }
  }

  @Override
  public void write(Chunk<? extends List<JsonPage>> chunk) throws IOException {
    for (List<JsonPage> pages : chunk) {
      for (JsonPage page : pages) {
        out.write(page.bytes(), 0, page.length());
        session.wrote(section, page.rows());
        progress.advance(page.rows());
        page.release();
      }
    }
  }

  @Override
  public void close() {
    if (out != null) {
      out = null;
      try {
        session.generator().writeEndArray();
      } catch (IOException e) {
        throw new ItemStreamException("could not end the " + section + " section", e);
      }
    }
  }
}
