package io.drippulse.crm.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.drippulse.crm.db.DatabaseUrl;
import io.drippulse.crm.worker.storage.BundleSink;
import io.drippulse.crm.worker.storage.ChunksRepository;
import io.drippulse.crm.worker.storage.LeaseHolder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An export's output belongs to the attempt holding the job: an attempt that lost its lease while still
 * running can neither write nor delete the output of the attempt that took over, and a bundle is committed
 * only when every chunk its attempt wrote is stored.
 */
class ExportOutputFencingTest {

  private static final int CHUNK = ChunksRepository.CHUNK_BYTES;
  private static final HikariDataSource DATA = dataSource();
  private static final ChunksRepository CHUNKS = new ChunksRepository(DATA);

  private final UUID org = UUID.randomUUID();
  private final UUID job = UUID.randomUUID();

  private static HikariDataSource dataSource() {
    DatabaseUrl url = WorkerProcess.database();
    HikariDataSource data = new HikariDataSource();
    data.setJdbcUrl(url.jdbcUrl());
    data.setUsername(url.user());
    data.setPassword(url.password());
    data.setMaximumPoolSize(2);
    return data;
  }

  @AfterAll
  static void close() {
    DATA.close();
  }

  @BeforeEach
  void runningExportHeldByA() {
    Db.update("INSERT INTO organizations (id) VALUES (?)", org);
    Db.update("INSERT INTO portability_jobs (org_id, id, kind, origin, status, attempts, lease_owner, lease_expires_at,"
        + " started_at) VALUES (?, ?, 'export', 'api', 'running', 1, 'a', now() + interval '1 minute', now())", org, job);
  }

  private void takenOverBy(String owner) {
    Db.update("UPDATE portability_jobs SET lease_owner = ?, attempts = attempts + 1 WHERE org_id = ? AND id = ?", owner,
        org, job);
  }

  private static byte[] bytes(int n, char fill) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) fill);
    return b;
  }

  private byte[] stored() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map<String, Object> chunk : Db.rows("SELECT data FROM portability_job_chunks WHERE org_id = ? AND job_id = ?"
        + " AND part = 'output' ORDER BY seq", org, job)) {
      out.writeBytes((byte[]) chunk.get("data"));
    }
    return out.toByteArray();
  }

  @Test
  void aStaleAttemptNeitherWritesNorDeletesTheOutputOfTheAttemptThatTookOver() throws Exception {
    BundleSink stale = BundleSink.chunks(CHUNKS, org, job, new LeaseHolder("a", 1));
    OutputStream a = stale.open();
    a.write(bytes(CHUNK + 10, 'a'));
    takenOverBy("b");
    BundleSink live = BundleSink.chunks(CHUNKS, org, job, new LeaseHolder("b", 2));
    byte[] bundle = bytes(2 * CHUNK + 5, 'b');
    OutputStream b = live.open();
    b.write(bundle, 0, CHUNK + 1);

    assertThatThrownBy(() -> a.write(bytes(CHUNK, 'a'))).isInstanceOf(IOException.class)
        .hasMessageContaining("attempt 1 no longer holds job " + job);
    stale.abort();

    b.write(bundle, CHUNK + 1, bundle.length - CHUNK - 1);
    b.close();
    live.commit();
    assertThat(stored()).isEqualTo(bundle);
    assertThatThrownBy(stale::open).isInstanceOf(IOException.class).hasMessageContaining("no longer holds");
    assertThat(stored()).isEqualTo(bundle);
  }

  @Test
  void theSameWorkerTakingTheJobAgainIsAnotherAttempt() throws Exception {
    BundleSink first = BundleSink.chunks(CHUNKS, org, job, new LeaseHolder("a", 1));
    first.open();
    takenOverBy("a");
    BundleSink second = BundleSink.chunks(CHUNKS, org, job, new LeaseHolder("a", 2));
    OutputStream out = second.open();
    out.write(bytes(CHUNK + 1, 'x'));

    first.abort();

    out.close();
    second.commit();
    assertThat(stored()).hasSize(CHUNK + 1);
  }

  @Test
  void aBundleWithAChunkMissingIsNotCommitted() throws Exception {
    BundleSink sink = BundleSink.chunks(CHUNKS, org, job, new LeaseHolder("a", 1));
    OutputStream out = sink.open();
    out.write(bytes(2 * CHUNK + 5, 'c'));
    out.close();
    Db.update("DELETE FROM portability_job_chunks WHERE org_id = ? AND job_id = ? AND seq = 0", org, job);

    assertThatThrownBy(sink::commit).isInstanceOf(IOException.class)
        .hasMessageContaining("is not the one written: 2 chunks up to seq 2");
  }
}
