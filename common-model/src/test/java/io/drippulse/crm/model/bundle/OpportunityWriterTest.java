package io.drippulse.crm.model.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OpportunityWriterTest {

  /** What the record's annotations alone produce: the reference the hand-made writer must match. */
  private static final ObjectMapper ANNOTATED = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .registerModule(IsoTime.module())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  @Test
  void writesExactlyWhatTheAnnotationsDescribe() throws Exception {
    ObjectMapper bundle = BundleFormat.mapper();
    Random random = new Random(7);
    for (int i = 0; i < 2_000; i++) {
      BundleOpportunity record = sample(random, i % 3 == 0);
      assertThat(bundle.writeValueAsString(record)).isEqualTo(ANNOTATED.writeValueAsString(record));
    }
  }

  @Test
  void readsBackWhatItWrote() throws Exception {
    ObjectMapper bundle = BundleFormat.mapper();
    BundleOpportunity record = sample(new Random(1), false);
    assertThat(bundle.readValue(bundle.writeValueAsString(record), BundleOpportunity.class)).isEqualTo(record);
  }

  private static BundleOpportunity sample(Random random, boolean nulls) {
    Instant at = Instant.ofEpochSecond(random.nextLong(0, 4_000_000_000L), random.nextInt(1_000_000) * 1000L);
    return new BundleOpportunity(new UUID(random.nextLong(), random.nextLong()), "opp_" + Long.toString(random.nextLong(), 36),
        "Deal \"" + i18n(random) + "\" \\ <b>\n\t" + random.nextInt(), new UUID(random.nextLong(), random.nextLong()),
        nulls ? null : new UUID(random.nextLong(), random.nextLong()), random.nextInt(100_000),
        nulls ? null : random.nextInt(1_000_000) + ".50", "EUR", nulls ? null : LocalDate.ofEpochDay(random.nextInt(40_000)),
        nulls ? null : "user-" + random.nextInt(10), nulls ? null : "Notes \u0000\u001f", at, random.nextInt(50),
        at.minusSeconds(random.nextInt(100_000)), nulls ? null : at.plusSeconds(random.nextInt(1000)));
  }

  private static String i18n(Random random) {
    String[] words = {"Müller GmbH", "株式会社", "Señor 🎉", "ACME", "Zoë & Co"};
    return words[random.nextInt(words.length)];
  }
}
