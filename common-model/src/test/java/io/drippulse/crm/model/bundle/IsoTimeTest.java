package io.drippulse.crm.model.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoTimeTest {

  @Test
  void formatsExactlyLikeInstantToString() {
    Random random = new Random(42);
    for (int i = 0; i < 200_000; i++) {
      int precision = random.nextInt(4);
      int nanos = switch (precision) {
        case 0 -> 0;
        case 1 -> random.nextInt(1000) * 1_000_000;
        case 2 -> random.nextInt(1_000_000) * 1000;
        default -> random.nextInt(1_000_000_000);
      };
      Instant value = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 253_000_000_000L), nanos);
      assertThat(IsoTime.format(value)).isEqualTo(value.toString());
    }
  }

  @Test
  void yearsOutsideFourDigitsFallBackToTheJdk() {
    Instant far = Instant.parse("+12025-01-01T00:00:00Z");
    assertThat(IsoTime.format(far)).isEqualTo(far.toString());
    Instant early = Instant.parse("-0001-12-31T23:59:59.5Z");
    assertThat(IsoTime.format(early)).isEqualTo(early.toString());
  }
}
