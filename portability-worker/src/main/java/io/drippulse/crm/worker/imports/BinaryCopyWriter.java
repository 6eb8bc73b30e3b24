package io.drippulse.crm.worker.imports;

import io.drippulse.crm.worker.BinaryCopyFormat;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.util.ByteConverter;

/**
 * Streams the rows of a {@code COPY ... FROM STDIN (FORMAT binary)}: the header, rows of fields in each
 * type's binary (send) format, and the trailer, sent to the server in pieces of about 64 KB as they fill.
 * Binary spares the server the text parsing of every uuid, timestamp and number, which was a large part of
 * what an import cost it.
 */
final class BinaryCopyWriter {

  /** Writes the rows; called once, between the header and the trailer. */
  @FunctionalInterface
  interface Rows {
    void write(BinaryCopyWriter out) throws SQLException;
  }


  private static final int SEND_AT = 1 << 16;

  private final CopyIn copy;
  private byte[] bytes = new byte[SEND_AT + 4096];
  private int size;

  private BinaryCopyWriter(CopyIn copy) {
    this.copy = copy;
    byte[] header = BinaryCopyFormat.header();
    put(header, 0, header.length);
  }

  /** Runs {@code sql}, a COPY FROM STDIN in binary format, with the rows {@code rows} writes; returns the count. */
  static long copy(Connection c, String sql, Rows rows) throws SQLException {
    CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
    try {
      BinaryCopyWriter out = new BinaryCopyWriter(copy);
      rows.write(out);
      out.int2(-1);
      out.send();
      return copy.endCopy();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  /** Starts a row of {@code fields} fields. */
  BinaryCopyWriter row(int fields) throws SQLException {
    if (size >= SEND_AT) {
      send();
    }
    int2(fields);
    return this;
  }

  private void send() throws SQLException {
    copy.writeToCopy(bytes, 0, size);
    size = 0;
  }

  private void int2(int value) {
    ensure(2);
    bytes[size++] = (byte) (value >>> 8);
    bytes[size++] = (byte) value;
  }

  BinaryCopyWriter nul() {
    int4(-1);
    return this;
  }

  BinaryCopyWriter uuid(UUID value) {
    if (value == null) {
      return nul();
    }
    int4(16);
    int8(value.getMostSignificantBits());
    int8(value.getLeastSignificantBits());
    return this;
  }

  /** text, varchar and char(n) share this format: the UTF-8 bytes. */
  BinaryCopyWriter text(String value) {
    if (value == null) {
      return nul();
    }
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    int4(utf8.length);
    put(utf8, 0, utf8.length);
    return this;
  }

  BinaryCopyWriter integer(int value) {
    int4(4);
    int4(value);
    return this;
  }

  BinaryCopyWriter bigint(long value) {
    int4(8);
    int8(value);
    return this;
  }

  BinaryCopyWriter numeric(BigDecimal value) {
    if (value == null) {
      return nul();
    }
    byte[] encoded = ByteConverter.numeric(value);
    int4(encoded.length);
    put(encoded, 0, encoded.length);
    return this;
  }

  BinaryCopyWriter date(LocalDate value) {
    if (value == null) {
      return nul();
    }
    int4(4);
    int4(Math.toIntExact(value.toEpochDay() - BinaryCopyFormat.EPOCH_DAY));
    return this;
  }

  /** Microseconds since 2000-01-01 UTC; a finer instant is rounded to the microsecond, as the text form is. */
  BinaryCopyWriter timestamp(Instant value) {
    if (value == null) {
      return nul();
    }
    long micros = Math.addExact(Math.multiplyExact(value.getEpochSecond() - BinaryCopyFormat.EPOCH_SECONDS, 1_000_000L),
        (value.getNano() + 500) / 1000);
    int4(8);
    int8(micros);
    return this;
  }

  private void int4(int value) {
    ensure(4);
    bytes[size++] = (byte) (value >>> 24);
    bytes[size++] = (byte) (value >>> 16);
    bytes[size++] = (byte) (value >>> 8);
    bytes[size++] = (byte) value;
  }

  private void int8(long value) {
    int4((int) (value >>> 32));
    int4((int) value);
  }

  private void put(byte[] source, int offset, int length) {
    ensure(length);
    System.arraycopy(source, offset, bytes, size, length);
    size += length;
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
