package org.binlogload.bench;

import static org.binlogload.bench.BinlogSupport.baseline;
import static org.binlogload.bench.BinlogSupport.dorisTable;
import static org.binlogload.bench.BinlogSupport.sql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.binlogload.bench.PeerWorkloads.Workload;
import org.binlogload.testkit.MariaDbServer;

/**
 * Issue 11's peer comparison: the same three binlog ranges (W1 bulk inserts, W2 updates and deletes, W3 one-row
 * transactions) read by {@code mariadb-binlog -v}, mysql-binlog-connector-java, Debezium embedded (JSON),
 * embedded-canal alone and the product end to end into a discarding endpoint and into the Doris double, each Java
 * peer in a JVM of its own, runs interleaved; prints medians, ratios and the product JVM's costs.
 *
 * <p>Arguments (all optional): {@code scale=1 runs=3 readers=<all> xmx=512m warmups=0}. With {@code warmups=N} each
 * Java reader's JVM (the product's daemon) reads the range N times untimed before its timed read: the steady state of
 * a reader that has run for a while, against the cold start the default measures.
 */
public final class PeerBench {
  static final List<String> READERS = List.of("mariadb-binlog", "binlog-client", "debezium", "canal",
      "canal-parallel", "product-discard", "product-double");

  private final MariaDbServer server;
  private final String xmx;
  private final Path log;
  private final Path tmp;
  private final ProductJvm productJvm;
  private final int warmups;
  /**
   * The discarding endpoint and the double, each started once and kept through the bench (keyed by "discard"), as a
   * Doris cluster runs on while jobs come and go: a target started per run would compile its own load path during
   * the product's clock, on the product's cores.
   */
  private final Map<Boolean, TargetProcess> targets = new HashMap<>();

  private PeerBench(MariaDbServer server, String xmx, int warmups, Path log, Path tmp) throws IOException {
    this.server = server;
    this.warmups = warmups;
    this.xmx = xmx;
    this.log = log;
    this.tmp = tmp;
    this.productJvm = ProductJvm.shipped(tmp);
  }

  /** One run's figures: the child's result line, with the target's CPU seconds and peak RSS where there is one. */
  record Figures(Map<String, String> values) {
    double get(String key) {
      String v = values.get(key);
      return v == null ? Double.NaN : Double.parseDouble(v);
    }
  }

