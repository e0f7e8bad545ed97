package org.binlogload.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
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
  /** USER_HZ: /proc counts CPU time in these ticks on Linux. */
  static final double TICKS_PER_SECOND = 100.0;

  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long t0;
  private long cpu0;
  private double[] threads0;
  private HeapSampler heap;

  /** Starts the clock and the counters; tells the parent on stdout. */
  void begin() {
    heap = new HeapSampler();
    t0 = System.nanoTime();
    cpu0 = os.getProcessCpuTime();
    threads0 = jitAndGcCpuSeconds();
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
    double[] threads = jitAndGcCpuSeconds();
    heap.close();
    return String.format(Locale.ROOT, "%s rows=%d seconds=%.3f cpu=%.3f jitCpu=%.3f gcCpu=%.3f heapMb=%d rssMb=%d",
        RESULT, rows, seconds, cpu, threads[0] - threads0[0], threads[1] - threads0[1], heap.peakBytes() >> 20,
        peakRssKb("self") >> 10);
  }

  /**
   * CPU seconds of this JVM's JIT compiler threads and of its GC threads so far, from /proc/self/task (compiler
   * threads that have ended are not counted, so the JIT figure is a lower bound).
   */
  private static double[] jitAndGcCpuSeconds() {
    double[] sums = new double[2];
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path task : tasks) {
        String stat = readOrEmpty(task.resolve("stat"));
        if (stat.isEmpty()) {
          continue; // the thread ended while the directory was read
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        double cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
          sums[0] += cpu;
        } else if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")) {
          sums[1] += cpu;
        }
      }
    } catch (IOException e) {
      return new double[] {Double.NaN, Double.NaN}; // no /proc
    }
    return sums;
  }

  private static String readOrEmpty(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  /** The peak resident set ({@code VmHWM}) of process {@code pid} ("self": this one), in kB; -1 without /proc. */
  static long peakRssKb(String pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
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
