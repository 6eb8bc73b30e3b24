package io.drippulse.crm.worker.imports;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.drippulse.crm.model.bundle.Checked;
import io.drippulse.crm.worker.Prefetcher;
import io.drippulse.crm.worker.Progress;
import io.drippulse.crm.worker.storage.BundleSource;
import java.io.InputStream;
import java.util.function.Consumer;
import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;

/**
 * Streams the rows of one section of a bundle: each row is parsed into a JSON tree and bound to its
 * record (or rejected with a reason) on a thread of its own, a few batches ahead of the step, so parsing
 * overlaps with the step's database writes. Its position (rows handed to the step, not rows parsed ahead)
 * is saved at every chunk commit; a restarted step reopens the bundle and skips that many rows token by
 * token, without binding them, to resume at the first row not yet committed. Not final: the step scope
 * proxies it.
 */
public class BundleSectionReader<T> extends AbstractItemCountingItemStreamItemReader<Checked<T>> {

  /** Binds one row (its index in the section, its JSON) to a record, or to the reason it is rejected. */
  @FunctionalInterface
  public interface RowBinder<T> {
    Checked<T> bind(long index, JsonNode row);
  }

  private static final int PARSED_BATCH = 500;
  private static final int BATCHES_AHEAD = 8;

  private final BundleSource source;
  private final ObjectMapper mapper;
  private final String section;
  private final RowBinder<T> binder;
  private final Progress progress;
  private final long total;
  private InputStream in;
  private JsonParser parser;
  private boolean exhausted;
  private Prefetcher<Checked<T>> rows;

  public BundleSectionReader(BundleSource source, ObjectMapper mapper, String section, RowBinder<T> binder,
                             Progress progress, long total) {
    this.source = source;
    this.mapper = mapper;
    this.section = section;
    this.binder = binder;
    this.progress = progress;
    this.total = total;
    setName(section);
  }

  @Override
  protected void doOpen() throws Exception {
    progress.phase("import " + section, total);
    in = source.open();
    parser = mapper.createParser(in);
    exhausted = !seekSection();
  }

  /** Moves to the section's first row; false when the bundle has no such section. */
  private boolean seekSection() throws Exception {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      throw new BundleFormatException("the bundle is not a JSON object");
    }
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (section.equals(field) && value == JsonToken.START_ARRAY) {
        return true;
      }
      parser.skipChildren();
    }
    return false;
  }

  @Override
  protected void jumpToItem(int itemIndex) throws Exception {
    for (int i = 0; i < itemIndex && !exhausted; i++) {
      if (parser.nextToken() == JsonToken.END_ARRAY) {
        exhausted = true;
      } else {
        parser.skipChildren();
      }
    }
    progress.done(itemIndex);
  }

  @Override
  protected Checked<T> doRead() throws Exception {
    if (rows == null) {
      long first = getCurrentItemCount() - 1L;
      rows = new Prefetcher<>("bundle-reader-" + section, PARSED_BATCH, BATCHES_AHEAD, sink -> bindRemaining(first, sink));
    }
    return rows.next();
  }

  private void bindRemaining(long first, Consumer<Checked<T>> sink) throws Exception {
    long index = first;
    while (!exhausted && parser.nextToken() != JsonToken.END_ARRAY) {
      JsonNode node = mapper.readTree(parser);
      sink.accept(binder.bind(index++, node == null ? NullNode.getInstance() : node));
    }
    exhausted = true;
  }

  @Override
  protected void doClose() throws Exception {
    if (rows != null) {
      rows.close();
      rows = null;
    }
    if (parser != null) {
      parser.close();
    }
    if (in != null) {
      in.close();
    }
  }
}
