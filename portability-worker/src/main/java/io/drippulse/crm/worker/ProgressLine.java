package io.drippulse.crm.worker;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The CLI's one-line progress display, redrawn in place; only when a person is watching a terminal. */
final class ProgressLine implements AutoCloseable {

  private final ScheduledExecutorService timer;
  private final PrintStream out;
  private final Progress progress;

  private ProgressLine(Progress progress, PrintStream out) {
    this.progress = progress;
    this.out = out;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "progress-line");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(this::draw, 250, 250, TimeUnit.MILLISECONDS);
  }

  /** A live line on a terminal; nothing when output goes to a file or a pipe. */
  static AutoCloseable start(Progress progress) {
    return System.console() == null ? () -> { } : new ProgressLine(progress, System.err);
  }

  private void draw() {
    long done = progress.doneRows();
    long total = progress.totalRows();
    String share = total > 0 ? String.format(Locale.ROOT, " (%.1f%%)", 100.0 * done / total) : "";
    out.printf(Locale.ROOT, "\r\033[K%s: %,d%s rows%s, %,.0f rows/s", progress.phase(), done,
        total > 0 ? String.format(Locale.ROOT, " / %,d", total) : "", share, progress.rowsPerSecond());
    out.flush();
  }

  @Override
  public void close() {
    timer.shutdownNow();
    draw();
    out.println();
  }
}
