package org.binlogload.bench;

import static org.binlogload.bench.BinlogSupport.baseline;
import static org.binlogload.bench.BinlogSupport.createSyncJob;
import static org.binlogload.bench.BinlogSupport.dorisTable;
import static org.binlogload.bench.BinlogSupport.insertBulk;
import static org.binlogload.bench.BinlogSupport.insertSingles;
import static org.binlogload.bench.BinlogSupport.master;
import static org.binlogload.bench.BinlogSupport.mysqlTable;
import static org.binlogload.bench.BinlogSupport.rangeSince;
import static org.binlogload.bench.BinlogSupport.row;
import static org.binlogload.bench.BinlogSupport.sql;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.binlogload.connector.daemon.Daemon;
import org.binlogload.connector.daemon.DaemonConfig;
import org.binlogload.connector.job.JobSnapshot;
import org.binlogload.connector.job.StatementResult;
import org.binlogload.dorisdouble.DorisDouble;
import org.binlogload.testkit.MariaDbServer;

/**
 * End to end: the private MariaDB, the daemon (in this JVM, its real job manager and sync runtime, committing with
 * 2PC) and the Doris double. Measures rows/s of a bulk insert (1M rows, 10 columns, 1000 rows per statement) and of
 * 50k one-row transactions, from CREATE SYNC JOB at the start of the range to the last row visible in the double;
 * freshness (MySQL commit to visible in the double) at a steady write rate, as p50/p99; and the pause an
 * ADD COLUMN barrier causes. Prints them next to {@code mariadb-binlog --read-from-remote-server} on the same ranges.
 *
 * <p>Arguments (all optional): {@code rows=1000000 transactions=50000 rate=10000 seconds=30 warmup=5
 * cases=bulk,single,fresh,barrier target=process} ({@code target=inprocess}: the double in this JVM). The daemon
 * runs in this JVM, so {@code -Xmx} here is the product's heap; the peak heap and RSS of this JVM are printed.
 */
public final class EndToEndBench {
  private static final String SCHEMA = "bench_e2e";
  private static final String DORIS_DB = "bench_e2e";

  private EndToEndBench() {
  }

