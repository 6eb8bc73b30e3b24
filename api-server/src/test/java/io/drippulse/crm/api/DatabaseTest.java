package io.drippulse.crm.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How the process's DB_POOL_SIZE connections are split between its event loops' pools. */
class DatabaseTest {

  @Test
  void theLoopsShareThePoolSizeAndTheFirstLoopsTakeTheRemainder() {
    assertThat(new int[] {Database.share(8, 2, 0), Database.share(8, 2, 1)}).containsExactly(4, 4);
    assertThat(new int[] {Database.share(9, 2, 0), Database.share(9, 2, 1)}).containsExactly(5, 4);
    assertThat(new int[] {Database.share(10, 4, 0), Database.share(10, 4, 1), Database.share(10, 4, 2),
        Database.share(10, 4, 3)}).containsExactly(3, 3, 2, 2);
  }

  @Test
  void everyLoopGetsAConnectionEvenWhenThePoolIsSmallerThanTheLoops() {
    assertThat(new int[] {Database.share(1, 2, 0), Database.share(1, 2, 1)}).containsExactly(1, 1);
  }
}
