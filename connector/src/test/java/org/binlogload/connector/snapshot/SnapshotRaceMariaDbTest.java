package org.binlogload.connector.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.TestDatabase;
import org.binlogload.testkit.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exactness argument of docs/snapshot.md, run: inserts, updates, key changes, deletes and two-table transactions
 * hit rows already copied, being copied and not yet copied while the snapshot runs (every chunk waits until more
 * writes happened); the binlog replayed from the earliest low watermark then leaves Doris equal to MariaDB.
 */
@ExtendWith(MariaDbExtension.class)
class SnapshotRaceMariaDbTest {
  @Test
  void concurrentWritesEndRightAfterTheReplayFromTheEarliestWatermark(TestDatabase db, @TempDir Path dir)
      throws Exception {
    db.execute("CREATE TABLE acct (id INT PRIMARY KEY, owner VARCHAR(20), balance INT)",
        "CREATE TABLE ledger (acct INT, n INT, amount INT, PRIMARY KEY (acct, n))",
        "CREATE TABLE fence (id INT PRIMARY KEY)");
    StringBuilder a = new StringBuilder("INSERT INTO acct VALUES ");
    StringBuilder l = new StringBuilder("INSERT INTO ledger VALUES ");
    for (int i = 1; i <= 2000; i++) {
      a.append(i > 1 ? "," : "").append('(').append(i).append(",'o").append(i).append("',").append(i).append(')');
      l.append(i > 1 ? "," : "").append('(').append(i % 50).append(',').append(i).append(",1)");
    }
    db.execute(a.toString(), l.toString(), "ANALYZE TABLE acct");
    try (SnapshotFixture f = new SnapshotFixture(db, dir)) {
      f.dorisTable("acct", "`id` INT NOT NULL, `owner` VARCHAR(80), `balance` INT", "`id`");
      f.dorisTable("ledger", "`acct` INT NOT NULL, `n` INT NOT NULL, `amount` INT", "`acct`, `n`");
      AtomicLong writes = new AtomicLong();
      AtomicBoolean stop = new AtomicBoolean();
      Thread writer = new Thread(() -> write(db, writes, stop), "race-writer");
      writer.start();
      Snapshot.Listener interleave = (t, chunk, rows, p) -> {
        long target = writes.get() + 3;
        Wait.until("3 more writes after " + chunk, Duration.ofSeconds(30), () -> writes.get() >= target);
      };
      Watermark from;
      try {
        from = f.snapshot(new DorisChunkLoader(f.client), 2, 100, interleave)
            .run(List.of(f.target("acct"), f.target("ledger")));
      } finally {
        stop.set(true);
        writer.join();
      }
      assertThat(writes.get()).isGreaterThan(40 * 3);
      db.execute("INSERT INTO fence VALUES (1)");
      int replayed = BinlogReplay.replay(db, dir.resolve("canal"), from, f.client, List.of("acct", "ledger"));
      assertThat(replayed).isPositive();
      f.assertEqual("acct", "id");
      f.assertEqual("ledger", "acct, n");
    }
  }

  /** Random writes until {@code stop}: each statement its own transaction, or two tables in one. */
  private static void write(TestDatabase db, AtomicLong writes, AtomicBoolean stop) {
    Random rnd = new Random(42);
    try (Connection c = db.connection(); Statement st = c.createStatement()) {
      int next = 10_000;
      while (!stop.get()) {
        int id = 1 + rnd.nextInt(2000);
        try {
          switch (rnd.nextInt(6)) {
            case 0 -> st.execute("INSERT INTO acct VALUES (" + (next++) + ", 'new', 0)");
            case 1 -> st.execute("UPDATE acct SET balance = balance + 1, owner = 'upd' WHERE id = " + id);
            case 2 -> st.execute("UPDATE acct SET id = id + 5000 WHERE id = " + id);
            case 3 -> st.execute("DELETE FROM acct WHERE id = " + id);
            case 4 -> st.execute("UPDATE ledger SET n = n + 3000 WHERE acct = " + (id % 50) + " AND n = " + id);
            default -> {
              c.setAutoCommit(false);
              st.execute("UPDATE acct SET balance = balance - 7 WHERE id = " + id);
              st.execute("INSERT INTO ledger VALUES (" + (id % 50) + ", " + (next++) + ", -7)");
              st.execute("DELETE FROM ledger WHERE acct = " + ((id + 1) % 50) + " AND n = " + (id + 1));
              c.commit();
              c.setAutoCommit(true);
            }
          }
        } catch (SQLException e) {
          c.rollback(); // a key change onto a taken key: nothing happened
          c.setAutoCommit(true);
        }
        writes.incrementAndGet();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("race writer: " + e.getMessage(), e);
    }
  }
}
