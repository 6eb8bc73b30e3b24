package io.drippulse.crm.worker.imports;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * A section's outcome counts. Saved into the step's execution context at every chunk commit, in the same
 * transaction as the rows they count, so a restarted step resumes them exactly.
 */
public final class SectionTally {

  public static final String CREATED = "created";
  public static final String EXISTING = "existing";
  public static final String REJECTED = "rejected";
  private static final String PREFIX = "tally.";

  private long created;
  private long existing;
  private long rejected;

  void restore(ExecutionContext context) {
    created = context.getLong(PREFIX + CREATED, 0L);
    existing = context.getLong(PREFIX + EXISTING, 0L);
    rejected = context.getLong(PREFIX + REJECTED, 0L);
  }

  void save(ExecutionContext context) {
    context.putLong(PREFIX + CREATED, created);
    context.putLong(PREFIX + EXISTING, existing);
    context.putLong(PREFIX + REJECTED, rejected);
  }

  void created(long n) {
    created += n;
  }

  void existing(long n) {
    existing += n;
  }

  void rejected(long n) {
    rejected += n;
  }

  /** The counts a finished step saved, as the job report shows them. */
  public static Map<String, Long> read(ExecutionContext context) {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put(CREATED, context.getLong(PREFIX + CREATED, 0L));
    counts.put(EXISTING, context.getLong(PREFIX + EXISTING, 0L));
    counts.put(REJECTED, context.getLong(PREFIX + REJECTED, 0L));
    return counts;
  }
}
