package io.drippulse.crm.api.startup;

import static io.drippulse.crm.api.support.Json.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.ScratchServer;
import io.drippulse.crm.api.support.ServerProcesses;
import io.drippulse.crm.api.support.TestServer;
import io.drippulse.crm.db.DatabaseUrl;
import io.drippulse.crm.db.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code api-server.jar create-api-key}: the admin CLI, run as a real process. */
class CreateApiKeyCommandTest {

  @Test
  void createsAKeyOnAFreshDatabaseThatARunningServerAccepts() throws Exception {
    DatabaseUrl database = TestDatabase.createEmpty(); // DB_MIGRATE defaults to true: the command migrates first
    UUID org = UUID.randomUUID();
    Run run = run(Map.of("DATABASE_URL", database.toUrl()), "create-api-key", "--org", org.toString(), "--name", " Zapier sync ");
    assertThat(run.exit).as(run.stderr).isZero();
    assertThat(run.stdout.lines().toList()).as(run.stderr).hasSize(1);
    String key = run.stdout.strip();
    assertThat(key).matches("dpk_[0-9a-f]{32}_[0-9A-Za-z]{40}").contains(org.toString().replace("-", ""));
    assertThat(run.stderr).contains(org.toString()).contains("only this once");

    JsonObject config = TestServer.config(database);
    try (ScratchServer server = ScratchServer.start(config)) {
      JsonArray keys = ok(server.withAuthorization("Bearer " + key).get("/api/v1/api_keys"), 200).getJsonArray("api_keys");
      assertThat(keys).hasSize(1);
      assertThat(keys.getJsonObject(0).getString("name")).isEqualTo("Zapier sync");
      assertThat(keys.getJsonObject(0).getString("created_by")).isEqualTo("admin-cli");
      assertThat(keys.encode()).doesNotContain(key);
      ok(server.withAuthorization("Bearer " + key).get("/api/v1/crm/opportunity_pipelines"), 200);
    }
    try (var c = TestDatabase.connect(database);
         var st = c.prepareStatement("SELECT count(*) FROM api_keys WHERE org_id = ? AND key_hash = sha256(convert_to(?, 'UTF8'))")) {
      st.setObject(1, org);
      st.setString(2, key);
      var rs = st.executeQuery();
      rs.next();
      assertThat(rs.getInt(1)).as("only the SHA-256 of the key is stored").isEqualTo(1);
    }
  }

  @Test
  void badOrMissingArgumentsPrintTheUsageAndExit2() throws Exception {
    String org = UUID.randomUUID().toString();
    List<String[]> commandLines = List.of(
        new String[] {"create-api-key"},
        new String[] {"create-api-key", "--name", "ci"},
        new String[] {"create-api-key", "--org", org},
        new String[] {"create-api-key", "--org", "acme", "--name", "ci"},
        new String[] {"create-api-key", "--org", org, "--name", "   "},
        new String[] {"create-api-key", "--org", org, "--name", "x".repeat(201)},
        new String[] {"create-api-key", "--org", org, "--name", "ci", "--admin", "yes"},
        new String[] {"create-api-key", "--org", org, "--name"},
        new String[] {"make-coffee"});
    List<Started> started = new ArrayList<>();
    for (String[] args : commandLines) {
      started.add(start(Map.of("DATABASE_URL", TestDatabase.shared().toUrl()), args));
    }
    for (Started s : started) {
      Run run = s.await();
      assertThat(run.exit).as(String.join(" ", s.args) + ": " + run.stderr).isEqualTo(2);
      assertThat(run.stderr).as(String.join(" ", s.args)).contains("usage:").contains("create-api-key --org <uuid> --name <name>");
      assertThat(run.stdout).as(String.join(" ", s.args)).isEmpty();
    }
  }

  @Test
  void anUnreachableDatabaseExits1NamingTheSetting() throws Exception {
    String nowhere = "postgresql://postgres@127.0.0.1:" + ServerProcesses.freePort() + "/drippulse";
    Run run = run(Map.of("DATABASE_URL", nowhere, "DB_MIGRATE", "false"),
        "create-api-key", "--org", UUID.randomUUID().toString(), "--name", "ci");
    assertThat(run.exit).as(run.stderr).isEqualTo(1);
    assertThat(run.stderr).contains("DATABASE_URL");
    assertThat(run.stdout).isEmpty();
  }

  private record Run(int exit, String stdout, String stderr) {
  }

  private record Started(String[] args, Process process, File stdout, File stderr) {

    Run await() throws Exception {
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", args) + " exits").isTrue();
      return new Run(process.exitValue(), Files.readString(stdout.toPath()), Files.readString(stderr.toPath()));
    }
  }

  private static Run run(Map<String, String> env, String... args) throws Exception {
    return start(env, args).await();
  }

  private static Started start(Map<String, String> env, String... args) throws Exception {
    File stdout = Files.createTempFile("cli", ".out").toFile();
    File stderr = Files.createTempFile("cli", ".err").toFile();
    return new Started(args, ServerProcesses.start(env, stdout, stderr, args), stdout, stderr);
  }
}
