package io.drippulse.crm.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A bundle the JSON reader cannot take (a row nested 10,000 deep, a 5,000-digit number, a string that never
 * closes) fails its job with a sentence about the bundle, where and what, and never with a class name,
 * a library setting or a NullPointerException from the worker's own error handling.
 */
class ImportErrorSentencesTest {

  private static final String HEADER = "{\"format\":\"drippulse.crm.bundle\",\"version\":1,"
      + "\"source_org_id\":\"5e1f0c3a-0000-4000-8000-00000000000a\",";

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"deep", "long number", "long number in the header", "unclosed string", "bad token"})
  void aBundleTheReaderRefusesFailsWithASentenceAboutTheBundle(String defect) throws Exception {
    UUID target = UUID.randomUUID();
    Db.update("INSERT INTO organizations (id) VALUES (?)", target);
    File file = WorkerProcess.tempFile(".json");
    Files.writeString(file.toPath(), bundle(defect), StandardCharsets.UTF_8);

    WorkerProcess.Result result = WorkerProcess.run("import", "--org", target.toString(), "--in", file.getPath());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    UUID job = (UUID) Db.value("SELECT id FROM portability_jobs WHERE org_id = ? ORDER BY created_at DESC LIMIT 1", target);
    Map<String, Object> row = Fixtures.job(target, job);
    String error = (String) row.get("error");
    assertThat(row.get("status")).isEqualTo("failed");
    assertThat(error).startsWith("the bundle is not complete, valid JSON").contains(expected(defect))
        .containsPattern("at line [0-9]+, column [0-9]+")
        .doesNotContain("com.fasterxml", "jackson", "Exception", "StreamReadConstraints", "`", "Source", "io.drippulse");
    assertThat(result.stderr()).contains(error).doesNotContain("NullPointerException");
    assertThat(Db.count("SELECT count(*) FROM opportunities WHERE org_id = ?", target)).isZero();
  }

  private static String bundle(String defect) {
    String row = "{\"id\":\"5e1f0c3a-0000-4000-8000-0000000000c1\",\"name\":\"n\",\"amount\":";
    return switch (defect) {
      case "deep" -> HEADER + "\"opportunities\":[" + row + "[".repeat(10_000) + "]".repeat(10_000) + "}]}";
      case "long number" -> HEADER + "\"opportunities\":[" + row + "1".repeat(5_000) + "}]}";
      case "long number in the header" -> HEADER.replace("\"version\":1", "\"version\":" + "9".repeat(5_000))
          + "\"opportunities\":[]}";
      case "unclosed string" -> HEADER + "\"opportunities\":[{\"name\":\"never closed";
      default -> HEADER + "\"opportunities\":[{\"name\":nope}]}";
    };
  }

  private static String expected(String defect) {
    return switch (defect) {
      case "deep" -> "nested more than 1000 levels deep";
      case "long number", "long number in the header" -> "a number is longer than 1000 digits";
      case "unclosed string" -> "end-of-input";
      default -> "nope";
    };
  }
}
