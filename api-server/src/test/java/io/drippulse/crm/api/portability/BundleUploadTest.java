package io.drippulse.crm.api.portability;

import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.http.ApiError;
import io.drippulse.crm.db.DatabaseUrl;
import io.drippulse.crm.db.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The upload's idle timeout, with a one-second limit: a client that stops sending is cut off with 408 and
 * nothing is stored; a slow client that keeps sending is not.
 */
@Timeout(60)
class BundleUploadTest {

  private static final Duration IDLE = Duration.ofSeconds(1);
  private static final Duration TOTAL = Duration.ofSeconds(4);

  private static Vertx vertx;
  private static Pool pool;
  private static HttpServer server;
  private static HttpClient client;

  private final UUID org = UUID.randomUUID();

  @BeforeAll
  static void start() {
    DatabaseUrl db = TestDatabase.shared();
    vertx = Vertx.vertx();
    PgConnectOptions connect = new PgConnectOptions().setHost(db.host()).setPort(db.port()).setDatabase(db.database())
        .setUser(db.user());
    if (db.password() != null) {
      connect.setPassword(db.password());
    }
    pool = PgBuilder.pool().connectingTo(connect).using(vertx).build();
    PortabilityRepository repository = new PortabilityRepository(pool);
    server = vertx.createHttpServer().requestHandler(request -> {
      request.pause();
      repository.beginImport(UUID.fromString(request.getParam("org")), false, null, TOTAL)
          .compose(upload -> BundleUpload.run(vertx, request, upload, 1L << 30, IDLE, TOTAL))
          .onSuccess(job -> request.response().setStatusCode(202).end(job.encode()))
          .onFailure(e -> request.response().setStatusCode(e instanceof ApiError api ? api.status() : 500)
              .end(new JsonObject().put("code", e instanceof ApiError api ? api.code() : e.toString()).encode()));
    }).listen(0).await();
    client = vertx.createHttpClient();
  }

  @AfterAll
  static void stop() {
    client.close().await();
    server.close().await();
    pool.close().await();
    vertx.close().await();
  }

  @BeforeEach
  void organization() {
    sql("INSERT INTO organizations (id) VALUES (?)", org);
  }

  private HttpClientRequest post() {
    HttpClientRequest request = client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("localhost")
        .setPort(server.actualPort()).setURI("/?org=" + org)).await();
    return request.setChunked(true);
  }

  @Test
  void aClientThatStopsSendingIsCutOffWith408AndNothingIsStored() {
    HttpClientRequest request = post();
    request.write("{\"format\": \"drippulse.crm.bundle\", ").await();
    long started = System.nanoTime();

    Answer answer = answer(request);

    assertThat(answer.status()).isEqualTo(408);
    assertThat(answer.body().toJsonObject().getString("code")).isEqualTo("upload_timeout");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(IDLE);
    assertThat(sql("SELECT count(*) FROM portability_jobs WHERE org_id = ?", org)).isZero();
  }

  @Test
  void aSlowClientThatKeepsSendingIsNotCutOff() {
    HttpClientRequest request = post();
    Buffer sent = Buffer.buffer();
    for (int i = 0; i < 5; i++) {
      Buffer piece = Buffer.buffer("{\"piece\": " + i + "}\n");
      request.write(piece).await();
      sent.appendBuffer(piece);
      LockSupport.parkNanos(IDLE.toNanos() / 2);
    }
    request.end().await();

    Answer answer = answer(request);

    assertThat(answer.status()).isEqualTo(202);
    assertThat(answer.body().toJsonObject().getLong("bundle_bytes")).isEqualTo(sent.length());
    assertThat(sql("SELECT count(*) FROM portability_jobs WHERE org_id = ?", org)).isOne();
  }

  private record Answer(int status, Buffer body) {
  }

  /** The response and its body, read as they arrive (the server may answer before the request is sent). */
  private static Answer answer(HttpClientRequest request) {
    return request.response().compose(response -> response.body().map(body -> new Answer(response.statusCode(), body)))
        .await();
  }

  private static long sql(String statement, Object... params) {
    try (Connection c = TestDatabase.connect(TestDatabase.shared()); PreparedStatement st = c.prepareStatement(statement)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      if (!st.execute()) {
        return st.getUpdateCount();
      }
      try (ResultSet rs = st.getResultSet()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (Exception e) {
      throw new IllegalStateException(statement, e);
    }
  }
}
