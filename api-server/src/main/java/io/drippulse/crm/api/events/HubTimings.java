package io.drippulse.crm.api.events;

import java.util.Locale;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the live board costs a replica, for its log: the wake-up reads, the fan-out of what they return, and
 * how long a stream's batch waits on the stream's event loop before it is written. Without these figures the
 * write path's slowdown with streams open (issue 12) could only be guessed at. Fed from the hub's context
 * and from every stream's event loop, hence the adders.
 */
final class HubTimings {

  private final Stat reads = new Stat();
  private final Stat fanOuts = new Stat();
  private final Stat handOffs = new Stat();
  private final LongAdder events = new LongAdder();

  /** A count, a total and a maximum, in nanoseconds. */
  private static final class Stat {
    final LongAdder count = new LongAdder();
    final LongAdder total = new LongAdder();
    final LongAccumulator max = new LongAccumulator(Math::max, 0);

    void add(long nanos) {
      count.increment();
      total.add(nanos);
      max.accumulate(nanos);
    }

    String takeSummary() {
      long n = count.sumThenReset();
      long sum = total.sumThenReset();
      long most = max.getThenReset();
      return String.format(Locale.ROOT, "%d, mean %.2f ms, max %.2f ms", n, n == 0 ? 0 : sum / 1e6 / n, most / 1e6);
    }
  }

  void read(long nanos) {
    reads.add(nanos);
  }

  void fanOut(long nanos, int eventCount) {
    fanOuts.add(nanos);
    events.add(eventCount);
  }

  void handOff(long nanos) {
    handOffs.add(nanos);
  }

  boolean idle() {
    return reads.count.sum() == 0;
  }

  /** Since the last summary: reads, fan-outs (render and hand to each stream) and hand-offs (batch to write). */
  String takeSummary() {
    return "wake-up reads " + reads.takeSummary() + "; fan-outs " + fanOuts.takeSummary() + " (" + events.sumThenReset()
        + " events); stream hand-offs " + handOffs.takeSummary();
  }
}
