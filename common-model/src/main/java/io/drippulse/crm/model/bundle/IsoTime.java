package io.drippulse.crm.model.bundle;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.UTF8JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Timestamps and dates as bundles write them: exactly {@link Instant#toString()} and
 * {@link LocalDate#toString()}, produced without a DateTimeFormatter. A bundle carries three timestamps per
 * opportunity; formatting them dominated the cost of writing one, so this is the one hand-made serializer.
 */
public final class IsoTime {

  private static final byte[] PAIRS = new byte[200];

  static {
    for (int i = 0; i < 100; i++) {
      PAIRS[2 * i] = (byte) ('0' + i / 10);
      PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
    }
  }
  private static final int SECONDS_PER_DAY = 86_400;

  private IsoTime() {
  }

  static SimpleModule module() {
    SimpleModule module = new SimpleModule("bundle-time");
    module.addSerializer(Instant.class, new JsonSerializer<>() {
      @Override
      public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        byte[] text = new byte[40];
        writeAscii(gen, text, format(value, text));
      }
    });
    module.addSerializer(LocalDate.class, new JsonSerializer<>() {
      @Override
      public void serialize(LocalDate value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeString(value.toString());
      }
    });
    return module;
  }

  /**
   * Writes ASCII text that needs no escaping (digits, separators, ids) as a JSON string. A byte-oriented
   * generator (every bundle stream) takes the bytes as they are, skipping its per-character escape checks.
   */
  public static void writeAscii(JsonGenerator gen, byte[] text, int length) throws IOException {
    writeAscii(gen, text, 0, length);
  }

  /** {@link #writeAscii(JsonGenerator, byte[], int)} for text that starts at {@code offset}. */
  public static void writeAscii(JsonGenerator gen, byte[] text, int offset, int length) throws IOException {
    if (gen instanceof UTF8JsonGenerator) {
      gen.writeRawUTF8String(text, offset, length);
    } else {
      gen.writeString(new String(text, offset, length, StandardCharsets.US_ASCII));
    }
  }

  /** The text of {@code Instant.toString()}, e.g. 2025-01-02T03:04:05.123456Z. */
  public static String format(Instant value) {
    byte[] text = new byte[40];
    return new String(text, 0, format(value, text), StandardCharsets.US_ASCII);
  }

  /** Writes the text into {@code out} (at least 40 bytes) and returns its length. */
  static int format(Instant value, byte[] out) {
    return format(value.getEpochSecond(), value.getNano(), out);
  }

  /**
   * Writes the text of the instant {@code epochSecond} + {@code nano} into {@code out} (at least 40 bytes) and
   * returns its length; for callers that hold the two numbers rather than an {@link Instant}.
   */
  public static int format(long epochSecond, int nano, byte[] out) {
    long epochDay = Math.floorDiv(epochSecond, SECONDS_PER_DAY);
    int i = formatDate(epochDay, out);
    if (i != 10) {
      return ascii(Instant.ofEpochSecond(epochSecond, nano).toString(), out);
    }
    int secondOfDay = (int) Math.floorMod(epochSecond, SECONDS_PER_DAY);
    out[i++] = (byte) 'T';
    i = digits(out, i, secondOfDay / 3600, 2);
    out[i++] = (byte) ':';
    i = digits(out, i, secondOfDay / 60 % 60, 2);
    out[i++] = (byte) ':';
    i = digits(out, i, secondOfDay % 60, 2);
    if (nano > 0) {
      out[i++] = (byte) '.';
      if (nano % 1_000_000 == 0) {
        i = digits(out, i, nano / 1_000_000, 3);
      } else if (nano % 1000 == 0) {
        i = digits(out, i, nano / 1000, 6);
      } else {
        i = digits(out, i, nano, 9);
      }
    }
    out[i++] = (byte) 'Z';
    return i;
  }

  /** Writes {@code LocalDate.ofEpochDay(epochDay).toString()} into {@code out} (at least 40 bytes); returns its length. */
  public static int formatDate(long epochDay, byte[] out) {
    LocalDate date = LocalDate.ofEpochDay(epochDay);
    int year = date.getYear();
    if (year < 0 || year > 9999) {
      return ascii(date.toString(), out);
    }
    int i = digits(out, 0, year, 4);
    out[i++] = (byte) '-';
    i = digits(out, i, date.getMonthValue(), 2);
    out[i++] = (byte) '-';
    return digits(out, i, date.getDayOfMonth(), 2);
  }

  private static int ascii(String text, byte[] out) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, out, 0, bytes.length);
    return bytes.length;
  }

  /** {@code width} decimal digits of {@code value}, zero-padded, two at a time from a table of pairs. */
  private static int digits(byte[] out, int at, int value, int width) {
    int k = at + width;
    for (; k - at >= 2; value /= 100) {
      int pair = (value % 100) * 2;
      out[--k] = PAIRS[pair + 1];
      out[--k] = PAIRS[pair];
    }
    if (k > at) {
      out[--k] = (byte) ('0' + value % 10);
    }
    return at + width;
  }
}
