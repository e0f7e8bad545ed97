package org.binlogload.bench;

import static org.binlogload.bench.BinlogSupport.master;
import static org.binlogload.bench.BinlogSupport.mysqlTable;
import static org.binlogload.bench.BinlogSupport.row;
import static org.binlogload.bench.BinlogSupport.sql;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.binlogload.canal.Batch;
import org.binlogload.canal.ChangeEvent;
import org.binlogload.canal.DurableStore;
import org.binlogload.canal.RowChange;
import org.binlogload.canal.StartPosition;
import org.binlogload.canal.internal.CanalReader;
import org.binlogload.canal.internal.ReaderConfig;
import org.binlogload.canal.internal.TableMetaFactory;
import org.binlogload.canal.internal.schema.SchemaHistory;
import org.binlogload.testkit.MariaDbServer;

/**
 * Start-up against the backlog: a reader started at a position {@code mb} MB of binlog behind the end, whose first
 * event after that position is a row of its table; the time from building the reader to that first row, with the
 * first schema snapshot taken at the binlog end (the default, binlog_row_metadata=FULL) and proven by a scan of the
 * binlog from the start position (what every first start did before, and still does without FULL row metadata).
 * Each is timed {@code runs} times on a fresh store, interleaved; medians. Prints the load average.
 *
 * <p>Arguments (all optional): {@code mb=1024 runs=3}.
 */
public final class StartupBench {
  private static final String SCHEMA = "bench_startup";

  private StartupBench() {
  }

  public static void main(String[] args) throws Exception {
    long mb = 1024;
    int runs = 3;
    for (String a : args) {
      String[] kv = a.split("=", 2);
      switch (kv[0]) {
        case "mb" -> mb = Long.parseLong(kv[1]);
        case "runs" -> runs = Integer.parseInt(kv[1]);
        default -> throw new IllegalArgumentException("unknown argument " + a + " (mb=N runs=N)");
      }
    }
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    MariaDbServer server = MariaDbServer.shared();
    server.start();
    sql(server, "DROP DATABASE IF EXISTS " + SCHEMA, "CREATE DATABASE " + SCHEMA, mysqlTable(SCHEMA + ".probe"),
        "CREATE TABLE " + SCHEMA + ".filler LIKE " + SCHEMA + ".probe");
    String[] start = master(server);
    StringBuilder one = new StringBuilder("INSERT INTO " + SCHEMA + ".probe VALUES ");
    row(one, 1);
    sql(server, one.toString());
    long written = writeBacklog(server, mb << 20);
    String[] end = master(server);
    System.out.printf(Locale.ROOT, "start-up bench: a reader of %s.probe started at %s:%s, %d MB of binlog behind"
        + " the end %s:%s; time from build to its first row (the first event after the start), %d runs, medians%n",
        SCHEMA, start[0], start[1], written >> 20, end[0], end[1], runs);
    double[] ahead = new double[runs];
    double[] scan = new double[runs];
    for (int r = 0; r < runs; r++) {
      ahead[r] = firstRowSeconds(server, start, true, "ahead" + r);
      scan[r] = firstRowSeconds(server, start, false, "scan" + r);
      System.out.printf(Locale.ROOT, "  run %d: snapshot at the binlog end %.2f s, proven by a scan from the start"
          + " %.2f s%n", r + 1, ahead[r], scan[r]);
    }
    System.out.printf(Locale.ROOT, "%-52s %8s%n", "first start", "median s");
    System.out.printf(Locale.ROOT, "%-52s %8.2f%n", "snapshot at the binlog end (default, FULL metadata)",
        median(ahead));
    System.out.printf(Locale.ROOT, "%-52s %8.2f%n", "proven by SHOW BINLOG EVENTS from the start (before)",
        median(scan));
    System.out.println("load average: " + Files.readString(Path.of("/proc/loadavg")).trim());
  }

  /** Writes 1000-row INSERTs into the filler table until the binlog grew by {@code bytes}; returns the growth. */
  private static long writeBacklog(MariaDbServer server, long bytes) throws Exception {
    String[] from = master(server);
    long grown = 0;
    long id = 0;
    try (java.sql.Connection c = server.adminConnection(SCHEMA); java.sql.Statement st = c.createStatement()) {
      while (grown < bytes) {
        BinlogSupport.insertBulk(st, "filler", id, 100_000);
        id += 100_000;
        String[] now = master(server);
        grown = growth(server, from, now);
      }
    }
    return grown;
  }

  /** Bytes of binlog from {@code from} to {@code to}, across files ({@code SHOW BINARY LOGS}). */
  private static long growth(MariaDbServer server, String[] from, String[] to) throws Exception {
    long total = 0;
    try (java.sql.Connection c = server.adminConnection(null); java.sql.Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery("SHOW BINARY LOGS")) {
      while (rs.next()) {
        String file = rs.getString(1);
        long size = rs.getLong(2);
        if (file.compareTo(from[0]) < 0 || file.compareTo(to[0]) > 0) {
          continue;
        }
        long first = file.equals(from[0]) ? Long.parseLong(from[1]) : 4;
        long last = file.equals(to[0]) ? Long.parseLong(to[1]) : size;
        total += Math.max(0, last - first);
      }
    }
    return total;
  }

  private static double firstRowSeconds(MariaDbServer server, String[] start, boolean ahead, String name)
      throws Exception {
    Path dir = Files.createTempDirectory("startup-bench");
    TableMetaFactory history = (store, connection) -> {
      SchemaHistory h = new SchemaHistory(store, connection.destination());
      h.setSnapshotsAhead(ahead);
      return h;
    };
    CanalReader reader = new CanalReader(new ReaderConfig(name, server.host(), server.port(), server.replUser(),
        server.replPassword(), 7700 + Math.abs(name.hashCode() % 100), List.of(SCHEMA + ".probe"),
        StartPosition.at(start[0], Long.parseLong(start[1])), DurableStore.directory(dir), 1024, 64L << 20,
        Duration.ofSeconds(10), Duration.ofSeconds(600), Duration.ofSeconds(9), history));
    long t0 = System.nanoTime();
    try {
      reader.start();
      while (true) {
        Batch b = reader.get(100, Duration.ofMillis(200));
        for (ChangeEvent e : b.events()) {
          if (e instanceof RowChange) {
            return (System.nanoTime() - t0) / 1e9;
          }
        }
        if (System.nanoTime() - t0 > Duration.ofMinutes(30).toNanos()) {
          throw new IllegalStateException("no row of the probe table after 30 minutes");
        }
      }
    } finally {
      reader.stop();
    }
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    java.util.Arrays.sort(s);
    return s[s.length / 2];
  }
}
