package io.drippulse.crm.worker;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the running job is doing, for the heartbeat (which stores it on the job row) and for the CLI's
 * progress line. Written by the job thread, read by others: every field is volatile and self-contained.
 */
public final class Progress {

  private volatile String phase = "starting";
  private volatile long done;
  private volatile long total;
  private volatile long phaseStartedNanos = System.nanoTime();

  public void phase(String name, long expected) {
    phase = name;
    total = expected;
    done = 0;
    phaseStartedNanos = System.nanoTime();
  }

  /** Rows of the current phase done so far (on restart, the count the checkpoint resumes from). */
  public void done(long rows) {
    done = rows;
  }

  public void advance(long rows) {
    done = done + rows;
  }

  public String phase() {
    return phase;
  }

  public long doneRows() {
    return done;
  }

  public long totalRows() {
    return total;
  }

  public double rowsPerSecond() {
    double seconds = (System.nanoTime() - phaseStartedNanos) / 1e9;
    return seconds <= 0 ? 0 : done / seconds;
  }

  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("phase", phase);
    map.put("done", done);
    map.put("total", total);
    return map;
  }
}
