package io.drippulse.crm.api.opportunities;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoInstantTest {

  @Test
  void writesWhatInstantToStringWritesForEveryPrecision() {
    for (String text : new String[] {"2026-12-01T13:58:52Z", "2026-12-01T13:58:52.400Z", "2026-12-01T00:00:00.000001Z",
        "0001-01-01T00:00:00.123456789Z", "9999-12-31T23:59:59.999999Z", "1970-01-01T00:00:00.010Z"}) {
      Instant instant = Instant.parse(text);
      assertThat(format(instant.atOffset(ZoneOffset.UTC))).isEqualTo(instant.toString());
    }
  }

  @Test
  void convertsOtherOffsetsToUtc() {
    OffsetDateTime berlin = OffsetDateTime.parse("2026-06-30T23:30:00.5+02:00");
    assertThat(format(berlin)).isEqualTo("2026-06-30T21:30:00.500Z");
  }

  @Test
  void agreesWithTheJdkOnRandomTimestamps() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 100_000; i++) {
      Instant instant = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_799L),
          random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000) / (int) Math.pow(10, random.nextInt(7)) * (int) Math.pow(10, random.nextInt(3)));
      assertThat(format(instant.atOffset(ZoneOffset.UTC))).isEqualTo(instant.toString());
    }
  }

  @Test
  void leavesYearsBeyondFourDigitsToTheJdk() {
    Instant far = Instant.parse("+12026-01-01T00:00:00Z");
    assertThat(format(far.atOffset(ZoneOffset.UTC))).isEqualTo(far.toString());
  }

  private static String format(OffsetDateTime time) {
    return new String(IsoInstant.format(time), StandardCharsets.US_ASCII);
  }
}