  public static void main(String[] args) throws Exception {
    long rows = 1_000_000;
    int transactions = 50_000;
    int rate = 10_000;
    int seconds = 30;
    int warmup = 5;
    Set<String> cases = Set.of("bulk", "single", "fresh", "barrier");
    boolean outOfProcess = true;
    for (String a : args) {
      String[] kv = a.split("=", 2);
      switch (kv[0]) {
        case "rows" -> rows = Long.parseLong(kv[1]);
        case "transactions" -> transactions = Integer.parseInt(kv[1]);
        case "rate" -> rate = Integer.parseInt(kv[1]);
        case "seconds" -> seconds = Integer.parseInt(kv[1]);
        case "warmup" -> warmup = Integer.parseInt(kv[1]);
        case "cases" -> cases = Set.of(kv[1].split(","));
        case "target" -> outOfProcess = switch (kv[1]) {
          case "process" -> true;
          case "inprocess" -> false;
          default -> throw new IllegalArgumentException("target=" + kv[1] + ": use target=process or inprocess");
        };
        default -> throw new IllegalArgumentException("unknown argument " + a
            + " (rows=N transactions=N rate=N seconds=N warmup=N cases=bulk,single,fresh,barrier target=process|inprocess)");
      }
    }
    if (System.getProperty("logback.configurationFile") == null) {
      // the figures are what this prints; the daemon's INFO lines would drown them
      ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
          .setLevel(ch.qos.logback.classic.Level.WARN);
    }
    MariaDbServer server = MariaDbServer.shared();
    server.start();
    sql(server, "DROP DATABASE IF EXISTS " + SCHEMA, "CREATE DATABASE " + SCHEMA,
        mysqlTable(SCHEMA + ".bulk"),
        "CREATE TABLE " + SCHEMA + ".single LIKE " + SCHEMA + ".bulk",
        "CREATE TABLE " + SCHEMA + ".steady LIKE " + SCHEMA + ".bulk",
        "CREATE TABLE " + SCHEMA + ".barrier LIKE " + SCHEMA + ".bulk");
    System.out.printf(Locale.ROOT, "end-to-end bench: MariaDB %s:%d -> daemon (in-process, 2PC) -> Doris double (%s);"
        + " cases %s; %d bulk rows, %d one-row transactions, steady %d rows/s for %d s; max heap %d MB, %d cores;"
        + " load average %s%n", server.host(), server.port(), outOfProcess ? "its own process" : "in this JVM",
        String.join(",", new java.util.TreeSet<>(cases)), rows, transactions, rate, seconds,
        Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(), PeerBench.loadAverage());

    Path home = Files.createTempDirectory("binlog-load-e2e-bench");
    List<String> out = new ArrayList<>();
    try (Target doris = outOfProcess ? Target.process(home.resolve("double.log")) : Target.inProcess();
        HeapSampler heap = new HeapSampler()) {
      doris.sql(DORIS_DB, "CREATE DATABASE " + DORIS_DB);
      Map<String, String> conf = new LinkedHashMap<>();
      conf.put("data_dir", "data");
      conf.put("admin_port", "0");
      conf.put("doris.fe_http_addresses", doris.feAddress());
      conf.put("doris.user", doris.user());
      conf.put("doris.password", doris.password());
      conf.put("status_log_interval_second", "0");
      try (Daemon daemon = Daemon.start(DaemonConfig.of(home, conf))) {
        Bench b = new Bench(server, doris, daemon);

        List<Object[]> drains = new ArrayList<>();
        if (cases.contains("bulk")) {
          long t0 = System.nanoTime();
          drains.add(new Object[] {"bulk, 1000 rows/statement", b.writeBulk("bulk", rows), "bulk"});
          System.out.printf(Locale.ROOT, "wrote %d bulk rows into MariaDB in %.1f s%n", rows,
              (System.nanoTime() - t0) / 1e9);
        }
        if (cases.contains("single")) {
          long t0 = System.nanoTime();
          drains.add(new Object[] {"one-row transactions", b.writeSingles("single", transactions), "single"});
          System.out.printf(Locale.ROOT, "wrote %d one-row transactions in %.1f s%n", transactions,
              (System.nanoTime() - t0) / 1e9);
        }

        if (!drains.isEmpty()) {
          out.add(String.format(Locale.ROOT, "%-28s %9s %9s %12s %14s %7s", "case", "rows", "e2e s", "e2e rows/s",
              "binlog rows/s", "ratio"));
        }
        for (Object[] c : drains) {
          BinlogRange r = (BinlogRange) c[1];
          double e2e = b.drain((String) c[2], r);
          double raw = baseline(server, r);
          out.add(String.format(Locale.ROOT, "%-28s %9d %9.2f %12.0f %14.0f %7.3f", c[0], r.rows(), e2e,
              r.rows() / e2e, r.rows() / raw, (r.rows() / e2e) / (r.rows() / raw)));
          System.out.println(out.get(out.size() - 1));
        }

        if (cases.contains("fresh")) {
          double[] fresh = b.freshness("steady", rate, seconds, warmup);
          out.add(String.format(Locale.ROOT, "freshness at %d rows/s for %d s after %d s at the same rate (commit"
              + " interval 1 s, goal p99 < 1500 ms): p50 %.0f ms, p99 %.0f ms, max %.0f ms; achieved write rate %.0f"
              + " rows/s, %d rows measured; the warm-up's own p99 %.0f ms", rate, seconds, warmup, fresh[0], fresh[1],
              fresh[2], fresh[3], (long) fresh[4], fresh[5]));
          System.out.println(out.get(out.size() - 1));
        }

        if (cases.contains("barrier")) {
          double[] barrier = b.barrier("barrier");
          out.add(String.format(Locale.ROOT, "ADD COLUMN barrier at 2000 rows/s: DDL commit -> column in Doris %.0f"
              + " ms; freshness before the DDL p50 %.0f ms, largest after it %.0f ms (extra %.0f ms); rows stopped"
              + " flowing for %.0f ms around the DDL against a median %.0f ms between visible commits before it:"
              + " pause = %.0f ms (goal < 500 ms)", barrier[0], barrier[1], barrier[2], barrier[2] - barrier[1],
              barrier[3], barrier[4], barrier[3] - barrier[4]));
          System.out.println(out.get(out.size() - 1));
        }
      }
      out.add(String.format(Locale.ROOT, "this JVM (daemon): max heap %d MB, peak heap in use %d MB, peak RSS %d MB%s",
          Runtime.getRuntime().maxMemory() >> 20, heap.peakBytes() >> 20, Meter.peakRssKb("self") >> 10,
          doris.describe()));
    }
    System.out.println();
    System.out.println("== end-to-end results");
    out.forEach(System.out::println);
    System.out.println("(e2e = CREATE SYNC JOB at the start of the range until the last row is visible in the double,"
        + " all rounds committed with 2PC; binlog rows/s = mariadb-binlog -v --read-from-remote-server on the same"
        + " range in this run; ratio = e2e / binlog; load average at the end: "
        + java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() + ")");
    sql(server, "DROP DATABASE IF EXISTS " + SCHEMA);
  }

