package io.drippulse.crm.db.logging;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One redrawn-in-place status line (the worker CLI's progress) sharing stderr with the log: a log line
 * first erases the status line, then the status line is drawn again below it, so the two never run
 * together on one terminal line.
 */
public final class StatusLine {

  private static final byte[] ERASE = "\r\033[K".getBytes(StandardCharsets.US_ASCII);
  private static final Object LOCK = new Object();
  private static final PrintStream ERR = System.err;
  private static byte[] shown;

  private StatusLine() {
  }

  /** Draws (or redraws) the status line. */
  public static void show(String text) {
    synchronized (LOCK) {
      shown = text.getBytes(StandardCharsets.UTF_8);
      ERR.write(ERASE, 0, ERASE.length);
      ERR.write(shown, 0, shown.length);
      ERR.flush();
    }
  }

  /** Leaves the last status on its own line and stops redrawing it. */
  public static void finish() {
    synchronized (LOCK) {
      if (shown != null) {
        ERR.println();
        shown = null;
      }
    }
  }

  static OutputStream logStream() {
    return new OutputStream() {
      @Override
      public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] bytes, int offset, int length) {
        synchronized (LOCK) {
          if (shown != null) {
            ERR.write(ERASE, 0, ERASE.length);
          }
          ERR.write(bytes, offset, length);
          if (shown != null) {
            ERR.write(shown, 0, shown.length);
          }
        }
      }

      @Override
      public void flush() throws IOException {
        ERR.flush();
      }
    };
  }
}
