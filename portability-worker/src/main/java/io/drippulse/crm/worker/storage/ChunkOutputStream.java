package io.drippulse.crm.worker.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Writes a bundle into the job's chunk rows, ~1 MiB per row, holding one chunk in memory. Every row is
 * written only while the attempt still holds the job; once it does not, writing fails.
 */
final class ChunkOutputStream extends OutputStream {

  private final ChunksRepository chunks;
  private final UUID orgId;
  private final UUID jobId;
  private final String part;
  private final LeaseHolder holder;
  private final byte[] buffer = new byte[ChunksRepository.CHUNK_BYTES];
  private int used;
  private int nextSeq;
  private long stored;
  private boolean closed;

  ChunkOutputStream(ChunksRepository chunks, UUID orgId, UUID jobId, String part, LeaseHolder holder) {
    this.chunks = chunks;
    this.orgId = orgId;
    this.jobId = jobId;
    this.part = part;
    this.holder = holder;
  }

  /** Rows written so far, numbered 0..n-1. */
  int chunks() {
    return nextSeq;
  }

  long bytes() {
    return stored;
  }

  @Override
  public void write(int b) throws IOException {
    if (used == buffer.length) {
      flushChunk();
    }
    buffer[used++] = (byte) b;
  }

  @Override
  public void write(byte[] bytes, int off, int len) throws IOException {
    while (len > 0) {
      if (used == buffer.length) {
        flushChunk();
      }
      int n = Math.min(len, buffer.length - used);
      System.arraycopy(bytes, off, buffer, used, n);
      used += n;
      off += n;
      len -= n;
    }
  }

  /** A no-op: a chunk row is written only when full or at close, so every row but the last is ~1 MiB. */
  @Override
  public void flush() {
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      if (used > 0) {
        flushChunk();
      }
    }
  }

  private void flushChunk() throws IOException {
    boolean held;
    try {
      held = chunks.write(orgId, jobId, part, nextSeq, buffer, used, holder);
    } catch (SQLException e) {
      throw new IOException("could not store chunk " + nextSeq + " of the job's " + part, e);
    }
    if (!held) {
      throw new IOException(BundleSink.notHeld(jobId, holder));
    }
    nextSeq++;
    stored += used;
    used = 0;
  }
}
