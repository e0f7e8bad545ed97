package org.binlogload.bench;

import static org.binlogload.bench.BinlogSupport.baseline;
import static org.binlogload.bench.BinlogSupport.insertBulk;
import static org.binlogload.bench.BinlogSupport.insertSingles;
import static org.binlogload.bench.BinlogSupport.master;
import static org.binlogload.bench.BinlogSupport.mysqlTable;
import static org.binlogload.bench.BinlogSupport.rangeSince;
import static org.binlogload.bench.BinlogSupport.sql;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.binlogload.canal.EmbeddedCanal;
import org.binlogload.testkit.MariaDbServer;

/**
 * Drains a bulk insert (1M rows, 10 columns, 1000 rows per statement) and many one-row transactions (50k) through
 * {@link EmbeddedCanal} and prints rows/s and peak heap next to {@code mariadb-binlog --read-from-remote-server} on
 * the same binlog range, in the same run.
 *
 * <p>Arguments (all optional): {@code rows=1000000 transactions=50000 ring=1024}. Uses the project's private MariaDB.
 */
public final class BinlogReadBench {
  private static final String SCHEMA = "bench_binlog";

  private BinlogReadBench() {}

  public static void main(String[] args) throws Exception {
    long rows = 1_000_000;
    int transactions = 50_000;
    int ring = 1024;
    for (String a : args) {
      String[] kv = a.split("=", 2);
      switch (kv[0]) {
        case "rows" -> rows = Long.parseLong(kv[1]);
        case "transactions" -> transactions = Integer.parseInt(kv[1]);
        case "ring" -> ring = Integer.parseInt(kv[1]);
        default -> throw new IllegalArgumentException("unknown argument " + a
            + " (rows=N transactions=N ring=N)");
      }
    }
    // Quiet Canal's INFO chatter so the figures stand out (logback is the bench's backend).
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    MariaDbServer server = MariaDbServer.shared();
    server.start();
    sql(server, "DROP DATABASE IF EXISTS " + SCHEMA, "CREATE DATABASE " + SCHEMA,
        mysqlTable(SCHEMA + ".bulk"),
        "CREATE TABLE " + SCHEMA + ".single LIKE " + SCHEMA + ".bulk");
    System.out.printf(Locale.ROOT, "binlog read bench: %d bulk rows, %d one-row transactions, ring %d entries,"
        + " max heap %d MB, %d cores%n", rows, transactions, ring, Runtime.getRuntime().maxMemory() >> 20,
        Runtime.getRuntime().availableProcessors());

    long t0 = System.nanoTime();
    BinlogRange bulk = writeBulk(server, rows);
    System.out.printf(Locale.ROOT, "wrote bulk in %.1f s (%s:%d .. %s:%d)%n", (System.nanoTime() - t0) / 1e9,
        bulk.startFile(), bulk.startOffset(), bulk.endFile(), bulk.endOffset());
    t0 = System.nanoTime();
    BinlogRange single = writeSingles(server, transactions);
    System.out.printf(Locale.ROOT, "wrote transactions in %.1f s%n", (System.nanoTime() - t0) / 1e9);

    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "%-22s %9s %8s %12s %8s %11s %11s %12s %7s", "case", "rows", "canal s",
        "canal rows/s", "peak MB", "parser cpu", "convert cpu", "baseline r/s", "ratio"));
    for (Object[] c : new Object[][] {{"bulk 1000 rows/stmt", bulk, "bulk"}, {"one-row transactions", single,
        "single"}}) {
      BinlogRange r = (BinlogRange) c[1];
      CanalDrain.Result canal = CanalDrain.drain(server, SCHEMA, (String) c[2], r, ring);
      double baseline = baseline(server, r);
      lines.add(String.format(Locale.ROOT, "%-22s %9d %8.2f %12.0f %8d %9.2f s %9.2f s %12.0f %7.2f", c[0],
          r.rows(), canal.seconds(), r.rows() / canal.seconds(), canal.peakHeapBytes() >> 20,
          canal.parserCpuSeconds(), canal.consumerCpuSeconds(),
          r.rows() / baseline,
          (r.rows() / canal.seconds()) / (r.rows() / baseline)));
    }
    System.out.println();
    lines.forEach(System.out::println);
    System.out.println("(ratio = EmbeddedCanal rows/s / mariadb-binlog -v rows/s; peak = highest heap in use,"
        + " sampled every 10 ms; parser cpu = CPU time of Canal's parser thread; convert cpu = CPU time of the consumer thread, which converts Canal entries into"
        + " events; load average at the end: " + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()
        + ")");
    sql(server, "DROP DATABASE IF EXISTS " + SCHEMA);
  }

  private static BinlogRange writeBulk(MariaDbServer server, long rows) throws SQLException {
    String[] start = master(server);
    try (Connection c = server.adminConnection(SCHEMA); Statement st = c.createStatement()) {
      insertBulk(st, "bulk", 1, rows);
    }
    return rangeSince(server, start, rows);
  }

  private static BinlogRange writeSingles(MariaDbServer server, int transactions) throws SQLException {
    String[] start = master(server);
    try (Connection c = server.adminConnection(SCHEMA); Statement st = c.createStatement()) {
      insertSingles(st, "single", 1, transactions);
    }
    return rangeSince(server, start, transactions);
  }

}
