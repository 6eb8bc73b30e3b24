package io.drippulse.crm.worker.imports;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drippulse.crm.worker.Progress;
import io.drippulse.crm.worker.storage.BundleSource;
import java.io.InputStream;
import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;

/**
 * Streams the rows of one section of a bundle, one JSON tree per row. Its position (rows read) is saved
 * at every chunk commit; a restarted step reopens the bundle and skips that many rows token by token,
 * without binding them, to resume at the first row not yet committed.
 */
public class BundleSectionReader extends AbstractItemCountingItemStreamItemReader<BundleItem> {

  private final BundleSource source;
  private final ObjectMapper mapper;
  private final String section;
  private final Progress progress;
  private final long total;
  private InputStream in;
  private JsonParser parser;
  private boolean exhausted;

  public BundleSectionReader(BundleSource source, ObjectMapper mapper, String section, Progress progress, long total) {
    this.source = source;
    this.mapper = mapper;
    this.section = section;
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
  protected BundleItem doRead() throws Exception {
    if (exhausted || parser.nextToken() == JsonToken.END_ARRAY) {
      exhausted = true;
      return null;
    }
    JsonNode node = mapper.readTree(parser);
    return new BundleItem(getCurrentItemCount() - 1L, node);
  }

  @Override
  protected void doClose() throws Exception {
    if (parser != null) {
      parser.close();
    }
    if (in != null) {
      in.close();
    }
  }
}
