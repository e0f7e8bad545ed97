package org.binlogload.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;

/** Samples the heap in use every 10 ms on a daemon thread and keeps the peak, until closed. */
final class HeapSampler implements AutoCloseable {
  private final AtomicLong peak = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  HeapSampler() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    thread = new Thread(() -> {
      while (running) {
        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  /** The highest heap in use seen so far, in bytes. */
  long peakBytes() {
    return peak.get();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join();
  }
}
