package org.binlogload.bench;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.binlogload.connector.doris.DorisClient;
import org.binlogload.connector.doris.DorisConfig;
import org.binlogload.connector.doris.Label;
import org.binlogload.connector.doris.LoadRequest;
import org.binlogload.connector.doris.LoadResult;
import org.binlogload.connector.doris.RetryPolicy;
import org.binlogload.connector.doris.RowSource;
import org.binlogload.connector.load.LoadColumns;
import org.binlogload.connector.load.LoadRow;
import org.binlogload.dorisdouble.DorisDouble;

/**
 * Stream Load of JSON rows (10 columns) through {@link DorisClient} with two-phase commit into the Doris double
 * (or a real Doris named by {@code DORIS_FE_HTTP}, {@code DORIS_USER}, {@code DORIS_PASSWORD}); prints MB/s and rows/s.
 *
 * <p>Arguments: {@code [totalRows=1000000] [rowsPerLoad=100000] [rounds=3]}. Every round loads all rows into a freshly
 * created table, so each figure covers encoding, HTTP, parsing in the double, the 2PC commit and the merge.
 */
public final class StreamLoadBench {
  private static final String DB = "bench";

  private StreamLoadBench() {}

  /** Runs the benchmark. */
  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      // without a configuration logback logs everything at DEBUG; the figures are what this prints
      ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
          .setLevel(ch.qos.logback.classic.Level.WARN);
    }
    long total = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
    int perLoad = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    String fe = System.getenv("DORIS_FE_HTTP");
    DorisDouble dd = null;
    DorisConfig.Builder cfg;
    if (fe != null && !fe.isBlank()) {
      cfg = DorisConfig.builder().feAddresses(fe).user(System.getenv().getOrDefault("DORIS_USER", "root"))
          .password(System.getenv().getOrDefault("DORIS_PASSWORD", ""));
    } else {
      dd = DorisDouble.builder().user("root").password("bench-pw").start();
      cfg = DorisConfig.builder().feAddress(dd.feAddress()).user(dd.user()).password(dd.password());
    }
    DorisConfig config = cfg.loadTimeout(Duration.ofSeconds(600)).retryPolicy(RetryPolicy.of(3, Duration.ofMillis(100),
        Duration.ofSeconds(2))).build();
    System.out.printf(Locale.ROOT, "StreamLoadBench: %,d rows of 10 columns, %,d rows per load, %d rounds, target %s%n",
        total, perLoad, rounds, dd != null ? "Doris double " + dd.feAddress() : "Doris " + fe);
    try (DorisClient client = DorisClient.create(config)) {
      client.execute("", "CREATE DATABASE IF NOT EXISTS " + DB);
      List<double[]> results = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        String table = "orders_" + round;
        client.execute(DB, "DROP TABLE IF EXISTS " + table);
        client.execute(DB, "CREATE TABLE " + table + " (id BIGINT NOT NULL, customer_id INT, status VARCHAR(16), "
            + "amount DECIMAL(18, 2), qty INT, note VARCHAR(256), created DATETIME(6), ship_date DATE, "
            + "weight DOUBLE, flag BOOLEAN) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES ("
            + "\"replication_num\" = \"1\", \"enable_unique_key_merge_on_write\" = \"true\", "
            + "\"function_column.sequence_type\" = \"BIGINT\")");
        long bytes = 0;
        long loads = 0;
        long loadNanos = 0;
        long commitNanos = 0;
        long start = System.nanoTime();
        for (long from = 0; from < total; from += perLoad) {
          long to = Math.min(total, from + perLoad);
          Label label = Label.of("bench", DB + "." + table, "round" + round + ":" + to);
          long t0 = System.nanoTime();
          LoadResult r = client.streamLoad(LoadRequest.of(DB, table, label), rows(from, to));
          long t1 = System.nanoTime();
          boolean committed = client.commit(DB, r.txnId()).isCommitted();
          loadNanos += t1 - t0;
          commitNanos += System.nanoTime() - t1;
          if (!committed) {
            throw new IllegalStateException("commit of " + r + " did not commit");
          }
          if (r.loadedRows() != to - from) {
            throw new IllegalStateException("loaded " + r.loadedRows() + " of " + (to - from) + ": " + r);
          }
          bytes += r.bodyBytes();
          loads++;
        }
        double secs = (System.nanoTime() - start) / 1e9;
        long count = Long.parseLong(String.valueOf(client.query(DB, "SELECT COUNT(*) FROM " + table).rows().get(0).get(0)));
        if (count != total) {
          throw new IllegalStateException("table " + table + " holds " + count + " rows, expected " + total);
        }
        double mbs = bytes / 1e6 / secs;
        double rps = total / secs;
        double msPerLoad = secs * 1000 / loads;
        results.add(new double[] {mbs, rps, msPerLoad});
        System.out.printf(Locale.ROOT, "round %d: stream load %.0f ms per load (%.1f MB/s of body), 2PC commit %.0f ms per load%n",
            round, loadNanos / 1e6 / loads, bytes / 1e6 / (loadNanos / 1e9), commitNanos / 1e6 / loads);
        System.out.printf(Locale.ROOT, "round %d: %,d rows, %.1f MB JSON in %.2f s: %.1f MB/s, %,.0f rows/s, "
            + "%.0f ms per load of %,d rows (load + commit); load average %.1f on %d cores%n", round, total, bytes / 1e6,
            secs, mbs, rps, msPerLoad, perLoad, java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
        client.execute(DB, "DROP TABLE " + table);
      }
      double[] best = results.stream().max((a, b) -> Double.compare(a[1], b[1])).orElseThrow();
      System.out.printf(Locale.ROOT, "best: %.1f MB/s, %,.0f rows/s, %.0f ms per load%n", best[0], best[1], best[2]);
    } finally {
      if (dd != null) {
        dd.close();
      }
    }
  }

  private static final LoadColumns COLUMNS = LoadColumns.of(List.of("id", "customer_id", "status", "amount", "qty",
      "note", "created", "ship_date", "weight", "flag"));

  private static RowSource rows(long from, long to) {
    return () -> new Iterator<>() {
      long i = from;

      @Override
      public boolean hasNext() {
        return i < to;
      }

      @Override
      public LoadRow next() {
        if (i >= to) {
          throw new NoSuchElementException();
        }
        long id = i++;
        Object[] v = {id, (int) (id % 100_000), (id & 1) == 0 ? "PAID" : "SHIPPED",
            BigDecimal.valueOf(id % 1_000_000, 2), (int) (id % 50) + 1, "order note for id " + id,
            LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(id), LocalDate.of(2024, 1, 1).plusDays(id % 365),
            (id % 1000) / 10.0, id % 3 == 0};
        return LoadRow.of(COLUMNS, v, false, id, null);
      }
    };
  }
}
