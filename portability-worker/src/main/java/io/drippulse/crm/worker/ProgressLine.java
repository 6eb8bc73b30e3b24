package io.drippulse.crm.worker;

import io.drippulse.crm.db.logging.LogSetup;
import io.drippulse.crm.db.logging.StatusLine;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The CLI's one-line progress display, redrawn in place below the log lines ({@link StatusLine}); only when a
 * person is watching a terminal, and never in JSON log mode, where every line must be a JSON object.
 */
final class ProgressLine implements AutoCloseable {

  private final ScheduledExecutorService timer;
  private final Progress progress;

  private ProgressLine(Progress progress) {
    this.progress = progress;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "progress-line");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(this::draw, 250, 250, TimeUnit.MILLISECONDS);
  }

  /** A live line on a terminal; nothing when output goes to a file or a pipe. */
  static AutoCloseable start(Progress progress) {
    return System.console() == null || LogSetup.json() ? () -> { } : new ProgressLine(progress);
  }

  private void draw() {
    long done = progress.doneRows();
    long total = progress.totalRows();
    String share = total > 0 ? String.format(Locale.ROOT, " (%.1f%%)", 100.0 * done / total) : "";
    StatusLine.show(String.format(Locale.ROOT, "%s: %,d%s rows%s, %,.0f rows/s", progress.phase(), done,
        total > 0 ? String.format(Locale.ROOT, " / %,d", total) : "", share, progress.rowsPerSecond()));
  }

  @Override
  public void close() {
    timer.shutdownNow();
    draw();
    StatusLine.finish();
  }
}