  public static void main(String[] args) throws Exception {
    double scale = 1;
    int runs = 3;
    List<String> readers = READERS;
    String xmx = "512m";
    int warmups = 0;
    for (String a : args) {
      String[] kv = a.split("=", 2);
      switch (kv[0]) {
        case "scale" -> scale = Double.parseDouble(kv[1]);
        case "runs" -> runs = Integer.parseInt(kv[1]);
        case "readers" -> readers = List.of(kv[1].split(","));
        case "xmx" -> xmx = kv[1];
        case "warmups" -> warmups = Integer.parseInt(kv[1]);
        default -> throw new IllegalArgumentException("unknown argument " + a
            + " (scale=1 runs=3 readers=" + String.join(",", READERS) + " xmx=512m warmups=0)");
      }
    }
    for (String r : readers) {
      if (!READERS.contains(r)) {
        throw new IllegalArgumentException("unknown reader " + r + "; readers are " + String.join(",", READERS));
      }
    }
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    if (warmups < 0) {
      throw new IllegalArgumentException("warmups < 0: " + warmups);
    }
    System.out.printf(Locale.ROOT, "peer bench: scale %s, %d interleaved runs, readers %s, child JVMs -Xmx%s,"
        + " %d cores, %s; load average at start: %s%n", scale, runs, String.join(",", readers), xmx,
        Runtime.getRuntime().availableProcessors(), warmups == 0 ? "cold JVMs (no warm-up)"
            : "each JVM reads the range " + warmups + "x untimed before its timed read", loadAverage());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants()
        .forEach(ProcessHandle::destroy), "peer-bench-children")); // no child JVM outlives an interrupted bench
    MariaDbServer server = MariaDbServer.shared();
    server.start();
    long t0 = System.nanoTime();
    List<Workload> workloads = PeerWorkloads.write(server, scale);
    System.out.printf(Locale.ROOT, "wrote the workloads in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    for (Workload w : workloads) {
      System.out.printf(Locale.ROOT, "  %s: %s, %d row events, %s..%s:%d%n", w.name(), w.what(), w.range().rows(),
          w.range().start(), w.range().endFile(), w.range().endOffset());
    }
    Path log = Files.createTempFile("peer-bench", ".log");
    System.out.println("child output and stderr: " + log);
    Path tmp = Files.createTempDirectory("peer-bench");
    PeerBench bench = new PeerBench(server, xmx, warmups, log, tmp);
    Map<String, List<Figures>> results = new LinkedHashMap<>();
    Map<String, String> failures = new LinkedHashMap<>();
    for (int run = 0; run < runs; run++) {
      for (Workload w : workloads) {
        for (int i = 0; i < readers.size(); i++) {
          String reader = readers.get((i + run) % readers.size()); // rotate the order between runs
          bench.measure(run, w, reader, results, failures);
        }
      }
    }
    bench.closeTargets();
    PeerReport.print(workloads, readers, results, failures);
    System.out.println("load average at the end: " + loadAverage());
    sql(server, "DROP DATABASE IF EXISTS " + PeerWorkloads.SCHEMA);
    try (java.util.stream.Stream<Path> files = Files.walk(tmp)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete()); // the children's temp files
    }
  }

  /** Runs one reader over one workload, prints a progress line and keeps the figures or the failure. */
  private void measure(int run, Workload w, String reader, Map<String, List<Figures>> results,
      Map<String, String> failures) throws InterruptedException {
    String key = w.name() + " " + reader;
    try {
      Figures f = measure(w, reader);
      if (f.get("rows") < w.range().rows()) { // a reader that stopped short has no rate to compare
        throw new IllegalStateException(reader + " read " + (long) f.get("rows") + " of the range's " + w.range().rows()
            + " row events (" + w.range().start() + ".." + w.range().endFile() + ":" + w.range().endOffset() + ")");
      }
      Map<String, String> withRun = new HashMap<>(f.values());
      withRun.put("run", String.valueOf(run));
      results.computeIfAbsent(key, k -> new ArrayList<>()).add(new Figures(withRun));
      System.out.printf(Locale.ROOT, "run %d %-24s %9.0f rows/s (%d rows in %.2f s)%n", run + 1, key,
          f.get("rows") / f.get("seconds"), (long) f.get("rows"), f.get("seconds"));
    } catch (Exception e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      failures.putIfAbsent(key, message);
      System.out.printf(Locale.ROOT, "run %d %-24s FAILED: %s%n", run + 1, key, message);
    }
  }

  private Figures measure(Workload w, String reader) throws Exception {
    BinlogRange r = w.range();
    switch (reader) {
      case "mariadb-binlog" -> {
        double s = baseline(server, r);
        return new Figures(Map.of("rows", String.valueOf(r.rows()), "seconds", String.valueOf(s)));
      }
      case "product-discard", "product-double" -> {
        return product(w, reader.equals("product-discard"));
      }
      case "debezium" -> {
        return new Figures(ChildJvm.run(PeerRun.args(reader, w.table(), r, null, gtidPosition(r), warmups), xmx, tmp,
            log, () -> { }));
      }
      default -> {
        return new Figures(ChildJvm.run(PeerRun.args(reader, w.table(), r, null, null, warmups), xmx, tmp, log,
            () -> { }));
      }
    }
  }

  /**
   * The product in a child JVM with its shipped JVM options against a target process of its own; adds the target's CPU
   * and peak RSS. The first product run is preceded by an untimed one that writes the class data archive.
   */
  private Figures product(Workload w, boolean discard) throws Exception {
    if (productJvm.priming()) {
      productRun(w, discard);
      System.out.println("  (an untimed product run wrote the class data archive, as bin/binlog-load's first run does;"
          + " product JVM options: " + String.join(" ", productJvm.shippedOptions()) + ")");
    }
    return productRun(w, discard);
  }

  private Figures productRun(Workload w, boolean discard) throws Exception {
    TargetProcess target = target(discard);
    // a new database each run: the previous run's rows and labels go with the old one, as in Doris
    target.sql(ProductPeer.DORIS_DB, "DROP DATABASE IF EXISTS " + ProductPeer.DORIS_DB + " FORCE");
    target.sql(ProductPeer.DORIS_DB, "CREATE DATABASE " + ProductPeer.DORIS_DB);
    target.sql(ProductPeer.DORIS_DB, dorisTable(w.table()));
    double[] cpuAtBegin = {Double.NaN};
    Map<String, String> m = new HashMap<>(ChildJvm.run(PeerRun.args("product", w.table(), w.range(),
        target.feAddress(), null, warmups), xmx, productJvm.options(), productJvm.classPath(), tmp, log,
        () -> cpuAtBegin[0] = target.cpuSeconds()));
    m.put("targetCpu", String.valueOf(target.cpuSeconds() - cpuAtBegin[0]));
    m.put("targetRssMb", String.valueOf(target.peakRssMb()));
    return new Figures(m);
  }

  /** The target of that kind, started at its first use. */
  private TargetProcess target(boolean discard) throws IOException {
    TargetProcess t = targets.get(discard);
    if (t == null || !t.alive()) {
      t = TargetProcess.start(discard, log);
      targets.put(discard, t);
    }
    return t;
  }

  private void closeTargets() throws InterruptedException {
    for (TargetProcess t : targets.values()) {
      t.close();
    }
    targets.clear();
  }

  /** {@code BINLOG_GTID_POS} of the range's start: the GTID position Debezium's offset needs beside file and pos. */
  private String gtidPosition(BinlogRange r) throws SQLException {
    try (Connection c = server.adminConnection(null);
        PreparedStatement st = c.prepareStatement("SELECT BINLOG_GTID_POS(?, ?)")) {
      st.setString(1, r.startFile());
      st.setLong(2, r.startOffset());
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return String.valueOf(java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }
}