  /** The measurements, sharing the server, the double and the daemon. */
  private static final class Bench {
    private final MariaDbServer server;
    private final Target doris;
    private final Daemon daemon;

    Bench(MariaDbServer server, Target doris, Daemon daemon) {
      this.server = server;
      this.doris = doris;
      this.daemon = daemon;
    }

    private StatementResult execute(String sql) {
      return daemon.jobs().execute(sql, null);
    }

    private String createJob(String table, String start, String interval) {
      execute(createSyncJob(server, DORIS_DB, SCHEMA, table, start, interval));
      return "bench_" + table;
    }

    /** Creates the Doris table by hand, as a user with a prepared table would (the job checks it and loads into it). */
    private void createTarget(String table) {
      doris.sql(DORIS_DB, dorisTable(table));
    }

    private JobSnapshot job(String name) {
      for (JobSnapshot j : daemon.jobs().jobs()) {
        if (j.definition().name().equals(name)) {
          return j;
        }
      }
      throw new IllegalStateException("no job " + name);
    }

    private void awaitVisible(String what, String job, Duration timeout, BooleanSupplier done) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!done.getAsBoolean()) {
        JobSnapshot j = job(job);
        if (!j.state().name().equals("RUNNING")) {
          throw new IllegalStateException("job " + job + " is " + j.state() + ": " + j.record().message());
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("timed out waiting for " + what + "; job status " + j.status());
        }
        pause(5);
      }
    }

    BinlogRange writeBulk(String table, long rows) throws SQLException {
      String[] start = master(server);
      try (Connection c = server.adminConnection(SCHEMA); Statement st = c.createStatement()) {
        insertBulk(st, table, 1, rows);
      }
      return rangeSince(server, start, rows);
    }

    BinlogRange writeSingles(String table, int transactions) throws SQLException {
      String[] start = master(server);
      try (Connection c = server.adminConnection(SCHEMA); Statement st = c.createStatement()) {
        insertSingles(st, table, 1, transactions);
      }
      return rangeSince(server, start, transactions);
    }

    /** Seconds from CREATE SYNC JOB at the range's start until all its rows are visible in the double. */
    double drain(String table, BinlogRange r) {
      createTarget(table);
      long t0 = System.nanoTime();
      String job = createJob(table, r.start(), "1");
      awaitVisible(r.rows() + " rows of " + table, job, Duration.ofMinutes(20),
          () -> doris.count(DORIS_DB, table) >= r.rows());
      double s = (System.nanoTime() - t0) / 1e9;
      execute("STOP SYNC JOB " + DORIS_DB + "." + job);
      return s;
    }

    /**
     * Writes {@code rate} rows/s (100-row statements every 10 ms) for {@code seconds} into an insert-only table
     * with increasing ids while a job runs; the id count visible in the double says which commits are visible.
     * The first {@code warmup} seconds (a cold JVM compiling) are left out of the figures but printed in the
     * timeline. Returns p50, p99, max freshness in ms, the achieved rate, the rows measured and the warm-up's p99.
     */
    double[] freshness(String table, int rate, int seconds, int warmup) throws Exception {
      createTarget(table);
      String job = createJob(table, master(server)[0] + ":" + master(server)[1], "1");
      Visibility v = new Visibility(() -> doris.count(DORIS_DB, table));
      int perStatement = Math.max(1, rate / 100);
      long written = 0;
      long warmRows = -1;
      long measured = 0;
      long started;
      try (Connection c = server.adminConnection(SCHEMA); Statement st = c.createStatement()) {
        StringBuilder sb = new StringBuilder(1 << 16);
        // warm-up: the job's start (connect, table checks) is not freshness; measure once a first row went through
        sb.append("INSERT INTO ").append(table).append(" VALUES ");
        row(sb, ++written);
        st.execute(sb.toString());
        awaitVisible("the warm-up row", job, Duration.ofMinutes(2), () -> doris.count(DORIS_DB, table) >= 1);
        started = System.nanoTime();
        v.start();
        long measureFrom = started + warmup * 1_000_000_000L;
        long next = System.nanoTime();
        long end = measureFrom + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
          if (warmRows < 0 && System.nanoTime() >= measureFrom) {
            warmRows = written;
            measured = System.nanoTime();
          }
          sb.setLength(0);
          sb.append("INSERT INTO ").append(table).append(" VALUES ");
          for (int i = 0; i < perStatement; i++) {
            sb.append(i > 0 ? "," : "");
            row(sb, written + i + 1);
          }
          st.execute(sb.toString());
          written += perStatement;
          v.committed(written, System.nanoTime());
          next += 10_000_000L;
          long wait = next - System.nanoTime();
          if (wait > 0) {
            pause(wait / 1_000_000L);
          }
        }
      }
      double achieved = (written - warmRows) / ((System.nanoTime() - measured) / 1e9);
      long total = written;
      awaitVisible("all " + total + " steady rows", job, Duration.ofMinutes(5),
          () -> doris.count(DORIS_DB, table) >= total);
      v.stop();
      execute("STOP SYNC JOB " + DORIS_DB + "." + job);
      System.out.println("freshness by second of the run (largest ms of the commits written in that second): "
          + v.timeline(started));
      double[] f = v.latenciesMillis(perStatement, warmRows, Long.MAX_VALUE);
      double[] warm = v.latenciesMillis(perStatement, 0, warmRows);
      return new double[] {percentile(f, 50), percentile(f, 99), f.length == 0 ? 0 : f[f.length - 1], achieved,
          written - warmRows, percentile(warm, 99)};
    }

    /**
     * Writes 2000 rows/s, runs {@code ALTER TABLE ADD COLUMN} after 5 s, keeps writing for 5 s; returns the time
     * from the DDL's commit to the column in Doris, the p50 freshness before the DDL, and the largest freshness of
     * the rows committed after it.
     */
    double[] barrier(String table) throws Exception {
      createTarget(table);
      String job = createJob(table, master(server)[0] + ":" + master(server)[1], "1");
      Visibility v = new Visibility(() -> doris.count(DORIS_DB, table));
      long written = 0;
      long ddlAt = 0;
      long ddlRows = 0;
      double columnMs = -1;
      try (Connection c = server.adminConnection(SCHEMA); Statement st = c.createStatement()) {
        v.start();
        StringBuilder sb = new StringBuilder(1 << 14);
        long next = System.nanoTime();
        long end = next + 10_000_000_000L;
        boolean altered = false;
        while (System.nanoTime() < end) {
          if (!altered && System.nanoTime() > end - 5_000_000_000L) {
            st.execute("ALTER TABLE " + table + " ADD COLUMN z VARCHAR(20) DEFAULT 'z'");
            ddlAt = System.nanoTime();
            ddlRows = written;
            altered = true;
          }
          sb.setLength(0);
          sb.append("INSERT INTO ").append(table).append(" (id, a, b, c, d, e, f, g, h, i) VALUES ");
          for (int i = 0; i < 20; i++) {
            sb.append(i > 0 ? "," : "");
            row(sb, written + i + 1);
          }
          st.execute(sb.toString());
          written += 20;
          v.committed(written, System.nanoTime());
          if (altered && columnMs < 0 && hasColumn(table, "z")) {
            columnMs = (System.nanoTime() - ddlAt) / 1e6;
          }
          next += 10_000_000L;
          long wait = next - System.nanoTime();
          if (wait > 0) {
            pause(wait / 1_000_000L);
          }
        }
      }
      long total = written;
      awaitVisible("all barrier rows", job, Duration.ofMinutes(5), () -> doris.count(DORIS_DB, table) >= total);
      if (columnMs < 0) {
        long at = ddlAt;
        awaitVisible("column z", job, Duration.ofMinutes(5), () -> hasColumn(table, "z"));
        columnMs = (System.nanoTime() - at) / 1e6;
      }
      v.stop();
      execute("STOP SYNC JOB " + DORIS_DB + "." + job);
      double[] before = v.latenciesMillis(20, 0, ddlRows);
      double[] after = v.latenciesMillis(20, ddlRows, Long.MAX_VALUE);
      double[] gapsBefore = v.gapsMillis(ddlAt - 4_000_000_000L, ddlAt);
      double[] gapsAround = v.gapsMillis(ddlAt, ddlAt + 5_000_000_000L);
      return new double[] {columnMs, percentile(before, 50), after.length == 0 ? 0 : after[after.length - 1],
          gapsAround.length == 0 ? 0 : gapsAround[gapsAround.length - 1], percentile(gapsBefore, 50)};
    }

    private boolean hasColumn(String table, String column) {
      return doris.query(DORIS_DB, "DESC " + table).stream().anyMatch(r -> r.get(0).equals(column));
    }
  }

  private static double percentile(double[] sorted, int p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis); // pacing of the writer and of the visibility poll
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
