package org.binlogload.bench;

import static org.binlogload.bench.BinlogSupport.baseline;
import static org.binlogload.bench.BinlogSupport.master;
import static org.binlogload.bench.BinlogSupport.sql;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.binlogload.canal.Batch;
import org.binlogload.canal.ChangeEvent;
import org.binlogload.canal.EmbeddedCanal;
import org.binlogload.canal.RowChange;
import org.binlogload.canal.StartPosition;
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
        "CREATE TABLE " + SCHEMA + ".bulk (id BIGINT PRIMARY KEY, a INT, b BIGINT, c VARCHAR(32), d DECIMAL(12,2),"
            + " e DATETIME, f DOUBLE, g VARCHAR(64), h TINYINT, i DATE)",
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
      Result canal = drain(server, r, (String) c[2], ring);
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
      StringBuilder sb = new StringBuilder(1 << 17);
      for (long base = 0; base < rows; base += 1000) {
        sb.setLength(0);
        sb.append("INSERT INTO bulk VALUES ");
        long n = Math.min(1000, rows - base);
        for (long i = 0; i < n; i++) {
          long id = base + i + 1;
          if (i > 0) {
            sb.append(',');
          }
          row(sb, id);
        }
        st.execute(sb.toString());
      }
    }
    String[] end = master(server);
    return new BinlogRange(start[0], Long.parseLong(start[1]), end[0], Long.parseLong(end[1]), rows);
  }

  private static BinlogRange writeSingles(MariaDbServer server, int transactions) throws SQLException {
    String[] start = master(server);
    try (Connection c = server.adminConnection(SCHEMA); Statement st = c.createStatement()) {
      StringBuilder sb = new StringBuilder(1 << 16);
      for (int base = 0; base < transactions; base += 100) {
        sb.setLength(0);
        for (int i = 0; i < 100 && base + i < transactions; i++) {
          sb.append("INSERT INTO single VALUES ");
          row(sb, base + i + 1);
          sb.append(';'); // autocommit: each statement is its own transaction
        }
        st.execute(sb.toString());
        while (st.getMoreResults() || st.getUpdateCount() != -1) {
          // drain the results of the multi-statement
        }
      }
    }
    String[] end = master(server);
    return new BinlogRange(start[0], Long.parseLong(start[1]), end[0], Long.parseLong(end[1]), transactions);
  }

  private static void row(StringBuilder sb, long id) {
    sb.append('(').append(id).append(',').append(id % 100_000).append(',').append(id * 31).append(",'name-")
        .append(id).append("',").append(id % 10_000).append(".25,'2024-05-06 07:08:09',").append(id / 7.0)
        .append(",'some text that is a little longer ").append(id % 977).append("',").append(id % 100)
        .append(",'2024-05-06')");
  }

  /** What draining a range through EmbeddedCanal took. */
  private record Result(double seconds, long peakHeapBytes, double consumerCpuSeconds, double parserCpuSeconds) {}

  private static Result drain(MariaDbServer server, BinlogRange range, String table, int ring) throws Exception {
    Path dir = Files.createTempDirectory("binlog-read-bench");
    System.gc();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    AtomicLong peak = new AtomicLong();
    AtomicBoolean sampling = new AtomicBoolean(true);
    Thread sampler = new Thread(() -> {
      while (sampling.get()) {
        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
    long rows = 0;
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpu0 = threads.getCurrentThreadCpuTime();
    double parserCpu = 0;
    long start = System.nanoTime();
    try (EmbeddedCanal canal = EmbeddedCanal.builder().name("bench").host(server.host()).port(server.port())
        .user(server.replUser()).password(server.replPassword()).serverId(9900 + table.length())
        .include(SCHEMA + "." + table).startPosition(StartPosition.at(range.startFile(), range.startOffset()))
        .dataDir(dir).ringEntries(ring).build()) {
      canal.start();
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      long lastAck = System.nanoTime();
      long unacked = 0;
      long lastBatch = -1;
      while (rows < range.rows()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("drained only " + rows + " of " + range.rows() + " rows in 10 minutes");
        }
        Batch b = canal.get(1000, Duration.ofMillis(100));
        for (ChangeEvent e : b.events()) {
          if (e instanceof RowChange) {
            rows++;
          }
        }
        if (!b.isEmpty()) {
          lastBatch = b.id();
          unacked += b.events().size();
        }
        // Like a consumer that commits downstream every 100 ms or 500 events: acks are cumulative and fsync.
        if (lastBatch > 0 && (unacked >= 500 || rows >= range.rows()
            || System.nanoTime() - lastAck >= 100_000_000L)) {
          canal.ack(lastBatch);
          lastBatch = -1;
          unacked = 0;
          lastAck = System.nanoTime();
        }
      }
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        if (t.getName().startsWith("destination = bench")) {
          parserCpu += threads.getThreadCpuTime(t.getId()) / 1e9;
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double consumerCpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
    sampling.set(false);
    sampler.join();
    return new Result(seconds, peak.get(), consumerCpu, parserCpu);
  }

}
