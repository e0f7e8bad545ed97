package org.binlogload.connector.doris;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.binlogload.connector.load.LoadColumns;
import org.binlogload.connector.load.LoadRow;
import org.binlogload.connector.load.PackedRows;

/**
 * The Stream Load body encoder alone, warm, in one thread: rows of the benches' 10-column table (plus a TIMESTAMP)
 * encoded into JSON lines and discarded, from LoadRows and from packed rows as a channel's round holds them; CPU
 * microseconds and bytes allocated per row. In the client's package
 * because the body stream is package-private. Arguments: {@code rows=100000 rounds=30}.
 */
public final class EncodeBench {
  private EncodeBench() {
  }

  public static void main(String[] args) throws IOException {
    int rows = 100_000;
    int rounds = 30;
    for (String a : args) {
      String[] kv = a.split("=", 2);
      switch (kv[0]) {
        case "rows" -> rows = Integer.parseInt(kv[1]);
        case "rounds" -> rounds = Integer.parseInt(kv[1]);
        default -> throw new IllegalArgumentException("unknown argument " + a + " (rows=100000 rounds=30)");
      }
    }
    LoadColumns columns = LoadColumns.of(List.of("id", "a", "b", "c", "d", "e", "f", "g", "h", "i", "ts"));
    SplittableRandom random = new SplittableRandom(1);
    List<LoadRow> batch = new ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      Object[] v = {(long) r, random.nextInt(), random.nextLong(), "name-" + r,
          BigDecimal.valueOf(random.nextLong(10_000_000_000L), 2),
          LocalDateTime.of(2026, 1 + r % 12, 1 + r % 28, r % 24, r % 60, r % 60),
          random.nextDouble() * 1e6, "some text of row " + r, r % 128, LocalDate.of(2026, 1 + r % 12, 1 + r % 28),
          Instant.ofEpochSecond(1_700_000_000L + r, (r % 1000) * 1000L)};
      batch.add(LoadRow.of(columns, v, r % 10 == 0, r, null));
    }
    PackedRows packed = new PackedRows();
    batch.forEach(packed::add);
    measure("rows", RowSource.of(batch), rows, rounds); // LoadRow by LoadRow
    measure("packed", RowSource.of(packed.head(packed.size())), rows, rounds); // as a channel's round hands them over
  }

  private static void measure(String what, RowSource source, int rows, int rounds) throws IOException {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    int warm = rounds / 3;
    long cpu = 0;
    long alloc = 0;
    long bytes = 0;
    for (int round = 0; round < rounds; round++) {
      long c0 = mx.getCurrentThreadCpuTime();
      long a0 = mx.getThreadAllocatedBytes(id);
      RowBodyStream body = new RowBodyStream(source, new JsonRowEncoder(DorisConfig.HIDDEN_SEQUENCE_COLUMN,
          BinaryEncoding.HEX));
      long n = body.transferTo(OutputStream.nullOutputStream());
      if (round >= warm) {
        cpu += mx.getCurrentThreadCpuTime() - c0;
        alloc += mx.getThreadAllocatedBytes(id) - a0;
        bytes += n;
      }
    }
    long measured = (long) (rounds - warm) * rows;
    System.out.printf(Locale.ROOT, "encode bench, %s: %d rows x %d rounds (first %d warm-up); %.3f us CPU/row,"
        + " %.0f bytes allocated/row, %.0f body bytes/row; load average %s%n", what, rows, rounds, warm,
        cpu / 1000.0 / measured, (double) alloc / measured, (double) bytes / measured,
        new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg"))).strip());
  }
}
