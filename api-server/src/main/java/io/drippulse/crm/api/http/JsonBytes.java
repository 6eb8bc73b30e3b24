package io.drippulse.crm.api.http;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * JSON written as UTF-8 bytes into one growing array, for a response whose shape is fixed: the caller writes
 * the punctuation and field names as pre-encoded fragments ({@link #fragment}) and the values through the
 * typed methods. It checks no structure; what it saves over a streaming generator is that bookkeeping per
 * token, which on a list page of 100 cards (about 2,000 tokens) was a third of the page's writing.
 * Strings are escaped exactly as Jackson (and so Vert.x's {@code JsonObject.encode}) escapes them: {@code "}
 * and {@code \}, the short escapes for backspace, tab, newline, form feed and carriage return, a six-character {@code u00XX} escape
 * for the other control characters, and everything else as its UTF-8 bytes.
 */
public final class JsonBytes {

  private static final byte[] NULL = fragment("null");
  private static final byte[] TRUE = fragment("true");
  private static final byte[] FALSE = fragment("false");
  private static final byte[] HEX = fragment("0123456789ABCDEF");
  /** For each ASCII byte: 0 if it goes out as it is, the short escape's letter, or 'u' for a six-character u00XX escape. */
  private static final byte[] ESCAPES = new byte[128];

  static {
    for (int c = 0; c < 0x20; c++) {
      ESCAPES[c] = 'u';
    }
    ESCAPES['\b'] = 'b';
    ESCAPES['\t'] = 't';
    ESCAPES['\n'] = 'n';
    ESCAPES['\f'] = 'f';
    ESCAPES['\r'] = 'r';
    ESCAPES['"'] = '"';
    ESCAPES['\\'] = '\\';
  }

  private byte[] bytes;
  private int length;

  public JsonBytes(int expectedSize) {
    bytes = new byte[Math.max(64, expectedSize)];
  }

  /** Text that is written as it is, e.g. {@code ,"name":} (ASCII, encoded once, reused for every value). */
  public static byte[] fragment(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  public JsonBytes raw(byte[] json) {
    return raw(json, 0, json.length);
  }

  public JsonBytes raw(byte[] json, int offset, int count) {
    ensure(count);
    System.arraycopy(json, offset, bytes, length, count);
    length += count;
    return this;
  }

  /** A quoted string known to need no escaping (ids, timestamps, dates: ASCII digits and separators). */
  public JsonBytes quotedAscii(byte[] ascii, int offset, int count) {
    ensure(count + 2);
    bytes[length++] = '"';
    System.arraycopy(ascii, offset, bytes, length, count);
    length += count;
    bytes[length++] = '"';
    return this;
  }

  public JsonBytes quotedAscii(byte[] ascii) {
    return quotedAscii(ascii, 0, ascii.length);
  }

  /** A string value, or null. */
  public JsonBytes string(String value) {
    if (value == null) {
      return raw(NULL);
    }
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    ensure(utf8.length + 2);
    bytes[length++] = '"';
    int start = 0;
    for (int i = 0; i < utf8.length; i++) {
      byte b = utf8[i];
      if (b >= 0 && ESCAPES[b] != 0) {
        raw(utf8, start, i - start);
        escape(b);
        start = i + 1;
      }
    }
    raw(utf8, start, utf8.length - start);
    ensure(1);
    bytes[length++] = '"';
    return this;
  }

  public JsonBytes number(long value) {
    ensure(20);
    if (value == Long.MIN_VALUE) {
      return raw(fragment(Long.toString(value)));
    }
    if (value < 0) {
      bytes[length++] = '-';
      value = -value;
    }
    int digits = 1;
    for (long rest = value / 10; rest > 0; rest /= 10) {
      digits++;
    }
    for (int at = length + digits - 1; at >= length; at--) {
      bytes[at] = (byte) ('0' + value % 10);
      value /= 10;
    }
    length += digits;
    return this;
  }

  /** A number, or null. */
  public JsonBytes number(Integer value) {
    return value == null ? raw(NULL) : number(value.longValue());
  }

  public JsonBytes bool(boolean value) {
    return raw(value ? TRUE : FALSE);
  }

  public JsonBytes nullValue() {
    return raw(NULL);
  }

  public int length() {
    return length;
  }

  /** A copy of the bytes written, e.g. to reuse as a fragment. */
  public byte[] toBytes() {
    return Arrays.copyOf(bytes, length);
  }

  /** The bytes written, in one copy (a page's 64 KB take microseconds; wrapping them needs Vert.x internals). */
  public Buffer toBuffer() {
    return Buffer.buffer(length).appendBytes(bytes, 0, length);
  }

  private void escape(byte b) {
    byte letter = ESCAPES[b];
    ensure(6);
    bytes[length++] = '\\';
    if (letter != 'u') {
      bytes[length++] = letter;
      return;
    }
    bytes[length++] = 'u';
    bytes[length++] = '0';
    bytes[length++] = '0';
    bytes[length++] = HEX[b >> 4];
    bytes[length++] = HEX[b & 0xF];
  }

  private void ensure(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
    }
  }
}
