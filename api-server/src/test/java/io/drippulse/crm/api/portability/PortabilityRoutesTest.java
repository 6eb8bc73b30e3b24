package io.drippulse.crm.api.portability;

import static io.drippulse.crm.api.support.Json.assertError;
import static io.drippulse.crm.api.support.Json.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.Api;
import io.drippulse.crm.api.support.TestServer;
import io.drippulse.crm.db.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The job routes, one test per outcome, without a worker (jobs stay queued). */
class PortabilityRoutesTest {

  private static final String BASE = "/api/v1/crm/portability";

  private final TestServer server = TestServer.get();
  private final Api user = server.newOrgUser();

  private JsonObject job(HttpResponse<Buffer> response, int status) {
    return ok(response, status).getJsonObject("job");
  }

  private HttpResponse<Buffer> upload(Api caller, String query, Buffer body) {
    return caller.sendRaw(HttpMethod.POST, BASE + "/imports" + query, body, "application/json", null);
  }

  @Test
  void postingAnExportQueuesAJobForTheCallersOrg() {
    JsonObject queued = job(user.post(BASE + "/exports", new JsonObject()), 202);

    assertThat(queued.getString("status")).isEqualTo("queued");
    assertThat(queued.getString("kind")).isEqualTo("export");
    assertThat(queued.getString("requested_by")).isEqualTo(user.userId);
    assertThat(queued.getJsonObject("timings").getString("created_at")).isNotNull();
    JsonObject fetched = job(user.get(BASE + "/exports/" + queued.getString("id")), 200);
    assertThat(fetched.getString("id")).isEqualTo(queued.getString("id"));
    assertThat(ok(user.get(BASE + "/exports"), 200).getJsonArray("jobs").getJsonObject(0).getString("id"))
        .isEqualTo(queued.getString("id"));
  }

  @Test
  void anApiKeyMayQueueAnExportWithNoRequester() {
    String key = ok(user.post("/api/v1/api_keys", new JsonObject().put("name", "backup")), 201).getString("key");
    JsonObject queued = job(server.withAuthorization("Bearer " + key).post(BASE + "/exports", new JsonObject()), 202);
    assertThat(queued.getString("requested_by")).isNull();
  }

  @Test
  void theBundleOfAnExportThatHasNotSucceededIs409() {
    String id = job(user.post(BASE + "/exports", new JsonObject()), 202).getString("id");
    assertError(user.get(BASE + "/exports/" + id + "/bundle"), 409, "export_not_ready");
  }

  @Test
  void aCliExportHasNoBundleUrlAndItsBundleIs409() {
    ok(user.get(BASE + "/exports"), 200);
    UUID id = UUID.randomUUID();
    update("INSERT INTO portability_jobs (org_id, id, kind, status, origin, local_file, bundle_bytes, started_at,"
        + " finished_at) VALUES (?, ?, 'export', 'succeeded', 'cli', '/tmp/org.json', 1234, now(), now())", user.orgId, id);

    JsonObject fetched = job(user.get(BASE + "/exports/" + id), 200);

    assertThat(fetched.getString("origin")).isEqualTo("cli");
    assertThat(fetched.containsKey("bundle_url")).isFalse();
    assertError(user.get(BASE + "/exports/" + id + "/bundle"), 409, "bundle_not_stored");
  }

  @Test
  void aSucceededExportWhoseStoredBundleIsMissingIs500NotAnEmptyBody() {
    ok(user.get(BASE + "/exports"), 200);
    UUID id = UUID.randomUUID();
    update("INSERT INTO portability_jobs (org_id, id, kind, status, origin, bundle_bytes, started_at, finished_at)"
        + " VALUES (?, ?, 'export', 'succeeded', 'api', 1234, now(), now())", user.orgId, id);

    assertThat(job(user.get(BASE + "/exports/" + id), 200).getString("bundle_url")).endsWith("/exports/" + id + "/bundle");
    assertError(user.get(BASE + "/exports/" + id + "/bundle"), 500, "internal_error");
  }

