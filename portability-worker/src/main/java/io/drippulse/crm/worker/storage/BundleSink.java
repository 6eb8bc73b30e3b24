package io.drippulse.crm.worker.storage;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Where an export writes its bundle. Nothing becomes visible until {@link #commit()}: a file is written
 * beside its final name and renamed; chunks are only served once the job is marked succeeded.
 */
public interface BundleSink {

  /** Starts a fresh bundle, discarding what an earlier, interrupted attempt left. */
  OutputStream open() throws IOException;

  void commit() throws IOException;

  /** Best effort: removes what an attempt that will not commit has written. */
  void abort();

  static BundleSink file(Path target) {
    Path partial = target.resolveSibling(target.getFileName() + ".partial");
    return new BundleSink() {
      @Override
      public OutputStream open() throws IOException {
        return new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16);
      }

      @Override
      public void commit() throws IOException {
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }

      @Override
      public void abort() {
        try {
          Files.deleteIfExists(partial);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }

  static BundleSink chunks(ChunksRepository chunks, UUID orgId, UUID jobId) {
    return new BundleSink() {
      @Override
      public OutputStream open() throws IOException {
        try {
          chunks.delete(orgId, jobId, ChunksRepository.OUTPUT);
        } catch (SQLException e) {
          throw new IOException("could not clear an earlier attempt's output", e);
        }
        return new ChunkOutputStream(chunks, orgId, jobId, ChunksRepository.OUTPUT);
      }

      @Override
      public void commit() {
      }

      @Override
      public void abort() {
        try {
          chunks.delete(orgId, jobId, ChunksRepository.OUTPUT);
        } catch (SQLException e) {
          throw new IllegalStateException("could not remove the output of a failed export", e);
        }
      }
    };
  }
}
