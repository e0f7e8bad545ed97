package org.binlogload.ddl;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Waits for a translation within a budget of the translating thread's CPU time, so that a correct statement is never
 * refused because the machine is loaded or classes are still loading (the thread waits, it does not compute); a
 * wall-clock backstop of {@value #BACKSTOP} times the budget still stops a translation that never gets to run.
 */
final class CpuBudget {
  static final int BACKSTOP = 15;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private CpuBudget() {}

  /** CPU nanoseconds {@code threadId} has used, or -1 when the JVM cannot tell. */
  static long threadCpuNanos(long threadId) {
    return THREADS.isThreadCpuTimeSupported() ? THREADS.getThreadCpuTime(threadId) : -1;
  }

  /**
   * The result of {@code f}, or a {@link TimeoutException} saying what ran out once the thread ({@code worker}, whose
   * CPU time was {@code cpuAtStart} when it began) used {@code budgetMillis} of CPU or the backstop passed.
   */
  static <T> T await(Future<T> f, long budgetMillis, AtomicLong worker, AtomicLong cpuAtStart)
      throws ExecutionException, InterruptedException, TimeoutException {
    long start = System.nanoTime();
    long backstop = TimeUnit.MILLISECONDS.toNanos(budgetMillis) * BACKSTOP;
    long slice = Math.max(1, budgetMillis / 4);
    try {
      return f.get(budgetMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException first) {
      while (true) {
        long id = worker.get();
        long cpu = id < 0 ? 0 : threadCpuNanos(id);
        long used = cpu < 0 ? Long.MAX_VALUE : Math.max(0, cpu - cpuAtStart.get());
        long wall = System.nanoTime() - start;
        if (used >= TimeUnit.MILLISECONDS.toNanos(budgetMillis)) {
          throw new TimeoutException(cpu < 0 ? "no CPU clock; " + wall / 1_000_000 + " ms wall"
              : used / 1_000_000 + " ms CPU used");
        }
        if (wall >= backstop) {
          throw new TimeoutException("still unfinished after " + wall / 1_000_000 + " ms, the wall-clock backstop");
        }
        try {
          return f.get(slice, TimeUnit.MILLISECONDS);
        } catch (TimeoutException again) {
          // the thread waited rather than computed: keep waiting
        }
      }
    }
  }
}
