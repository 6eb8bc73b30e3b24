package io.drippulse.crm.worker.export;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A run of consecutive records already written as bundle JSON: {@code length} bytes of {@code bytes}, holding
 * {@code rows} records, with the commas between them (and before the first, unless it opens the section).
 * Whoever writes a page out releases it, so its buffer serves a later page: an export then allocates a few
 * dozen buffers instead of one per 128 KB of its bundle, and the heap stays as small at 1M rows as at 100k.
 */
record JsonPage(byte[] bytes, int length, int rows, Pool pool) {

  void release() {
    pool.give(bytes);
  }

  /** Free page buffers; holds at most as many as can be in flight between reader and writer. */
  static final class Pool {
    private static final int CAPACITY = 128;
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CAPACITY);

    /** A buffer of at least {@code size} bytes. */
    byte[] take(int size) {
      byte[] buffer = free.poll();
      return buffer != null && buffer.length >= size ? buffer : new byte[size];
    }

    void give(byte[] buffer) {
      free.offer(buffer);
    }
  }
}
