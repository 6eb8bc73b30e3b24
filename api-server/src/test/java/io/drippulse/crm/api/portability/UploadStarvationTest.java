package io.drippulse.crm.api.portability;

import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.RawHttp;
import io.drippulse.crm.api.support.ScratchServer;
import io.drippulse.crm.api.support.TestServer;
import io.drippulse.crm.db.TestDatabase;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * OWASP API4 against bundle uploads: twelve uploads trickling a byte at a time (three times the pool's
 * four connections) hold no pooled connection, so another tenant is served within 2 s throughout; one
 * organization gets at most UPLOADS_PER_ORG at once (429 with Retry-After); an upload that has not
 * finished within UPLOAD_TIMEOUT is cut off with 408 and leaves nothing behind.
 */
@Timeout(120)
class UploadStarvationTest {

  private static final String IMPORTS = "/api/v1/crm/portability/imports";
  private static final TestServer shared = TestServer.get();
  private static ScratchServer server;

  @BeforeAll
  static void start() {
    server = ScratchServer.start(TestServer.config(shared.database).put("DB_POOL_SIZE", 4).put("UPLOADS_PER_ORG", 2)
        .put("UPLOAD_IDLE_TIMEOUT", 5).put("UPLOAD_TIMEOUT", 8).put("DB_ACQUIRE_TIMEOUT_MS", 1000));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void tricklingUploadsOfManyTenantsDoNotStarveAnotherTenant() throws Exception {
    List<UUID> orgs = new ArrayList<>();
    List<RawHttp> uploads = new ArrayList<>();
    try {
      for (int i = 0; i < 6; i++) {
        UUID org = UUID.randomUUID();
        orgs.add(org);
        for (int j = 0; j < 2; j++) {
          uploads.add(startUpload(org));
        }
      }
      String other = "Bearer " + shared.tokens.user(UUID.randomUUID(), "bystander");
      assertThat(server.withAuthorization(other).get("/api/v1/crm/opportunity_pipelines").statusCode()).isEqualTo(200);
      long started = System.nanoTime();
      while (Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(4)) < 0) {
        for (RawHttp upload : uploads) {
          upload.write("1\r\n \r\n");
        }
        long asked = System.nanoTime();
        assertThat(server.withAuthorization(other).get("/api/v1/crm/opportunity_pipelines").statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(2));
        LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
      }
      assertThat(uploading(orgs)).as("upload rows in progress").isEqualTo(12);

      try (RawHttp third = startUpload(orgs.get(0))) {
        String refused = third.readUntilClosed();
        assertThat(refused).startsWith("HTTP/1.1 429").contains("too_many_uploads").containsIgnoringCase("retry-after:");
      }
    } finally {
      for (RawHttp upload : uploads) {
        upload.close();
      }
    }
    for (int i = 0; i < 50 && uploading(orgs) > 0; i++) {
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
    assertThat(uploading(orgs)).as("abandoned uploads are deleted").isZero();
  }

  @Test
  void anUploadThatKeepsTricklingIsCutOffAtTheTotalLimit() throws Exception {
    UUID org = UUID.randomUUID();
    long started = System.nanoTime();
    try (RawHttp upload = startUpload(org)) {
      String answer = null;
      while (answer == null) {
        try {
          upload.write("1\r\n \r\n");
        } catch (IOException closed) {
          answer = upload.readUntilClosed();
          break;
        }
        LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
        if (Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(9)) > 0) {
          answer = upload.readUntilClosed();
        }
      }
      assertThat(answer).startsWith("HTTP/1.1 408").contains("upload_timeout");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(8))
          .isLessThan(Duration.ofSeconds(15));
    }
    assertThat(uploading(List.of(org))).isZero();
  }

  private static RawHttp startUpload(UUID org) throws IOException {
    RawHttp raw = new RawHttp(server.port());
    raw.write("POST " + IMPORTS + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
        + shared.tokens.user(org, "uploader") + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "1\r\n{\r\n");
    return raw;
  }

  private static long uploading(List<UUID> orgs) throws Exception {
    try (Connection c = TestDatabase.connect(shared.database);
         PreparedStatement st = c.prepareStatement("SELECT count(*) FROM portability_jobs WHERE org_id = ANY(?)")) {
      st.setArray(1, c.createArrayOf("uuid", orgs.toArray()));
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
