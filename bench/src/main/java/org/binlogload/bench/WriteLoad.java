package org.binlogload.bench;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.binlogload.testkit.MariaDbServer;

/**
 * A write load on one table of SnapshotBench's shape while it is copied: about {@code rate} autocommit statements a
 * second, updates of rows anywhere in the table, key changes, deletes and inserts above its last key.
 */
final class WriteLoad {
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong statements = new AtomicLong();
  private final AtomicReference<Throwable> failed = new AtomicReference<>();
  private final long started = System.nanoTime();
  private Thread thread;

  private WriteLoad() {
  }

  /** Starts writing to {@code table} ({@code rows} rows, keys 1..rows) at about {@code rate} statements a second. */
  static WriteLoad start(MariaDbServer server, String table, long rows, int rate) {
    WriteLoad w = new WriteLoad();
    w.thread = new Thread(() -> w.write(server, table, rows, rate), "snapshot-bench-writes");
    w.thread.start();
    return w;
  }

  private void write(MariaDbServer server, String table, long rows, int rate) {
    try (Connection c = server.adminConnection(null); Statement st = c.createStatement()) {
      long next = System.nanoTime();
      for (long i = 1; running.get(); i++) {
        long k = 1 + (i * 7919) % rows;
        switch ((int) (i % 4)) {
          case 0 -> st.execute("UPDATE " + table + " SET a = a + 1, g = 'written' WHERE id = " + k);
          case 1 -> st.execute("INSERT INTO " + table + " (id, a, c) VALUES (" + (rows + i) + ", 1, 'new')");
          case 2 -> st.execute("DELETE FROM " + table + " WHERE id = " + k);
          default -> st.execute("UPDATE " + table + " SET id = " + (2 * rows + i) + " WHERE id = " + k);
        }
        statements.incrementAndGet();
        next += 1_000_000_000L / rate;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); // pacing the load, not waiting on a condition
        }
      }
    } catch (Throwable t) {
      failed.set(t);
    }
  }

  /** Stops the load and says how many statements ran, at what rate. */
  String stop() throws InterruptedException {
    running.set(false);
    thread.join();
    if (failed.get() != null) {
      throw new IllegalStateException("the write load failed: " + failed.get(), failed.get());
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    return String.format(Locale.ROOT, "concurrent write load: %d statements in %.1f s (%.0f/s)", statements.get(),
        seconds, statements.get() / seconds);
  }
}
