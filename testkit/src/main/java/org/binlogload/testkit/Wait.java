package org.binlogload.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition instead of sleeping for a guessed time. */
public final class Wait {
  private Wait() {}

  /** Polls {@code condition} until it holds, failing with {@code what} after {@code timeout}. */
  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = 1;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for: " + what);
      }
      pause(pause);
      pause = Math.min(pause * 2, 50);
    }
  }

  /** Polls {@code value} until {@code done} accepts it, failing with the last value after {@code timeout}. */
  public static <T> T until(String what, Duration timeout, Supplier<T> value, java.util.function.Predicate<T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = 1;
    T last = value.get();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for: " + what + "; last value: " + last);
      }
      pause(pause);
      pause = Math.min(pause * 2, 50);
      last = value.get();
    }
    return last;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis); // polling interval of a condition wait, not a stand-in for one
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting", e);
    }
  }
}
