package io.drippulse.crm.worker.imports;

import io.drippulse.crm.model.bundle.Checked;
import io.drippulse.crm.worker.Progress;
import java.util.ArrayList;
import java.util.List;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

/**
 * What the three section writers share: the tally kept in the step's execution context, the rejected rows
 * of the chunk (stored in the same transaction), and progress.
 */
abstract class SectionWriterSupport<T> implements ItemStreamWriter<Checked<T>> {

  protected final ImportTarget target;
  protected final ImportRepository repository;
  protected final SectionTally tally = new SectionTally();
  private final String section;
  private final Progress progress;

  SectionWriterSupport(String section, ImportTarget target, ImportRepository repository, Progress progress) {
    this.section = section;
    this.target = target;
    this.repository = repository;
    this.progress = progress;
  }

  @Override
  public void open(ExecutionContext executionContext) {
    tally.restore(executionContext);
  }

  @Override
  public void update(ExecutionContext executionContext) {
    tally.save(executionContext);
  }

  @Override
  public void write(Chunk<? extends Checked<T>> chunk) {
    List<Checked<?>> rejected = new ArrayList<>();
    List<Checked<T>> valid = new ArrayList<>(chunk.size());
    for (Checked<T> row : chunk) {
      if (row.isOk()) {
        valid.add(row);
      } else {
        rejected.add(row);
      }
    }
    writeValid(valid, rejected);
    repository.reject(target, section, rejected);
    tally.rejected(rejected.size());
    progress.advance(chunk.size());
  }

  /** Imports the rows that passed the shape checks; adds to {@code rejected} those a later check refuses. */
  protected abstract void writeValid(List<Checked<T>> rows, List<Checked<?>> rejected);
}
