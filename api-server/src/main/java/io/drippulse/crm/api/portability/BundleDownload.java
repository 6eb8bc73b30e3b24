package io.drippulse.crm.api.portability;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.Optional;
import java.util.UUID;

/**
 * Streams an export's chunks to the response in order. The next chunk is fetched while the current one
 * is written, and nothing further is read until that write has gone out: one or two chunks in memory per
 * download, however large the bundle and however slow the client.
 */
final class BundleDownload {

  private final PortabilityRepository repository;
  private final UUID orgId;
  private final UUID jobId;
  private final HttpServerResponse response;

  private BundleDownload(PortabilityRepository repository, UUID orgId, UUID jobId, HttpServerResponse response) {
    this.repository = repository;
    this.orgId = orgId;
    this.jobId = jobId;
    this.response = response;
  }

  static Future<Void> run(PortabilityRepository repository, UUID orgId, UUID jobId, HttpServerResponse response) {
    BundleDownload download = new BundleDownload(repository, orgId, jobId, response);
    return download.repository.outputChunk(orgId, jobId, 0).compose(first -> download.send(first, 0));
  }

  private Future<Void> send(Optional<Buffer> chunk, int seq) {
    if (chunk.isEmpty()) {
      return response.end();
    }
    Future<Optional<Buffer>> next = repository.outputChunk(orgId, jobId, seq + 1);
    return Future.all(response.write(chunk.get()), next).compose(both -> send(next.result(), seq + 1));
  }
}
