package io.drippulse.crm.api.portability;

import io.drippulse.crm.api.http.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * Streams a request body into the job's chunk rows, ~1 MiB per row, with backpressure: the request is
 * paused while a chunk is being inserted and resumed when it is stored, so at most one chunk (plus what
 * the socket had buffered) is in memory, whatever the bundle's size. Each chunk borrows a pooled
 * connection for its one insert only, never while waiting for the client. A client that sends nothing for
 * {@code idle}, or has not finished within {@code total}, is cut off with 408 and what it stored is deleted.
 */
final class BundleUpload {

  static final int CHUNK_BYTES = 1 << 20;

  private final Vertx vertx;
  private final HttpServerRequest request;
  private final PortabilityRepository.Upload upload;
  private final long maxBytes;
  private final Duration idle;
  private final Duration total;
  private final Promise<JsonObject> done = Promise.promise();
  private Buffer pending = Buffer.buffer(CHUNK_BYTES);
  private long received;
  private int seq;
  private boolean failed;
  private boolean storing;
  private long lastHeard;
  private long idleTimer;
  private long totalTimer;

  private BundleUpload(Vertx vertx, HttpServerRequest request, PortabilityRepository.Upload upload, long maxBytes,
                       Duration idle, Duration total) {
    this.vertx = vertx;
    this.request = request;
    this.upload = upload;
    this.maxBytes = maxBytes;
    this.idle = idle;
    this.total = total;
  }

  /** Consumes the (paused) request; completes with the queued job once every byte is committed. */
  static Future<JsonObject> run(Vertx vertx, HttpServerRequest request, PortabilityRepository.Upload upload,
                                long maxBytes, Duration idle, Duration total) {
    return new BundleUpload(vertx, request, upload, maxBytes, idle, total).start();
  }

  private Future<JsonObject> start() {
    request.handler(this::received);
    request.endHandler(ignored -> finish());
    request.exceptionHandler(this::fail);
    lastHeard = System.nanoTime();
    idleTimer = vertx.setPeriodic(Math.max(100, idle.toMillis() / 4), id -> checkIdle());
    totalTimer = vertx.setTimer(total.toMillis(), id -> timedOut(new ApiError(408, "upload_timeout", "The bundle did not"
        + " finish arriving within " + total.toSeconds() + " seconds; the upload was abandoned and nothing was stored.", null)));
    request.resume();
    return done.future().onComplete(ignored -> {
      vertx.cancelTimer(idleTimer);
      vertx.cancelTimer(totalTimer);
    });
  }

  /** Only time spent waiting on the client counts: while a chunk is being stored, the request is paused by us. */
  private void checkIdle() {
    if (!storing && System.nanoTime() - lastHeard > idle.toNanos()) {
      timedOut(new ApiError(408, "upload_timeout", "No part of the bundle arrived for " + idle.toSeconds() + " seconds;"
          + " the upload was abandoned and nothing was stored.", null));
    }
  }

  /** The rest of the body will never be read, so the connection closes once the 408 is out. */
  private void timedOut(ApiError error) {
    if (!failed) {
      request.response().endHandler(ignored -> request.connection().close());
      fail(error);
    }
  }

  private void received(Buffer data) {
    if (failed) {
      return;
    }
    lastHeard = System.nanoTime();
    received += data.length();
    if (received > maxBytes) {
      fail(new ApiError(413, "payload_too_large", "The bundle is larger than " + maxBytes + " bytes.", null));
      return;
    }
    pending.appendBuffer(data);
    if (pending.length() >= CHUNK_BYTES) {
      request.pause();
      storing = true;
      storeFullChunks().onSuccess(ignored -> {
        storing = false;
        lastHeard = System.nanoTime();
        request.resume();
      }).onFailure(this::fail);
    }
  }

  private Future<Void> storeFullChunks() {
    if (pending.length() < CHUNK_BYTES) {
      return Future.succeededFuture();
    }
    Buffer chunk = pending.getBuffer(0, CHUNK_BYTES);
    Buffer rest = pending.getBuffer(CHUNK_BYTES, pending.length());
    pending = Buffer.buffer(CHUNK_BYTES).appendBuffer(rest);
    return upload.chunk(seq++, chunk).compose(ignored -> storeFullChunks());
  }

  private void finish() {
    if (failed) {
      return;
    }
    storing = true;
    if (received == 0) {
      fail(ApiError.badRequest("empty_body", "Send the bundle as the request body."));
      return;
    }
    storeFullChunks()
        .compose(ignored -> pending.length() == 0 ? Future.succeededFuture() : upload.chunk(seq++, pending))
        .compose(ignored -> upload.commit(received))
        .onSuccess(done::tryComplete)
        .onFailure(this::fail);
  }

  private void fail(Throwable cause) {
    if (!failed) {
      failed = true;
      pending = Buffer.buffer();
      upload.abandon().onComplete(ignored -> done.tryFail(cause));
    }
  }
}
