package io.drippulse.crm.worker.storage;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** Where an import reads its bundle: a local file (CLI) or the job's uploaded chunks (queue). Re-openable. */
public interface BundleSource {

  InputStream open() throws IOException;

  String describe();

  static BundleSource file(Path path) {
    return new BundleSource() {
      @Override
      public InputStream open() throws IOException {
        return new BufferedInputStream(Files.newInputStream(path), 1 << 16);
      }

      @Override
      public String describe() {
        return path.toString();
      }
    };
  }

  static BundleSource chunks(ChunksRepository chunks, UUID orgId, UUID jobId) {
    return new BundleSource() {
      @Override
      public InputStream open() {
        return new ChunkInputStream(chunks, orgId, jobId, ChunksRepository.INPUT);
      }

      @Override
      public String describe() {
        return "the uploaded bundle of job " + jobId;
      }
    };
  }
}
