package io.drippulse.crm.api.portability;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.UUID;

/**
 * All SQL of the portability routes. The job table is the queue the portability workers consume (its
 * trigger notifies them); bundles travel through portability_job_chunks, ~1 MiB per row, in both
 * directions, so the api-server and the workers share no disk.
 */
public final class PortabilityRepository {

  static final String EXPORT = "export";
  static final String IMPORT = "import";

  private static final String COLUMNS = "id, kind, status, dry_run, requested_by, origin, bundle_bytes, counts,"
      + " progress, report, error, attempts, created_at, started_at, finished_at";
  private static final String ENQUEUE = "INSERT INTO portability_jobs (org_id, id, kind, dry_run, requested_by, origin)"
      + " VALUES ($1, $2, $3, $4, $5, 'api') RETURNING " + COLUMNS;
  private static final String INPUT_CHUNK = "INSERT INTO portability_job_chunks (org_id, job_id, part, seq, data)"
      + " VALUES ($1, $2, 'input', $3, $4)";
  private static final String INPUT_SIZE = "UPDATE portability_jobs SET bundle_bytes = $3 WHERE org_id = $1 AND id = $2"
      + " RETURNING " + COLUMNS;
  private static final String GET = "SELECT " + COLUMNS + " FROM portability_jobs WHERE org_id = $1 AND id = $2 AND kind = $3";
  private static final String LIST = "SELECT " + COLUMNS + " FROM portability_jobs WHERE org_id = $1 AND kind = $2"
      + " ORDER BY created_at DESC, id LIMIT $3";
  private static final String OUTPUT_CHUNK = "SELECT data FROM portability_job_chunks"
      + " WHERE org_id = $1 AND job_id = $2 AND part = 'output' AND seq = $3";

  private final Pool pool;

  public PortabilityRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<JsonObject> enqueueExport(UUID orgId, String requestedBy) {
    return pool.preparedQuery(ENQUEUE).execute(Tuple.of(orgId, UUID.randomUUID(), EXPORT, false, requestedBy))
        .map(PortabilityRepository::first);
  }

  /**
   * Opens the transaction an upload is written in: the job row and every chunk commit together, so a
   * worker never sees a half-uploaded bundle and an interrupted upload leaves nothing behind.
   */
  public Future<Upload> beginImport(UUID orgId, boolean dryRun, String requestedBy) {
    UUID jobId = UUID.randomUUID();
    return pool.getConnection().compose(conn -> conn.begin()
        .compose(tx -> conn.preparedQuery(ENQUEUE).execute(Tuple.of(orgId, jobId, IMPORT, dryRun, requestedBy))
            .map(rows -> new Upload(conn, tx, orgId, jobId)))
        .onFailure(e -> conn.close()));
  }

  /** The open upload transaction of one import job. */
  public static final class Upload {
    private final SqlConnection conn;
    private final Transaction tx;
    private final UUID orgId;
    private final UUID jobId;

    Upload(SqlConnection conn, Transaction tx, UUID orgId, UUID jobId) {
      this.conn = conn;
      this.tx = tx;
      this.orgId = orgId;
      this.jobId = jobId;
    }

    public Future<Void> chunk(int seq, Buffer data) {
      return conn.preparedQuery(INPUT_CHUNK).execute(Tuple.of(orgId, jobId, seq, data)).mapEmpty();
    }

    /** Records the size, commits, and returns the queued job. */
    public Future<JsonObject> commit(long bytes) {
      return conn.preparedQuery(INPUT_SIZE).execute(Tuple.of(orgId, jobId, bytes))
          .map(PortabilityRepository::first)
          .compose(job -> tx.commit().map(job))
          .eventually(conn::close);
    }

    /** Closing the connection with its transaction open rolls it back. */
    public Future<Void> abandon() {
      return conn.close();
    }
  }

  public Future<Optional<JsonObject>> get(UUID orgId, UUID jobId, String kind) {
    return pool.preparedQuery(GET).execute(Tuple.of(orgId, jobId, kind))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(first(rows)));
  }

  public Future<JsonArray> list(UUID orgId, String kind, int limit) {
    return pool.preparedQuery(LIST).execute(Tuple.of(orgId, kind, limit)).map(rows -> {
      JsonArray jobs = new JsonArray();
      rows.forEach(row -> jobs.add(JobJson.of(row)));
      return jobs;
    });
  }

  /** Chunk {@code seq} of an export's bundle, or empty past the last one. */
  public Future<Optional<Buffer>> outputChunk(UUID orgId, UUID jobId, int seq) {
    return pool.preparedQuery(OUTPUT_CHUNK).execute(Tuple.of(orgId, jobId, seq))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getBuffer("data")));
  }

  private static JsonObject first(RowSet<Row> rows) {
    return JobJson.of(rows.iterator().next());
  }
}