  @Test
  void anotherOrganizationsJobsAreNotFound() {
    String exportId = job(user.post(BASE + "/exports", new JsonObject()), 202).getString("id");
    String importId = job(upload(user, "", Buffer.buffer("{}")), 202).getString("id");
    Api stranger = server.newOrgUser();

    assertError(stranger.get(BASE + "/exports/" + exportId), 404, "not_found");
    assertError(stranger.get(BASE + "/exports/" + exportId + "/bundle"), 404, "not_found");
    assertError(stranger.get(BASE + "/imports/" + importId), 404, "not_found");
    assertThat(ok(stranger.get(BASE + "/exports"), 200).getJsonArray("jobs")).isEmpty();
    assertThat(ok(stranger.get(BASE + "/imports"), 200).getJsonArray("jobs")).isEmpty();
  }

  @Test
  void unknownMalformedAndWrongKindIdsAreNotFound() {
    String importId = job(upload(user, "", Buffer.buffer("{}")), 202).getString("id");
    assertError(user.get(BASE + "/exports/" + importId), 404, "not_found");
    assertError(user.get(BASE + "/imports/" + UUID.randomUUID()), 404, "not_found");
    assertError(user.get(BASE + "/imports/not-a-uuid"), 404, "not_found");
  }

  @Test
  void anUploadedBundleIsStoredInChunksAndQueued() throws Exception {
    byte[] bytes = new byte[(int) (2.5 * (1 << 20))];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) ('a' + i % 26);
    }
    JsonObject queued = job(upload(user, "", Buffer.buffer(bytes)), 202);

    assertThat(queued.getString("status")).isEqualTo("queued");
    assertThat(queued.getString("kind")).isEqualTo("import");
    assertThat(queued.getBoolean("dry_run")).isFalse();
    assertThat(queued.getLong("bundle_bytes")).isEqualTo(bytes.length);
    assertThat(storedInput(user.orgId, UUID.fromString(queued.getString("id")))).isEqualTo(bytes);
  }

  @Test
  void dryRunIsAQueryFlag() {
    assertThat(job(upload(user, "?dry_run=true", Buffer.buffer("{}")), 202).getBoolean("dry_run")).isTrue();
    assertError(upload(user, "?dry_run=perhaps", Buffer.buffer("{}")), 400, "invalid_query");
  }

  @Test
  void anUploadMustBeJsonAndNotEmpty() {
    assertError(user.sendRaw(HttpMethod.POST, BASE + "/imports", Buffer.buffer("a,b"), "text/csv", null), 415,
        "unsupported_media_type");
    assertError(upload(user, "", Buffer.buffer()), 400, "empty_body");
  }

  @Test
  void anUploadWithoutCredentialsIs401AndStoresNothing() {
    long before = count("SELECT count(*) FROM portability_jobs");
    assertError(upload(user.withoutAuthorization(), "", Buffer.buffer("{\"format\": \"drippulse.crm.bundle\"}")), 401,
        "missing_credentials");
    assertThat(count("SELECT count(*) FROM portability_jobs")).isEqualTo(before);
  }

  static byte[] storedInput(UUID org, UUID job) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Connection c = TestDatabase.connect(TestDatabase.shared());
         PreparedStatement st = c.prepareStatement("SELECT data FROM portability_job_chunks WHERE org_id = ?"
             + " AND job_id = ? AND part = 'input' ORDER BY seq")) {
      st.setObject(1, org);
      st.setObject(2, job);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.writeBytes(rs.getBytes(1));
        }
      }
    }
    return out.toByteArray();
  }

  private static void update(String sql, Object... params) {
    try (Connection c = TestDatabase.connect(TestDatabase.shared()); PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      st.executeUpdate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static long count(String sql) {
    try (Connection c = TestDatabase.connect(TestDatabase.shared()); ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
