package io.drippulse.crm.api.portability;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
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
  /** An upload's job row waits as 'uploading'; one its server never finished (a crash) is cleared by the next. */
  private static final String BEGIN_UPLOAD = "WITH stale AS (DELETE FROM portability_jobs WHERE org_id = $1"
      + " AND status = 'uploading' AND created_at < now() - make_interval(secs => $5))"
      + " INSERT INTO portability_jobs (org_id, id, kind, status, dry_run, requested_by, origin)"
      + " VALUES ($1, $2, 'import', 'uploading', $3, $4, 'api') RETURNING id";
  // the status change to 'queued' is what wakes the workers (V2's trigger)
  private static final String QUEUE_UPLOAD = "UPDATE portability_jobs SET bundle_bytes = $3, status = 'queued',"
      + " created_at = now(), updated_at = now() WHERE org_id = $1 AND id = $2 AND status = 'uploading' RETURNING " + COLUMNS;
  private static final String DROP_UPLOAD = "DELETE FROM portability_jobs WHERE org_id = $1 AND id = $2 AND status = 'uploading'";
  private static final String GET = "SELECT " + COLUMNS + " FROM portability_jobs WHERE org_id = $1 AND id = $2 AND kind = $3"
      + " AND status <> 'uploading'";
  private static final String LIST = "SELECT " + COLUMNS + " FROM portability_jobs WHERE org_id = $1 AND kind = $2"
      + " AND status <> 'uploading' ORDER BY created_at DESC, id LIMIT $3";
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
   * Starts an upload: its job row is 'uploading', which no worker claims and no listing shows. Each chunk is
   * then one short statement of its own, so an upload holds no pooled connection while it waits for the
   * client; the job becomes 'queued' only once every byte is stored, and an abandoned upload is deleted
   * with its chunks. {@code stale}: an 'uploading' row older than this belongs to an upload that cannot
   * still be running.
   */
  public Future<Upload> beginImport(UUID orgId, boolean dryRun, String requestedBy, Duration stale) {
    UUID jobId = UUID.randomUUID();
    return pool.preparedQuery(BEGIN_UPLOAD)
        .execute(Tuple.of(orgId, jobId, dryRun, requestedBy, (double) (stale.toSeconds() + 60)))
        .map(rows -> new Upload(pool, orgId, jobId));
  }

  /** One upload's job, written chunk by chunk in short transactions. */
  public static final class Upload {
    private final Pool pool;
    private final UUID orgId;
    private final UUID jobId;

    Upload(Pool pool, UUID orgId, UUID jobId) {
      this.pool = pool;
      this.orgId = orgId;
      this.jobId = jobId;
    }

    public Future<Void> chunk(int seq, Buffer data) {
      return pool.preparedQuery(INPUT_CHUNK).execute(Tuple.of(orgId, jobId, seq, data)).mapEmpty();
    }

    /** Records the size and queues the job for the workers. */
    public Future<JsonObject> commit(long bytes) {
      return pool.preparedQuery(QUEUE_UPLOAD).execute(Tuple.of(orgId, jobId, bytes)).map(rows -> {
        if (rows.size() == 0) {
          throw new IllegalStateException("upload " + jobId + " was cleared while it was running");
        }
        return first(rows);
      });
    }

    /** Deletes the job row and, by cascade, every chunk stored so far. */
    public Future<Void> abandon() {
      return pool.preparedQuery(DROP_UPLOAD).execute(Tuple.of(orgId, jobId)).mapEmpty();
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
