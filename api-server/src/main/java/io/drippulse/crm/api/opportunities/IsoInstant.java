package io.drippulse.crm.api.opportunities;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A timestamp as {@link java.time.Instant#toString()} writes it ({@code 2026-12-01T13:58:52.447Z}: UTC,
 * seconds always, the fraction in groups of three digits as needed), straight into ASCII bytes. The JDK's
 * formatter goes through a general-purpose printer per field, which a list page of 100 cards, three
 * timestamps each, felt (about a sixth of the page's CPU). Years outside 0000..9999 take the JDK's way.
 */
final class IsoInstant {

  private IsoInstant() {
  }

  static byte[] format(OffsetDateTime time) {
    LocalDateTime utc = time.getOffset().equals(ZoneOffset.UTC)
        ? time.toLocalDateTime() : time.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    int year = utc.getYear();
    if (year < 0 || year > 9999) {
      return time.toInstant().toString().getBytes(StandardCharsets.US_ASCII);
    }
    int nano = utc.getNano();
    int fraction = nano == 0 ? 0 : nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
    byte[] out = new byte[20 + (fraction == 0 ? 0 : 1 + fraction)];
    digits(out, 0, year, 4);
    out[4] = '-';
    digits(out, 5, utc.getMonthValue(), 2);
    out[7] = '-';
    digits(out, 8, utc.getDayOfMonth(), 2);
    out[10] = 'T';
    digits(out, 11, utc.getHour(), 2);
    out[13] = ':';
    digits(out, 14, utc.getMinute(), 2);
    out[16] = ':';
    digits(out, 17, utc.getSecond(), 2);
    int at = 19;
    if (fraction > 0) {
      out[at++] = '.';
      digits(out, at, nano / pow10(9 - fraction), fraction);
      at += fraction;
    }
    out[at] = 'Z';
    return out;
  }

  private static void digits(byte[] out, int from, int value, int width) {
    for (int i = from + width - 1; i >= from; i--) {
      out[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }

  private static int pow10(int n) {
    int p = 1;
    for (int i = 0; i < n; i++) {
      p *= 10;
    }
    return p;
  }
}
