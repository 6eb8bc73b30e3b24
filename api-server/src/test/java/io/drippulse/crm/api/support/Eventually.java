package io.drippulse.crm.api.support;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * How tests wait for something outside them (a process to listen, a job to finish, a replica to re-subscribe):
 * ask again every {@code every} until the answer is the one waited for or the deadline passes. An attempt that
 * throws counts as "not yet" (a server that is not listening refuses the connection); the last answer or
 * failure goes into the assertion error.
 */
public final class Eventually {

  private Eventually() {
  }

  public static <T> T await(String what, Duration timeout, Duration every, Callable<T> attempt, Predicate<? super T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Object last = null;
    while (true) {
      try {
        T answer = attempt.call();
        if (done.test(answer)) {
          return answer;
        }
        last = answer;
      } catch (Exception notYet) {
        last = notYet;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(what + " did not happen within " + timeout + "; last: " + last);
      }
      LockSupport.parkNanos(every.toNanos());
    }
  }
}
