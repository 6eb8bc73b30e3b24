package io.drippulse.crm.worker.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.worker.export.ExportRepository.StageRanks;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BoardKeysTest {

  @Test
  void eachStageStartsJustPastTheKeysOfTheStageBefore() {
    long[] bases = BoardKeys.bases(List.of(stage(1 << 20, 5 << 20), stage(-7, 3), stage(1 << 20, 1 << 20)));

    assertThat(bases).containsExactly(Long.MIN_VALUE, Long.MIN_VALUE + (4 << 20) + 1,
        Long.MIN_VALUE + (4 << 20) + 1 + 10 + 1);
  }

  @Test
  void spansThatFillTheWholeBigintRangeStillPack() {
    long half = Long.MAX_VALUE; // 2^63 - 1: two such spans, plus one key each, are exactly 2^64 keys
    long[] bases = BoardKeys.bases(List.of(stage(0, half), stage(Long.MIN_VALUE, -1)));

    assertThat(bases).containsExactly(Long.MIN_VALUE, 0L);
  }

  @Test
  void noKeysWhenTheSpansAddUpToMoreThanABigint() {
    assertThat(BoardKeys.bases(List.of(stage(Long.MIN_VALUE, Long.MAX_VALUE)))).isNull();
    // the first two take every key; the third, a single rank, has none left
    assertThat(BoardKeys.bases(List.of(stage(0, Long.MAX_VALUE), stage(0, Long.MAX_VALUE), stage(0, 0)))).isNull();
  }

  private static StageRanks stage(long low, long high) {
    return new StageRanks(UUID.randomUUID(), low, high);
  }
}
