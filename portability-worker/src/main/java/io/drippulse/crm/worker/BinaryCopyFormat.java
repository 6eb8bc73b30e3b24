package io.drippulse.crm.worker;

import java.util.Arrays;

/**
 * PostgreSQL's binary COPY format, as the export reads it and the import writes it: the stream's header,
 * big-endian integers, and the epoch its dates and timestamps count from.
 */
public final class BinaryCopyFormat {

  /** 2000-01-01, PostgreSQL's epoch for dates and timestamps, in Unix seconds and in epoch days. */
  public static final long EPOCH_SECONDS = 946_684_800L;
  public static final long EPOCH_DAY = 10_957L;

  /** The signature "PGCOPY\n\377\r\n\0", then the flags and the header extension's length, both 0. */
  private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0,
      0, 0, 0, 0, 0, 0, 0, 0};
  private static final int SIGNATURE_BYTES = 11;

  private BinaryCopyFormat() {
  }

  /** The header a stream this side writes starts with (a copy: callers may not change the original). */
  public static byte[] header() {
    return HEADER.clone();
  }

  /** Where the first row of a stream starts in its first message: after the header and its extension. */
  public static int firstRow(byte[] first) {
    if (first.length < HEADER.length
        || !Arrays.equals(first, 0, SIGNATURE_BYTES, HEADER, 0, SIGNATURE_BYTES)) {
      throw new IllegalStateException("COPY did not start with the binary format's header");
    }
    return HEADER.length + int4(first, HEADER.length - 4);
  }

  /** The big-endian int32 at {@code at}. */
  public static int int4(byte[] bytes, int at) {
    return (bytes[at] << 24) | ((bytes[at + 1] & 0xFF) << 16) | ((bytes[at + 2] & 0xFF) << 8) | (bytes[at + 3] & 0xFF);
  }
}
