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
