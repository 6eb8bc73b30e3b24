package io.drippulse.crm.api.portability;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.Optional;
import java.util.UUID;

/**
 * Streams an export's chunks to the response in order. The next chunk is fetched while the current one
 * is written, and nothing further is read until that write has gone out: one or two chunks in memory per
 * download, however large the bundle and however slow the client. Headers go out only once the first
 * chunk is in hand, and a bundle whose chunks run out before its recorded size fails (the connection is
 * reset) instead of ending short.
 */
final class BundleDownload {

  private final PortabilityRepository repository;
  private final UUID orgId;
  private final UUID jobId;
  private final long bytes;
  private final HttpServerResponse response;
  private long sent;

  private BundleDownload(PortabilityRepository repository, UUID orgId, UUID jobId, long bytes,
                         HttpServerResponse response) {
    this.repository = repository;
    this.orgId = orgId;
    this.jobId = jobId;
    this.bytes = bytes;
    this.response = response;
  }

  static Future<Void> run(PortabilityRepository repository, UUID orgId, UUID jobId, long bytes, String fileName,
                          HttpServerResponse response) {
    BundleDownload download = new BundleDownload(repository, orgId, jobId, bytes, response);
    return repository.outputChunk(orgId, jobId, 0).compose(first -> {
      if (first.isEmpty()) {
        return Future.failedFuture(download.missing(0));
      }
      response.setStatusCode(200)
          .putHeader("Content-Type", "application/json; charset=utf-8")
          .putHeader("Content-Length", Long.toString(bytes))
          .putHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
          .putHeader("Cache-Control", "no-store");
      return download.send(first, 0);
    });
  }

  private Future<Void> send(Optional<Buffer> chunk, int seq) {
    if (chunk.isEmpty()) {
      return sent == bytes ? response.end() : Future.failedFuture(missing(seq));
    }
    sent += chunk.get().length();
    Future<Optional<Buffer>> next = repository.outputChunk(orgId, jobId, seq + 1);
    return Future.all(response.write(chunk.get()), next).compose(both -> send(next.result(), seq + 1));
  }

  private IllegalStateException missing(int seq) {
    return new IllegalStateException("export " + jobId + " has " + bytes + " bytes recorded but its stored bundle ends"
        + " after " + sent + " bytes, at chunk " + seq);
  }
}
