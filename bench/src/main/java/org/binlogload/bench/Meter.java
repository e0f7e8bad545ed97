package org.binlogload.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What one peer run costs its own JVM between {@link #begin} and {@link #end}: time, CPU, JIT, GC, heap, RSS. */
final class Meter {
  /** The line a child JVM prints when its clock starts, so that the parent can sample its target's CPU. */
  static final String BEGIN = "PEER-BEGIN";
  /** The prefix of the one result line a child JVM prints. */
  static final String RESULT = "PEER-RESULT";

  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long t0;
  private long cpu0;
  private long jit0;
  private long gc0;
  private HeapSampler heap;

  /** Starts the clock and the counters; tells the parent on stdout. */
  void begin() {
    heap = new HeapSampler();
    t0 = System.nanoTime();
    cpu0 = os.getProcessCpuTime();
    jit0 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    gc0 = gcMillis();
    System.out.println(BEGIN);
    System.out.flush();
  }

  /** Stops the clock; the result line for {@code rows} rows, as {@code key=value} pairs after {@link #RESULT}. */
  String end(long rows) throws InterruptedException {
    if (heap == null) {
      throw new IllegalStateException("Meter.end before Meter.begin");
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
    long jit = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jit0;
    long gc = gcMillis() - gc0;
    heap.close();
    return String.format(Locale.ROOT, "%s rows=%d seconds=%.3f cpu=%.3f jitMs=%d gcMs=%d heapMb=%d rssMb=%d",
        RESULT, rows, seconds, cpu, jit, gc, heap.peakBytes() >> 20, peakRssKb() >> 10);
  }

  private static long gcMillis() {
    long sum = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      sum += Math.max(0, gc.getCollectionTime());
    }
    return sum;
  }

  /** The process's peak resident set ({@code VmHWM}), in kB; -1 where /proc is missing. */
  static long peakRssKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
