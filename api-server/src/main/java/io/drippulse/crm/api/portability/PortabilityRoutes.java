package io.drippulse.crm.api.portability;

import io.drippulse.crm.api.auth.Principal;
import io.drippulse.crm.api.config.AppConfig;
import io.drippulse.crm.api.http.ApiError;
import io.drippulse.crm.api.http.MediaType;
import io.drippulse.crm.api.http.PathIds;
import io.drippulse.crm.api.http.QueryParams;
import io.drippulse.crm.api.http.RequestTimeout;
import io.drippulse.crm.api.http.Responses;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * {@code /api/v1/crm/portability} (PRODUCT.md §7): queue exports and imports for the portability workers,
 * follow them, download an export's bundle. Everything is scoped to the caller's organization: another
 * organization's job ids are 404 like ids that do not exist.
 */
public final class PortabilityRoutes {

  static final String BASE = "/api/v1/crm/portability";
  private static final String API_RELATIVE = "/crm/portability";
  /** Bundles are streamed, never held; the cap only bounds what one request may store. */
  public static final long MAX_BUNDLE_BYTES = 4L << 30;
  private static final int LISTED = 50;
  private final PortabilityRepository jobs;
  private final AppConfig.Limits limits;
  private final UploadSlots uploads;

  public PortabilityRoutes(PortabilityRepository jobs, AppConfig.Limits limits) {
    this.jobs = jobs;
    this.limits = limits;
    this.uploads = new UploadSlots(limits.uploadsPerOrg());
  }

  /** The JSON routes, on the authenticated /api/v1 router (behind the body handler like every other route). */
  public void mount(Router api) {
    api.post(API_RELATIVE + "/exports").handler(this::queueExport);
    api.get(API_RELATIVE + "/exports").handler(ctx -> list(ctx, PortabilityRepository.EXPORT));
    api.get(API_RELATIVE + "/exports/:id").handler(ctx -> get(ctx, PortabilityRepository.EXPORT));
    api.get(API_RELATIVE + "/exports/:id/bundle").handler(this::download);
    api.get(API_RELATIVE + "/imports").handler(ctx -> list(ctx, PortabilityRepository.IMPORT));
    api.get(API_RELATIVE + "/imports/:id").handler(ctx -> get(ctx, PortabilityRepository.IMPORT));
  }

  /**
   * The upload route, on the root router ahead of the body handler, so the bundle streams into the
   * database instead of being buffered: the request is paused before anything asynchronous (authentication)
   * runs, and resumed chunk by chunk by {@link BundleUpload}.
   */
  public void mountUpload(Router root, Handler<RoutingContext> auth, Handler<RoutingContext> rateLimit) {
    root.post(BASE + "/imports").handler(ctx -> {
      ctx.request().pause();
      RequestTimeout.handOver(ctx); // the upload keeps its own idle and total limits
      ctx.next();
    }).handler(auth).handler(rateLimit).handler(this::queueImport);
  }

  private void queueExport(RoutingContext ctx) {
    Principal caller = Principal.of(ctx);
    jobs.enqueueExport(caller.orgId(), caller.userId())
        .compose(job -> Responses.json(ctx, 202, new JsonObject().put("job", job)))
        .onFailure(ctx::fail);
  }

  private void queueImport(RoutingContext ctx) {
    Principal caller = Principal.of(ctx);
    boolean dryRun = dryRun(ctx);
    MediaType.requireJson(ctx.request().getHeader("Content-Type"), "Send the bundle with Content-Type: application/json.");
    Runnable release = uploads.take(caller.orgId());
    jobs.beginImport(caller.orgId(), dryRun, caller.userId(), limits.uploadTotal())
        .compose(upload -> BundleUpload.run(ctx.vertx(), ctx.request(), upload, MAX_BUNDLE_BYTES, limits.uploadIdle(),
            limits.uploadTotal()))
        .onComplete(ignored -> release.run())
        .compose(job -> Responses.json(ctx, 202, new JsonObject().put("job", job)))
        .onFailure(ctx::fail);
  }

  private static boolean dryRun(RoutingContext ctx) {
    return QueryParams.get(ctx, "dry_run").map(value -> switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw ApiError.badRequest("invalid_query", "dry_run must be true or false.");
    }).orElse(false);
  }

  private void get(RoutingContext ctx, String kind) {
    UUID id = PathIds.uuid(ctx, "id", noun(kind));
    jobs.get(Principal.of(ctx).orgId(), id, kind)
        .map(found -> found.orElseThrow(() -> ApiError.notFound(noun(kind))))
        .compose(job -> Responses.json(ctx, 200, new JsonObject().put("job", job)))
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx, String kind) {
    jobs.list(Principal.of(ctx).orgId(), kind, LISTED)
        .compose(list -> Responses.json(ctx, 200, new JsonObject().put("jobs", list)))
        .onFailure(ctx::fail);
  }

  private void download(RoutingContext ctx) {
    UUID orgId = Principal.of(ctx).orgId();
    UUID id = PathIds.uuid(ctx, "id", "Export");
    jobs.get(orgId, id, PortabilityRepository.EXPORT)
        .map(found -> found.orElseThrow(() -> ApiError.notFound("Export")))
        .compose(job -> {
          String status = job.getString("status");
          if (!"succeeded".equals(status)) {
            throw ApiError.conflict("export_not_ready", "The export is " + status + "; its bundle is available once it"
                + " has succeeded.");
          }
          if (!JobJson.storesBundle(job.getString("origin"))) {
            throw ApiError.conflict("bundle_not_stored", "This export was written to a file by the command-line tool"
                + " (portability-worker export); its bundle is not stored on the server.");
          }
          String fileName = "drippulse-crm-" + orgId + "-" + LocalDate.now(ZoneOffset.UTC) + ".json";
          return BundleDownload.run(jobs, orgId, id, job.getLong("bundle_bytes"), fileName, ctx.response());
        })
        .onFailure(ctx::fail);
  }

  private static String noun(String kind) {
    return PortabilityRepository.EXPORT.equals(kind) ? "Export" : "Import";
  }
}
