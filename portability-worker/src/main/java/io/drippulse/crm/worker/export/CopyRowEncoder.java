package io.drippulse.crm.worker.export;

import static io.drippulse.crm.model.bundle.OpportunityFields.AMOUNT;
import static io.drippulse.crm.model.bundle.OpportunityFields.CREATED_AT;
import static io.drippulse.crm.model.bundle.OpportunityFields.CURRENCY;
import static io.drippulse.crm.model.bundle.OpportunityFields.DESCRIPTION;
import static io.drippulse.crm.model.bundle.OpportunityFields.EXPECTED_CLOSE_DATE;
import static io.drippulse.crm.model.bundle.OpportunityFields.ID;
import static io.drippulse.crm.model.bundle.OpportunityFields.NAME;
import static io.drippulse.crm.model.bundle.OpportunityFields.OWNER_USER_ID;
import static io.drippulse.crm.model.bundle.OpportunityFields.PIPELINE_ID;
import static io.drippulse.crm.model.bundle.OpportunityFields.PIPELINE_STAGE_ID;
import static io.drippulse.crm.model.bundle.OpportunityFields.PUBLIC_ID;
import static io.drippulse.crm.model.bundle.OpportunityFields.STAGE_ENTERED_AT;
import static io.drippulse.crm.model.bundle.OpportunityFields.STAGE_POSITION;
import static io.drippulse.crm.model.bundle.OpportunityFields.UPDATED_AT;
import static io.drippulse.crm.model.bundle.OpportunityFields.VERSION;

