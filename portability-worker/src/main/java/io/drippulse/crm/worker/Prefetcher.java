package io.drippulse.crm.worker;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Produces items on a thread of its own, a bounded number of batches ahead of the consumer. Readers use it
 * so that decoding rows (from the database, from bundle JSON) overlaps with the step writing the previous
 * ones, instead of the two taking turns on one thread. Memory stays bounded: at most {@code batches}
 * batches of {@code batchSize} items wait in the queue.
 */
public final class Prefetcher<T> implements AutoCloseable {

  /** Calls {@code sink} for every item, in order, then returns. */
  @FunctionalInterface
  public interface Producer<T> {
    void produce(Consumer<T> sink) throws Exception;
  }

  private static final Object END = new Object();

  private final BlockingQueue<Object> queue;
  private final int batchSize;
  private final Thread thread;
  private volatile boolean closed;
  private Iterator<T> current = List.<T>of().iterator();
  private boolean ended;

  public Prefetcher(String name, int batchSize, int batches, Producer<T> producer) {
    this.batchSize = batchSize;
    this.queue = new ArrayBlockingQueue<>(batches);
    this.thread = new Thread(() -> run(producer), name);
    thread.setDaemon(true);
    thread.start();
  }

  /** The next item, or null when the producer is done. Rethrows what the producer failed with. */
  @SuppressWarnings("unchecked")
  public T next() throws Exception {
    while (!current.hasNext()) {
      if (ended) {
        return null;
      }
      Object taken = queue.take();
      if (taken == END) {
        ended = true;
        return null;
      }
      if (taken instanceof Failure failure) {
        ended = true;
        throw failure.cause;
      }
      current = ((List<T>) taken).iterator();
    }
    return current.next();
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    queue.clear();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run(Producer<T> producer) {
    List<T>[] batch = new List[] {new ArrayList<T>(batchSize)};
    try {
      producer.produce(item -> {
        batch[0].add(item);
        if (batch[0].size() == batchSize) {
          put(batch[0]);
          batch[0] = new ArrayList<>(batchSize);
        }
      });
      if (!batch[0].isEmpty()) {
        put(batch[0]);
      }
      put(END);
    } catch (Stopped e) {
      // closed by the consumer: nobody is waiting for the rest
    } catch (Exception e) {
      offerFailure(e);
    }
  }

  private void put(Object element) {
    try {
      while (!queue.offer(element, 100, TimeUnit.MILLISECONDS)) {
        if (closed) {
          throw new Stopped();
        }
      }
    } catch (InterruptedException e) {
      throw new Stopped();
    }
  }

  private void offerFailure(Exception cause) {
    if (!closed) {
      try {
        put(new Failure(cause));
      } catch (Stopped ignored) {
        // the consumer went away first
      }
    }
  }

  private record Failure(Exception cause) {
  }

  private static final class Stopped extends RuntimeException {
    Stopped() {
      super(null, null, false, false);
    }
  }
}
