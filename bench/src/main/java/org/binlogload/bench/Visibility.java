package org.binlogload.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/** Polls the visible row count of an insert-only table and records when each committed prefix became visible. */
final class Visibility {
  private final LongSupplier count;
  private final ConcurrentLinkedQueue<long[]> commits = new ConcurrentLinkedQueue<>();
  private final List<long[]> seen = new ArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private Thread poller;

  Visibility(LongSupplier count) {
    this.count = count;
  }

  void committed(long rows, long nanos) {
    commits.add(new long[] {rows, nanos});
  }

  void start() {
    poller = new Thread(() -> {
      long last = 0;
      while (running.get()) {
        long n = count.getAsLong();
        if (n > last) {
          synchronized (seen) {
            seen.add(new long[] {n, System.nanoTime()});
          }
          last = n;
        }
        EndToEndBench.pause(10);
      }
    }, "visibility-poller");
    poller.setDaemon(true);
    poller.start();
  }

  void stop() throws InterruptedException {
    running.set(false);
    poller.join();
  }

  /** Freshness of each commit whose row count is in (from, to], weighted by nothing (one value per commit). */
  double[] latenciesMillis(int rowsPerCommit, long from, long to) {
    List<long[]> s;
    synchronized (seen) {
      s = new ArrayList<>(seen);
    }
    List<Double> out = new ArrayList<>();
    int k = 0;
    for (long[] c : commits) {
      if (c[0] <= from || c[0] > to) {
        continue;
      }
      while (k < s.size() && s.get(k)[0] < c[0]) {
        k++;
      }
      if (k < s.size()) {
        out.add(Math.max(0, s.get(k)[1] - c[1]) / 1e6);
      }
    }
    double[] a = out.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    return a;
  }

  /**
   * The gaps in ms between consecutive increases of the visible count whose later increase falls in
   * [{@code fromNanos}, {@code toNanos}), sorted: how long rows stopped flowing into the target.
   */
  double[] gapsMillis(long fromNanos, long toNanos) {
    List<long[]> s;
    synchronized (seen) {
      s = new ArrayList<>(seen);
    }
    List<Double> out = new ArrayList<>();
    for (int k = 1; k < s.size(); k++) {
      if (s.get(k)[1] >= fromNanos && s.get(k)[1] < toNanos) {
        out.add((s.get(k)[1] - s.get(k - 1)[1]) / 1e6);
      }
    }
    double[] a = out.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    return a;
  }

  /** The largest freshness in ms of the commits written in each second since {@code startNanos}, in order. */
  String timeline(long startNanos) {
    List<long[]> s;
    synchronized (seen) {
      s = new ArrayList<>(seen);
    }
    List<Long> worst = new ArrayList<>();
    int k = 0;
    for (long[] c : commits) {
      while (k < s.size() && s.get(k)[0] < c[0]) {
        k++;
      }
      if (k == s.size()) {
        break;
      }
      int second = (int) ((c[1] - startNanos) / 1_000_000_000L);
      while (worst.size() <= second) {
        worst.add(0L);
      }
      worst.set(second, Math.max(worst.get(second), (s.get(k)[1] - c[1]) / 1_000_000L));
    }
    return worst.toString();
  }
}
