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

  /**
   * The job's output chunks, fenced by attempt: {@code holder} clears and writes them only while it still
   * holds the job, so an attempt that lost its lease leaves the output of the one that replaced it alone.
   * Commit checks that every chunk this attempt wrote is stored, and nothing else.
   */
  static BundleSink chunks(ChunksRepository chunks, UUID orgId, UUID jobId, LeaseHolder holder) {
    return new BundleSink() {
      private ChunkOutputStream stream;

      @Override
      public OutputStream open() throws IOException {
        boolean held;
        try {
          held = chunks.delete(orgId, jobId, ChunksRepository.OUTPUT, holder);
        } catch (SQLException e) {
          throw new IOException("could not clear an earlier attempt's output", e);
        }
        if (!held) {
          throw new IOException(notHeld(jobId, holder));
        }
        stream = new ChunkOutputStream(chunks, orgId, jobId, ChunksRepository.OUTPUT, holder);
        return stream;
      }

      @Override
      public void commit() throws IOException {
        ChunksRepository.Extent stored;
        try {
          stored = chunks.extent(orgId, jobId, ChunksRepository.OUTPUT);
        } catch (SQLException e) {
          throw new IOException("could not check the stored bundle", e);
        }
        if (stored.rows() != stream.chunks() || stored.nextSeq() != stream.chunks() || stored.bytes() != stream.bytes()) {
          throw new IOException("the stored bundle of job " + jobId + " is not the one written: " + stored.rows()
              + " chunks up to seq " + (stored.nextSeq() - 1) + ", " + stored.bytes() + " bytes, where this attempt wrote "
              + stream.chunks() + " chunks, " + stream.bytes() + " bytes");
        }
      }

      @Override
      public void abort() {
        try {
          chunks.delete(orgId, jobId, ChunksRepository.OUTPUT, holder);
        } catch (SQLException e) {
          throw new IllegalStateException("could not remove the output of a failed export", e);
        }
      }
    };
  }

  static String notHeld(UUID jobId, LeaseHolder holder) {
    return "attempt " + holder.attempt() + " no longer holds job " + jobId + " (its lease went to another worker);"
        + " it leaves the job's output alone";
  }
}
