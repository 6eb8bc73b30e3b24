package io.drippulse.crm.worker.export;

import io.drippulse.crm.worker.export.ExportRepository.StageRanks;
import java.util.List;

/**
 * One bigint per card that sorts an org's cards in board order: {@code rank - low + base}, where each stage
 * gets a base just past the keys of the stage before it. PostgreSQL sorts a million rows on one bigint key
 * markedly faster than on (stage ordinal, rank) (docs/performance.md, "The export"), and a rank alone can
 * use all 64 bits, so the keys pack the rank spans the snapshot actually holds instead. Each step of that
 * sum stays in range by construction ({@code rank - low} lies in {@code 0..high - low}), so the query
 * cannot overflow.
 */
final class BoardKeys {

  private BoardKeys() {
  }

  /**
   * Each stage's base, in the given (board) order; null when the stages' rank spans add up to more than a
   * bigint holds, and the export must sort on two keys.
   */
  static long[] bases(List<StageRanks> stages) {
    long[] bases = new long[stages.size()];
    long next = Long.MIN_VALUE;
    try {
      for (int i = 0; i < stages.size(); i++) {
        bases[i] = next;
        long last = Math.addExact(next, Math.subtractExact(stages.get(i).high(), stages.get(i).low()));
        if (i + 1 < stages.size()) {
          next = Math.addExact(last, 1);
        }
      }
    } catch (ArithmeticException tooWide) {
      return null;
    }
    return bases;
  }
}
