package io.drippulse.crm.api.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HubTimingsTest {

  @Test
  void aSummaryGivesCountMeanAndMaxOfEachKind() {
    HubTimings timings = new HubTimings();
    timings.read(1_000_000);
    timings.read(3_000_000);
    timings.fanOut(500_000, 2);
    timings.handOff(250_000);

    assertThat(timings.idle()).isFalse();
    assertThat(timings.takeSummary()).isEqualTo("wake-up reads 2, mean 2.00 ms, max 3.00 ms; fan-outs 1, mean 0.50 ms, "
        + "max 0.50 ms (2 events); stream hand-offs 1, mean 0.25 ms, max 0.25 ms");
  }

  @Test
  void takingASummaryStartsTheNextIntervalFromNothing() {
    HubTimings timings = new HubTimings();
    timings.read(1_000_000);
    timings.takeSummary();

    assertThat(timings.idle()).isTrue();
    assertThat(timings.takeSummary()).startsWith("wake-up reads 0, mean 0.00 ms, max 0.00 ms;");
  }
}
