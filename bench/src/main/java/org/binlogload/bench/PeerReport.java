package org.binlogload.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.binlogload.bench.PeerBench.Figures;
import org.binlogload.bench.PeerWorkloads.Workload;

/** The peer bench's table: medians over runs, ratios to Debezium and to mysql-binlog-connector-java, JVM costs. */
final class PeerReport {
  private static final String ROW = "%-3s %-16s %5s %11s %8s %8s %8s %6s %5s %8s %8s %9s %8s%n";

  private PeerReport() {}

  static void print(List<Workload> workloads, List<String> readers, Map<String, List<Figures>> results,
      Map<String, String> failures) {
    System.out.println();
    System.out.println("== peers, medians of the runs");
    System.out.printf(Locale.ROOT, ROW, "", "reader", "runs", "rows/s", "x dbz", "x bcj", "cpu us/r", "jit %",
        "gc %", "heap MB", "rss MB", "tgt us/r", "tgt MB");
    for (Workload w : workloads) {
      double debezium = median(results.get(w.name() + " debezium"), PeerReport::rate);
      double binlogClient = median(results.get(w.name() + " binlog-client"), PeerReport::rate);
      for (String reader : readers) {
        List<Figures> runs = results.get(w.name() + " " + reader);
        if (runs == null) {
          System.out.printf(Locale.ROOT, "%-3s %-16s FAILED: %s%n", w.name(), reader,
              failures.getOrDefault(w.name() + " " + reader, "no run"));
          continue;
        }
        double rate = median(runs, PeerReport::rate);
        System.out.printf(Locale.ROOT, ROW, w.name(), reader, runs.size(), fmt("%.0f", rate),
            fmt("%.2f", rate / debezium), fmt("%.2f", rate / binlogClient),
            fmt("%.1f", median(runs, f -> f.get("cpu") * 1e6 / f.get("rows"))),
            fmt("%.0f", median(runs, f -> f.get("jitCpu") * 100 / f.get("cpu"))),
            fmt("%.0f", median(runs, f -> f.get("gcCpu") * 100 / f.get("cpu"))),
            fmt("%.0f", median(runs, f -> f.get("heapMb"))), fmt("%.0f", median(runs, f -> f.get("rssMb"))),
            fmt("%.1f", median(runs, f -> f.get("targetCpu") * 1e6 / f.get("rows"))),
            fmt("%.0f", median(runs, f -> f.get("targetRssMb"))));
      }
    }
    failures.forEach((k, v) -> System.out.println("failed: " + k + ": " + v));
    System.out.println("(rows/s = row events of the range / time from the reader's start to its last row: for the"
        + " product, CREATE SYNC JOB until the job has committed every row with 2PC; x dbz, x bcj = rows/s over"
        + " Debezium embedded (JSON) and over mysql-binlog-connector-java on the same range; cpu us/r = CPU of the"
        + " reader's JVM per row, its start excluded; jit %, gc % = CPU of the JIT compiler threads and of the GC"
        + " threads (and VM thread) over that CPU; heap = peak heap in use, sampled every 10 ms; rss = the JVM's peak"
        + " RSS; tgt = the target process (discarding endpoint or Doris double): its CPU per row over the run and its peak RSS;"
        + " mariadb-binlog decodes rows to /dev/null)");
    printPerRun(workloads, readers, results);
  }

  /** Each reader's rate over the same run's Debezium and bcj, run by run: the medians hide how much runs differ. */
  private static void printPerRun(List<Workload> workloads, List<String> readers, Map<String, List<Figures>> results) {
    if (!readers.contains("debezium") && !readers.contains("binlog-client")) {
      return;
    }
    System.out.println();
    System.out.println("== per run: x dbz and x bcj within the same run");
    for (Workload w : workloads) {
      for (String reader : readers) {
        List<Figures> runs = results.get(w.name() + " " + reader);
        if (runs == null || reader.equals("debezium") || reader.equals("binlog-client")) {
          continue;
        }
        StringBuilder dbz = new StringBuilder();
        StringBuilder bcj = new StringBuilder();
        for (Figures f : runs) {
          dbz.append(' ').append(fmt("%.2f", rate(f) / rateInRun(results.get(w.name() + " debezium"), f)));
          bcj.append(' ').append(fmt("%.2f", rate(f) / rateInRun(results.get(w.name() + " binlog-client"), f)));
        }
        System.out.printf(Locale.ROOT, "%-3s %-16s x dbz%s   x bcj%s%n", w.name(), reader, dbz, bcj);
      }
    }
  }

  /** The rate of the run of {@code runs} that ran in the same round as {@code f}, or NaN. */
  private static double rateInRun(List<Figures> runs, Figures f) {
    if (runs != null) {
      for (Figures r : runs) {
        if (r.get("run") == f.get("run")) {
          return rate(r);
        }
      }
    }
    return Double.NaN;
  }

  private static double rate(Figures f) {
    return f.get("rows") / f.get("seconds");
  }

  private static double median(List<Figures> runs, java.util.function.ToDoubleFunction<Figures> what) {
    if (runs == null || runs.isEmpty()) {
      return Double.NaN;
    }
    double[] v = runs.stream().mapToDouble(what).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static String fmt(String format, double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "-" : String.format(Locale.ROOT, format, v);
  }
}
