package io.drippulse.crm.model.bundle;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.List;

/**
 * The bundle document: {@code {"format", "version", "exported_at", "source_org_id", "counts", "pipelines": [...],
 * "stages": [...], "opportunities": [...]}}, sections in dependency order. See docs/bundle-format.md.
 */
public final class BundleFormat {

  public static final String FORMAT = "drippulse.crm.bundle";
  public static final int VERSION = 1;

  public static final String PIPELINES = "pipelines";
  public static final String STAGES = "stages";
  public static final String OPPORTUNITIES = "opportunities";
  /** The order sections are written in and imported in: each one only refers to the ones before it. */
  public static final List<String> SECTIONS = List.of(PIPELINES, STAGES, OPPORTUNITIES);

  private BundleFormat() {
  }

  /**
   * The mapper bundles are written and read with: ISO-8601 timestamps, exact decimals, and no flush after
   * each record (a bundle is millions of small writes into one buffered stream).
   */
  public static ObjectMapper mapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .registerModule(IsoTime.module())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
  }
}
