package io.drippulse.crm.model.bundle;

import java.nio.charset.StandardCharsets;

/** A UUID's canonical text (lower-case hex, 8-4-4-4-12) written as ASCII bytes, without a String in between. */
public final class UuidText {

  public static final int LENGTH = 36;
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private UuidText() {
  }

  /** Writes the 36 characters of the UUID with these bits into {@code out} from index 0. */
  public static void format(long mostSignificant, long leastSignificant, byte[] out) {
    hex(out, 0, mostSignificant >>> 32, 8);
    out[8] = '-';
    hex(out, 9, mostSignificant >>> 16, 4);
    out[13] = '-';
    hex(out, 14, mostSignificant, 4);
    out[18] = '-';
    hex(out, 19, leastSignificant >>> 48, 4);
    out[23] = '-';
    hex(out, 24, leastSignificant, 12);
  }

  /** The low {@code digits} hex digits of {@code bits}, most significant first. */
  private static void hex(byte[] out, int at, long bits, int digits) {
    for (int k = digits - 1; k >= 0; k--) {
      out[at + k] = HEX[(int) (bits & 0xF)];
      bits >>>= 4;
    }
  }
}