import com.fasterxml.jackson.core.JsonGenerator;
import io.drippulse.crm.model.Money;
import io.drippulse.crm.model.bundle.IsoTime;
import io.drippulse.crm.model.bundle.UuidText;
import io.drippulse.crm.worker.BinaryCopyFormat;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Writes one opportunity row of a binary COPY ({@link OpportunityCopy#COLUMNS}, in that order) as its bundle
 * record, straight from the row's bytes into the generator. The export's cost is almost all here, a million
 * times over, so the row never becomes objects: ids and timestamps go from their binary form to ASCII digits,
 * and text goes out as the UTF-8 bytes PostgreSQL sent, escaped by the generator on the bytes themselves.
 * The output is the same, byte for byte, as binding the row to a {@code BundleOpportunity} and writing that
 * with the bundle mapper ({@code OpportunityCopyTest} holds it to that).
 *
 * <p>Binary COPY row: an int16 field count, then per field an int32 length (-1 for NULL) and the value in the
 * type's send format. One encoder per export and thread: it keeps scratch space, and the stage it is in,
 * between rows.
 */
final class CopyRowEncoder {

  private static final int FIELDS = 15;

  private final byte[] scratch = new byte[48];
  /** Rows arrive stage by stage in rank order: the position is the count of rows of the same stage before. */
  private long stageHigh;
  private long stageLow;
  private boolean anyStage;
  private int position;
  private final FractionDigits fractionDigits = new FractionDigits();
  private byte[] row;
  private int at;

  /** Writes the row that starts at {@code offset} of {@code row} as one JSON object; returns where it ends. */
  int write(byte[] row, int offset, JsonGenerator gen) throws IOException {
    this.row = row;
    this.at = offset;
    if (int16() != FIELDS) {
      throw new IllegalStateException("a COPY row of opportunities did not have " + FIELDS + " fields");
    }
    gen.writeStartObject();
    gen.writeFieldName(ID);
    uuid(gen);
    gen.writeFieldName(PUBLIC_ID);
    text(gen);
    gen.writeFieldName(NAME);
    text(gen);
    gen.writeFieldName(PIPELINE_ID);
    uuid(gen);
    gen.writeFieldName(PIPELINE_STAGE_ID);
    countInStage();
    uuid(gen);
    gen.writeFieldName(STAGE_POSITION);
    skip(); // the stored rank: the bundle carries the dense position, counted here
    gen.writeNumber(position);
    // the amount's digits depend on the currency, the field after it
    int amountAt = at;
    skip();
    gen.writeFieldName(AMOUNT);
    amount(gen, amountAt, at);
    gen.writeFieldName(CURRENCY);
    text(gen);
    gen.writeFieldName(EXPECTED_CLOSE_DATE);
    date(gen);
    gen.writeFieldName(OWNER_USER_ID);
    text(gen);
    gen.writeFieldName(DESCRIPTION);
    text(gen);
    gen.writeFieldName(STAGE_ENTERED_AT);
    timestamp(gen);
    gen.writeFieldName(VERSION);
    gen.writeNumber(notNullInt4());
    gen.writeFieldName(CREATED_AT);
    timestamp(gen);
    gen.writeFieldName(UPDATED_AT);
    timestamp(gen);
    gen.writeEndObject();
    return at;
  }

  private void uuid(JsonGenerator gen) throws IOException {
    if (length() < 0) {
      gen.writeNull();
      return;
    }
    UuidText.format(int8(), int8(), scratch);
    IsoTime.writeAscii(gen, scratch, UuidText.LENGTH);
  }

  private void text(JsonGenerator gen) throws IOException {
    int length = length();
    if (length < 0) {
      gen.writeNull();
      return;
    }
    gen.writeUTF8String(row, at, length);
    at += length;
  }

  /**
   * numeric(17,4) as text always has four fraction digits ("1250.5000"). Cutting zeros down to the
   * currency's digits is what {@link Money#format} does for such a value; anything else (a non-zero digit
   * past the currency's, an unknown currency) takes Money's own rounding path.
   */
  private void amount(JsonGenerator gen, int amountAt, int currencyAt) throws IOException {
    int length = BinaryCopyFormat.int4(row, amountAt);
    if (length < 0) {
      gen.writeNull();
      return;
    }
    int start = amountAt + 4;
    int currencyLength = BinaryCopyFormat.int4(row, currencyAt);
    int digits = fractionDigits.of(row, currencyAt + 4, currencyLength);
    int dot = indexOf(row, start, length, (byte) '.');
    if (digits >= 0 && dot >= 0 && length - (dot - start) - 1 >= digits && zeros(dot + 1 + digits, start + length)) {
      int end = digits == 0 ? dot : dot + 1 + digits;
      IsoTime.writeAscii(gen, row, start, end - start);
      return;
    }
    String currency = currencyLength < 0 ? null : new String(row, currencyAt + 4, currencyLength, StandardCharsets.UTF_8);
    gen.writeString(Money.format(new BigDecimal(new String(row, start, length, StandardCharsets.US_ASCII)), currency));
  }

  private boolean zeros(int from, int to) {
    for (int i = from; i < to; i++) {
      if (row[i] != '0') {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] bytes, int from, int length, byte wanted) {
    for (int i = from; i < from + length; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }

  private void date(JsonGenerator gen) throws IOException {
    if (length() < 0) {
      gen.writeNull();
      return;
    }
    IsoTime.writeAscii(gen, scratch, IsoTime.formatDate(BinaryCopyFormat.EPOCH_DAY + int4(), scratch));
  }

  private void timestamp(JsonGenerator gen) throws IOException {
    if (length() < 0) {
      gen.writeNull();
      return;
    }
    long micros = int8();
    if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
      throw new IllegalStateException("an opportunity has an infinite timestamp, which a bundle cannot carry");
    }
    long seconds = BinaryCopyFormat.EPOCH_SECONDS + Math.floorDiv(micros, 1_000_000L);
    int nanos = (int) Math.floorMod(micros, 1_000_000L) * 1000;
    IsoTime.writeAscii(gen, scratch, IsoTime.format(seconds, nanos, scratch));
  }

  /** Reads the row's (NOT NULL) stage id ahead of writing it, and counts the row's position in its stage. */
  private void countInStage() {
    int start = at;
    length();
    long high = int8();
    long low = int8();
    at = start;
    if (anyStage && high == stageHigh && low == stageLow) {
      position++;
    } else {
      anyStage = true;
      stageHigh = high;
      stageLow = low;
      position = 0;
    }
  }

  /** An int4 field of a NOT NULL column: its length (always 4), then the value. */
  private int notNullInt4() {
    length();
    return int4();
  }

  private void skip() {
    int length = length();
    if (length > 0) {
      at += length;
    }
  }

  private int length() {
    return int4();
  }

  private int int16() {
    int value = ((row[at] & 0xFF) << 8) | (row[at + 1] & 0xFF);
    at += 2;
    return value;
  }

  private int int4() {
    int value = BinaryCopyFormat.int4(row, at);
    at += 4;
    return value;
  }

  private long int8() {
    long high = int4();
    return (high << 32) | (int4() & 0xFFFF_FFFFL);
  }

  /**
   * The currency's minor-unit digits, remembered per code: a bundle holds a handful of currencies, and
   * looking one up costs more than the rest of the amount. -1 when the code is not three ASCII letters.
   */
  private static final class FractionDigits {
    private static final int MAX = 32;
    private final int[] codes = new int[MAX];
    private final int[] digits = new int[MAX];
    private int size;

    int of(byte[] bytes, int from, int length) {
      if (length != 3) {
        return -1;
      }
      int code = ((bytes[from] & 0xFF) << 16) | ((bytes[from + 1] & 0xFF) << 8) | (bytes[from + 2] & 0xFF);
      for (int i = 0; i < size; i++) {
        if (codes[i] == code) {
          return digits[i];
        }
      }
      int found = Money.fractionDigits(new String(bytes, from, length, StandardCharsets.UTF_8));
      if (size < MAX) {
        codes[size] = code;
        digits[size++] = found;
      }
      return found;
    }
  }
}
