package org.binlogload.canal.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.binlogload.canal.Batch;
import org.binlogload.canal.ChangeEvent;
import org.binlogload.canal.DurableStore;
import org.binlogload.canal.RowChange;
import org.binlogload.canal.StartPosition;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.TestDatabase;
import org.binlogload.testkit.Wait;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The ring holds at most its configured entries and bytes while the consumer does not read; prints what it holds. */
@ExtendWith(MariaDbExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RingMemoryTest {
  private static final int ROWS = 60_000;
  private static final int TRANSACTIONS = 3_000;
  private String[] start;
  private String[] singles;

  @BeforeAll
  void writeABulkRange(TestDatabase db) {
    db.execute("CREATE TABLE bulk (id BIGINT PRIMARY KEY, a INT, c VARCHAR(32), g VARCHAR(64), d DATE)");
    start = db.masterStatus();
    StringBuilder sb = new StringBuilder();
    for (int base = 0; base < ROWS; base += 1000) {
      sb.setLength(0);
      sb.append("INSERT INTO bulk VALUES ");
      for (int i = 1; i <= 1000; i++) {
        sb.append(i == 1 ? "" : ",").append('(').append(base + i).append(',').append(i).append(",'name-")
            .append(base + i).append("','some text that is a little longer than a name',").append("'2024-05-06')");
      }
      db.execute(sb.toString());
    }
    singles = db.masterStatus();
    db.execute("CREATE TABLE one (id BIGINT PRIMARY KEY, a INT, c VARCHAR(32), g VARCHAR(64), d DATE)");
    for (int i = 0; i < TRANSACTIONS; i++) {
      db.execute("INSERT INTO one VALUES (" + i + ", " + i + ", 'name-" + i + "', 'short text', '2024-05-06')");
    }
  }

  private CanalReader reader(TestDatabase db, Path dir, int entries, long bytes) {
    return reader(db, dir, entries, bytes, "bulk", start);
  }

  private CanalReader reader(TestDatabase db, Path dir, int entries, long bytes, String table, String[] from) {
    return new CanalReader(new ReaderConfig("ring" + entries, db.host(), db.port(), db.server().replUser(),
        db.server().replPassword(), 8800 + entries % 100, List.of(db.schema() + "." + table),
        StartPosition.at(from[0], Long.parseLong(from[1])), DurableStore.directory(dir), entries, bytes,
        Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(30), TableMetaFactory.defaultFactory()));
  }

  @Test
  void entriesBoundTheRingAndEverythingStillArrives(TestDatabase db, @TempDir Path dir) {
    long before = heapAfterGc();
    CanalReader reader = reader(db, dir, 256, 1L << 30);
    try {
      reader.start();
      // The sink puts a transaction's entries at once, so a full ring may stop a few entries short of 256.
      Wait.until("the ring fills", Duration.ofSeconds(60), () -> reader.ringEntriesInUse() > 256 - 32);
      long held = heapAfterGc() - before;
      long entries = reader.ringEntriesInUse();
      assertThat(entries).isLessThanOrEqualTo(256);
      System.out.printf("ring full with %d entries (bulk rows events of about 8 KB): %d KB on the heap after GC,"
          + " %d bytes per entry; Canal's estimate %d KB%n", entries, held >> 10, held / entries,
          reader.ringBytes() >> 10);
      assertThat(drain(reader)).isEqualTo(ROWS);
    } finally {
      reader.stop();
    }
  }

  @Test
  void ringBytesCountTheHeapTheEntriesHold(TestDatabase db, @TempDir Path dir) {
    for (String table : List.of("bulk", "one")) {
      long[] full = fill(db, dir, table); // the reader, its ring and its decoded rows are unreachable after it
      long counted = full[1];
      long inUse = full[2];
      long held = full[0] - heapAfterGc();
      System.out.printf("%s: %d entries hold %d KB on the heap after GC (%d bytes per entry); the ring counts"
          + " %d KB%n", table, inUse, held >> 10, held / inUse, counted >> 10);
      assertThat((double) counted / held).as("counted / held for " + table).isBetween(0.8, 2.0);
    }
  }

  /** Fills a 512-entry ring from {@code table}'s range; returns the heap after GC while full, the count, the entries. */
  private long[] fill(TestDatabase db, Path dir, String table) {
    int entries = 512;
    CanalReader reader = reader(db, dir.resolve(table), entries, 1L << 30, table,
        table.equals("bulk") ? start : singles);
    try {
      reader.start();
      Wait.until("the ring fills", Duration.ofSeconds(60), () -> reader.ringEntriesInUse() > entries - 64);
      return new long[] {heapAfterGc(), reader.ringBytes(), reader.ringEntriesInUse()};
    } finally {
      reader.stop();
    }
  }

  @Test
  void bytesBoundTheRing(TestDatabase db, @TempDir Path dir) {
    long max = 2L << 20;
    CanalReader reader = reader(db, dir, 4096, max);
    try {
      reader.start();
      Wait.until("the ring fills up to its byte bound", Duration.ofSeconds(60),
          () -> reader.ringBytes() > max / 2 && reader.ringEntriesInUse() < 4096);
      for (int i = 0; i < 5; i++) {
        assertThat(reader.ringBytes()).isLessThanOrEqualTo(max);
        assertThat(reader.ringEntriesInUse()).isLessThan(200);
      }
      assertThat(drain(reader)).isEqualTo(ROWS);
    } finally {
      reader.stop();
    }
  }

  @Test
  void rowsTheConsumerAckedAreReleased(TestDatabase db, @TempDir Path dir) {
    CanalReader reader = reader(db, dir, 4096, 1L << 30);
    try {
      reader.start();
      List<WeakReference<Object>> values = read(reader, 20_000, true);
      // the rest of the range sits in the ring, un-acked; nothing of what was acked may stay reachable
      awaitCollected("the values of acked rows", values);
    } finally {
      reader.stop();
    }
  }

  @Test
  void rowsTheConsumerGotAreReleasedBeforeItAcks(TestDatabase db, @TempDir Path dir) {
    CanalReader reader = reader(db, dir, 4096, 1L << 30);
    try {
      reader.start();
      List<WeakReference<Object>> values = read(reader, 20_000, false);
      // nothing is acked: a consumer that copied what it needs must not find the rows held twice
      awaitCollected("the values of rows handed out", values);
      assertThat(reader.ringEntriesInUse()).isGreaterThan(0);
    } finally {
      reader.stop();
    }
  }

  /** Waits until every referent of {@code values} is collected. */
  private static void awaitCollected(String what, List<WeakReference<Object>> values) {
    Wait.until(what + " are collected", Duration.ofSeconds(30), () -> {
      System.gc();
      return values.stream().allMatch(v -> v.get() == null);
    });
  }

  /** Reads {@code rows} rows, acking each batch or none; returns a weak reference to a decoded value of each. */
  private static List<WeakReference<Object>> read(CanalReader reader, int rows, boolean ack) {
    List<WeakReference<Object>> values = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (values.size() < rows && System.nanoTime() < deadline) {
      Batch b = reader.get(100, Duration.ofMillis(200));
      for (ChangeEvent e : b.events()) {
        if (e instanceof RowChange r) {
          values.add(new WeakReference<>(r.after("c")));
        }
      }
      if (ack && !b.isEmpty()) {
        reader.ack(b.id());
      }
    }
    assertThat(values).hasSizeGreaterThanOrEqualTo(rows);
    return values;
  }

  private static long drain(CanalReader reader) {
    long rows = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (rows < ROWS && System.nanoTime() < deadline) {
      Batch b = reader.get(100, Duration.ofMillis(200));
      for (ChangeEvent e : b.events()) {
        rows += e instanceof RowChange ? 1 : 0;
      }
      if (!b.isEmpty()) {
        reader.ack(b.id());
      }
    }
    return rows;
  }

  private static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
