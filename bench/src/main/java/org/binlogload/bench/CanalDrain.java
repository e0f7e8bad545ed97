package org.binlogload.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.binlogload.canal.Batch;
import org.binlogload.canal.ChangeEvent;
import org.binlogload.canal.EmbeddedCanal;
import org.binlogload.canal.RowChange;
import org.binlogload.canal.StartPosition;
import org.binlogload.testkit.MariaDbServer;

/** Drains one binlog range of one table through {@link EmbeddedCanal} alone, acking like a committing consumer. */
final class CanalDrain {
  private CanalDrain() {}

  /** What draining a range took: wall time, peak heap, CPU of the consumer and of Canal's parser thread. */
  record Result(long rows, double seconds, long peakHeapBytes, double consumerCpuSeconds, double parserCpuSeconds) {}

  /** Reads {@code schema.table}'s rows from the range's start until {@code range.rows()} rows have arrived. */
  static Result drain(MariaDbServer server, String schema, String table, BinlogRange range, int ring)
      throws Exception {
    return drain(server, schema, table, range, ring, false);
  }

  /** As {@link #drain(MariaDbServer, String, String, BinlogRange, int)}, with Canal's parallel parsing on or off. */
  static Result drain(MariaDbServer server, String schema, String table, BinlogRange range, int ring,
      boolean parallel) throws Exception {
    Path dir = Files.createTempDirectory("binlog-read-bench");
    System.gc();
    long rows = 0;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpu0 = threads.getCurrentThreadCpuTime();
    double parserCpu = 0;
    long start = System.nanoTime();
    try (HeapSampler heap = new HeapSampler();
        EmbeddedCanal canal = EmbeddedCanal.builder().name("bench").host(server.host()).port(server.port())
            .user(server.replUser()).password(server.replPassword()).serverId(9900 + table.hashCode() % 90)
            .include(schema + "." + table).startPosition(StartPosition.at(range.startFile(), range.startOffset()))
            .dataDir(dir).ringEntries(ring).parallelParsing(parallel).build()) {
      canal.start();
      rows = consume(canal, range.rows());
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        if (t.getName().startsWith("destination = bench")) {
          parserCpu += threads.getThreadCpuTime(t.getId()) / 1e9;
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double consumerCpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
      return new Result(rows, seconds, heap.peakBytes(), consumerCpu, parserCpu);
    }
  }

  /** Gets batches until {@code want} row changes arrived; acks cumulatively every 100 ms or 500 events. */
  private static long consume(EmbeddedCanal canal, long want) {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    long rows = 0;
    long lastAck = System.nanoTime();
    long unacked = 0;
    long lastBatch = -1;
    while (rows < want) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("drained only " + rows + " of " + want + " rows in 10 minutes");
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
      if (lastBatch > 0 && (unacked >= 500 || rows >= want || System.nanoTime() - lastAck >= 100_000_000L)) {
        canal.ack(lastBatch);
        lastBatch = -1;
        unacked = 0;
        lastAck = System.nanoTime();
      }
    }
    return rows;
  }
}
