package org.binlogload.connector.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.binlogload.connector.doris.RowSource;
import org.binlogload.connector.load.LoadRow;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transient source faults during a chunk are retried from the chunk's start under a new label, a bounded number of
 * times; fatal ones (an unknown table) fail at once; after the bound the snapshot fails naming table, chunk, cause and
 * fix.
 */
@ExtendWith(MariaDbExtension.class)
class SnapshotRetryMariaDbTest {
  private static final Snapshot.Retry FAST = new Snapshot.Retry(2, Duration.ofMillis(20));

  /** Every retry the snapshot announced: what, attempt and cause. */
  private static final class Retries implements Snapshot.Listener {
    final List<String> seen = new CopyOnWriteArrayList<>();

    @Override
    public void chunkCopied(Snapshot.Target target, Chunk chunk, long rows, SnapshotProgress progress) {
    }

    @Override
    public void chunkRetrying(String what, int attempt, long waitMillis, String why) {
      seen.add(what + " #" + attempt + ": " + why);
    }
  }

  private static void table(TestDatabase db, String name, int rows) {
    db.execute("CREATE TABLE " + name + " (id INT PRIMARY KEY, v VARCHAR(200))");
    StringBuilder sb = new StringBuilder("INSERT INTO " + name + " VALUES ");
    for (int i = 1; i <= rows; i++) {
      sb.append(i > 1 ? "," : "").append('(').append(i).append(",REPEAT('x', ").append(100 + i % 100).append("))");
    }
    db.execute(sb.toString(), "ANALYZE TABLE " + name);
  }

  /** KILL CONNECTION of the snapshot's own session (the one replication-user session that is not a binlog dump). */
  private static void killSnapshotSession(TestDatabase db) {
    try (Connection c = db.server().adminConnection(null); Statement st = c.createStatement()) {
      List<List<Object>> ids = db.query("SELECT ID FROM information_schema.PROCESSLIST WHERE USER = '"
          + db.server().replUser() + "' AND COMMAND <> 'Binlog Dump'");
      assertThat(ids).as("the snapshot's session").hasSize(1);
      st.execute("KILL CONNECTION " + ids.get(0).get(0));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aChunkWhoseSessionIsKilledIsCopiedAgainFromItsStartUnderANewLabel(TestDatabase db, @TempDir Path dir)
      throws Exception {
    table(db, "killed", 600);
    try (SnapshotFixture f = new SnapshotFixture(db, dir)) {
      f.dorisTable("killed", "`id` INT NOT NULL, `v` VARCHAR(800)", "`id`");
      DorisChunkLoader doris = new DorisChunkLoader(f.client);
      List<String> labels = new CopyOnWriteArrayList<>();
      AtomicBoolean killed = new AtomicBoolean();
      ChunkLoader killing = (load, rows) -> {
        labels.add(load.label());
        if (!load.label().contains("-c1-") || killed.get()) {
          return doris.load(load, rows);
        }
        // the second chunk's session is killed after 50 of its rows were read
        RowSource cut = () -> {
          Iterator<LoadRow> it = rows.open();
          return new Iterator<>() {
            int n;

            @Override
            public boolean hasNext() {
              if (n == 50 && killed.compareAndSet(false, true)) {
                killSnapshotSession(db);
              }
              return it.hasNext();
            }

            @Override
            public LoadRow next() {
              n++;
              return it.next();
            }
          };
        };
        return doris.load(load, cut);
      };
      Retries retries = new Retries();
      new Snapshot(f.repl, killing, f.store(), "1_job", 1, 200, retries, FAST).run(List.of(f.target("killed")));
      assertThat(killed).isTrue();
      assertThat(retries.seen).hasSize(1);
      assertThat(retries.seen.get(0)).startsWith(db.schema() + ".killed chunk 1 #1: ");
      System.out.println("the killed chunk's cause: " + retries.seen.get(0));
      assertThat(labels).hasSize(4);
      assertThat(labels.get(1)).contains("_snap-g0-c1-").doesNotContain("-a1");
      assertThat(labels.get(2)).contains("_snap-g0-c1-a1-");
      f.assertEqual("killed", "id");
      SnapshotProgress.TableProgress p = f.store().load().orElseThrow().table(db.schema() + ".killed");
      assertThat(p.done()).isTrue();
      assertThat(p.rowsCopied()).isEqualTo(600);
    }
  }

  @Test
  void aTransientFaultThatOutlastsTheRetriesFailsNamingTableChunkCauseAndFix(TestDatabase db, @TempDir Path dir)
      throws Exception {
    table(db, "locked", 10);
    try (SnapshotFixture f = new SnapshotFixture(db, dir)) {
      f.dorisTable("locked", "`id` INT NOT NULL, `v` VARCHAR(800)", "`id`");
      List<String> labels = new CopyOnWriteArrayList<>();
      ChunkLoader timingOut = (load, rows) -> {
        labels.add(load.label());
        throw new IllegalStateException("reading chunk failed", new SQLException(
            "Lock wait timeout exceeded; try restarting transaction", "HY000", 1205));
      };
      Retries retries = new Retries();
      Snapshot s = new Snapshot(f.repl, timingOut, f.store(), "1_job", 1, 200, retries, FAST);
      assertThatThrownBy(() -> s.run(List.of(f.target("locked")))).isInstanceOf(SnapshotException.class)
          .hasMessageStartingWith("snapshot of job 1_job: " + db.schema() + ".locked chunk 0 failed 3 times in a row ("
              + db.schema() + ".locked chunk 0 ([0], end] into snap.locked (label bl_1_job_snap_locked_snap-g0-c0-a2-")
          .hasMessageEndingWith("): Lock wait timeout exceeded; try restarting transaction (error 1205). To fix: make "
              + "the source " + f.repl.describe() + " reachable and its load lighter (lock waits, deadlocks), then "
              + "RESUME SYNC JOB: the snapshot resumes after the chunks recorded");
      assertThat(retries.seen).containsExactly(
          db.schema() + ".locked chunk 0 #1: Lock wait timeout exceeded; try restarting transaction (error 1205)",
          db.schema() + ".locked chunk 0 #2: Lock wait timeout exceeded; try restarting transaction (error 1205)");
      assertThat(labels).hasSize(3).doesNotHaveDuplicates();
    }
  }

  @Test
  void aFatalFaultIsNotRetried(TestDatabase db, @TempDir Path dir) throws Exception {
    table(db, "gone", 10);
    try (SnapshotFixture f = new SnapshotFixture(db, dir)) {
      f.dorisTable("gone", "`id` INT NOT NULL, `v` VARCHAR(800)", "`id`");
      Snapshot.Target target = f.target("gone");
      db.execute("DROP TABLE gone");
      Retries retries = new Retries();
      Snapshot s = new Snapshot(f.repl, new DorisChunkLoader(f.client), f.store(), "1_job", 1, 200, retries, FAST);
      assertThatThrownBy(() -> s.run(List.of(target))).isInstanceOf(SnapshotException.class)
          .hasMessage("snapshot of job 1_job failed at planning the next chunk on " + f.repl.describe()
              + ": Table '" + db.schema() + ".gone' doesn't exist");
      assertThat(retries.seen).isEmpty();
      assertThat(SourceFault.isTransient(new SQLException("Access denied", "28000", 1045))).isFalse();
      assertThat(SourceFault.isTransient(new SQLException("Deadlock found", "40001", 1213))).isTrue();
      assertThat(SourceFault.isTransient(new SQLException("Communications link failure", "08S01", 0))).isTrue();
    }
  }
}
