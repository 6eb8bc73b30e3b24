package io.drippulse.crm.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** JsonBytes writes what Vert.x's Jackson encoding writes for the same values, byte for byte. */
class JsonBytesTest {

  private static String written(JsonBytes bytes) {
    return bytes.toBuffer().toString(StandardCharsets.UTF_8);
  }

  @Test
  void everyAsciiCharacterIsEscapedAsJacksonEscapesIt() {
    for (char c = 0; c < 128; c++) {
      String value = "a" + c + "b";
      assertThat(written(new JsonBytes(8).string(value))).as("character %d", (int) c).isEqualTo(Json.encode(value));
    }
  }

  @Test
  void textBeyondAsciiGoesOutAsItsUtf8Bytes() {
    String value = "Déal «ünïcode» 日本語 😀 \"quoted\" back\\slash\n\u2028";
    assertThat(written(new JsonBytes(8).string(value))).isEqualTo(Json.encode(value));
  }

  @Test
  void aNullStringIsNull() {
    assertThat(written(new JsonBytes(8).string(null).raw(JsonBytes.fragment(",")).number((Integer) null))).isEqualTo("null,null");
  }

  @Test
  void numbersAreTheirDecimalDigits() {
    for (long n : new long[] {0, 7, -7, 10, 99, 100, 123_456_789, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE}) {
      assertThat(written(new JsonBytes(1).number(n))).isEqualTo(Long.toString(n));
    }
  }

  @Test
  void theArrayGrowsPastItsExpectedSize() {
    JsonBytes bytes = new JsonBytes(1);
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      bytes.string("card " + i).bool(i % 2 == 0);
      expected.append(Json.encode("card " + i)).append(i % 2 == 0);
    }
    assertThat(written(bytes)).isEqualTo(expected.toString());
    assertThat(bytes.length()).isEqualTo(expected.length());
  }
}
