package io.drippulse.crm.worker.storage;

import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.UUID;

/** Reads a stored bundle back chunk by chunk: one ~1 MiB chunk in memory at a time, whatever the bundle's size. */
final class ChunkInputStream extends InputStream {

  private final ChunksRepository chunks;
  private final UUID orgId;
  private final UUID jobId;
  private final String part;
  private byte[] current = new byte[0];
  private int offset;
  private int nextSeq;
  private boolean exhausted;

  ChunkInputStream(ChunksRepository chunks, UUID orgId, UUID jobId, String part) {
    this.chunks = chunks;
    this.orgId = orgId;
    this.jobId = jobId;
    this.part = part;
  }

  @Override
  public int read() throws IOException {
    if (!fill()) {
      return -1;
    }
    return current[offset++] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(len, current.length - offset);
    System.arraycopy(current, offset, buffer, off, n);
    offset += n;
    return n;
  }

  private boolean fill() throws IOException {
    while (offset >= current.length) {
      if (exhausted) {
        return false;
      }
      try {
        byte[] next = chunks.read(orgId, jobId, part, nextSeq++);
        if (next == null) {
          exhausted = true;
          return false;
        }
        current = next;
        offset = 0;
      } catch (SQLException e) {
        throw new IOException("could not read chunk " + (nextSeq - 1) + " of the job's " + part, e);
      }
    }
    return true;
  }
}
