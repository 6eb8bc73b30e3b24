package io.drippulse.crm.model.bundle;

import java.util.Objects;

/**
 * One bundle row after validation: either the typed row, or the reason it cannot be imported. {@code index}
 * is the row's 0-based position in its section, which is how a report names it; {@code recordId} is the
 * row's {@code id} as written, when it had one, to help find it.
 */
public record Checked<T>(long index, T row, String recordId, String reason) {

  public static <T> Checked<T> ok(long index, T row, String recordId) {
    return new Checked<>(index, Objects.requireNonNull(row), recordId, null);
  }

  public static <T> Checked<T> rejected(long index, String recordId, String reason) {
    return new Checked<>(index, null, recordId, Objects.requireNonNull(reason));
  }

  public boolean isOk() {
    return reason == null;
  }

  /** The same verdict for a row that passed shape checks but fails a later one (a reference, a clash). */
  public <U> Checked<U> reject(String why) {
    return rejected(index, recordId, why);
  }
}
