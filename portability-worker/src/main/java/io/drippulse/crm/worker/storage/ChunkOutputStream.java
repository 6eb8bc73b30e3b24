package io.drippulse.crm.worker.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.SQLException;
import java.util.UUID;

/** Writes a bundle into the job's chunk rows, ~1 MiB per row, holding one chunk in memory. */
final class ChunkOutputStream extends OutputStream {

  private final ChunksRepository chunks;
  private final UUID orgId;
  private final UUID jobId;
  private final String part;
  private final byte[] buffer = new byte[ChunksRepository.CHUNK_BYTES];
  private int used;
  private int nextSeq;
  private boolean closed;

  ChunkOutputStream(ChunksRepository chunks, UUID orgId, UUID jobId, String part) {
    this.chunks = chunks;
    this.orgId = orgId;
    this.jobId = jobId;
    this.part = part;
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
    try {
      chunks.write(orgId, jobId, part, nextSeq++, buffer, used);
      used = 0;
    } catch (SQLException e) {
      throw new IOException("could not store chunk " + (nextSeq - 1) + " of the job's " + part, e);
    }
  }
}
