package io.drippulse.crm.api.portability;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.OffsetDateTime;

/** A portability job as the API shows it: status, counts, progress, timings, the report and the error. */
final class JobJson {

  private JobJson() {
  }

  static JsonObject of(Row row) {
    String id = row.getUUID("id").toString();
    String kind = row.getString("kind");
    OffsetDateTime created = row.getOffsetDateTime("created_at");
    OffsetDateTime started = row.getOffsetDateTime("started_at");
    OffsetDateTime finished = row.getOffsetDateTime("finished_at");
    JsonObject job = new JsonObject()
        .put("id", id)
        .put("kind", kind)
        .put("status", row.getString("status"))
        .put("dry_run", row.getBoolean("dry_run"))
        .put("requested_by", row.getString("requested_by"))
        .put("origin", row.getString("origin"))
        .put("bundle_bytes", row.getLong("bundle_bytes"))
        .put("counts", json(row, "counts"))
        .put("progress", json(row, "progress"))
        .put("report", json(row, "report"))
        .put("error", row.getString("error"))
        .put("attempts", row.getInteger("attempts"))
        .put("timings", new JsonObject()
            .put("created_at", instant(created))
            .put("started_at", instant(started))
            .put("finished_at", instant(finished))
            .put("queued_ms", started == null ? null : Duration.between(created, started).toMillis())
            .put("run_ms", started == null || finished == null ? null : Duration.between(started, finished).toMillis()));
    if (PortabilityRepository.EXPORT.equals(kind) && "succeeded".equals(row.getString("status"))
        && storesBundle(row.getString("origin"))) {
      job.put("bundle_url", PortabilityRoutes.BASE + "/exports/" + id + "/bundle");
    }
    return job;
  }

  /** A CLI export wrote its bundle to a file on the machine it ran on; only queued exports store it here. */
  static boolean storesBundle(String origin) {
    return !"cli".equals(origin);
  }

  private static JsonObject json(Row row, String column) {
    Object value = row.getValue(column);
    return value instanceof JsonObject object ? object : new JsonObject();
  }

  private static String instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant().toString();
  }
}
