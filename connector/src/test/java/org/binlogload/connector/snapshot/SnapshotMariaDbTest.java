package org.binlogload.connector.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.TestDatabase;
import org.binlogload.testkit.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Whole snapshots into the Doris double: parallel chunks of several tables, and a resume after a crash. */
@ExtendWith(MariaDbExtension.class)
class SnapshotMariaDbTest {
  @Test
  void copiesSeveralTablesInParallelAndResumesAfterACrashWithoutCopyingADoneChunkAgain(TestDatabase db,
      @TempDir Path dir) throws Exception {
    db.execute("CREATE TABLE small (id INT PRIMARY KEY, v VARCHAR(10))",
        "INSERT INTO small VALUES (1, 'one'), (2, 'two')",
        "CREATE TABLE ints (id BIGINT PRIMARY KEY, v VARCHAR(40), n DECIMAL(12,2), at DATETIME(3))",
        "CREATE TABLE comp (tenant VARCHAR(20), seq INT, note VARCHAR(30), PRIMARY KEY (tenant, seq))",
        "CREATE TABLE strs (code VARCHAR(40) PRIMARY KEY, payload TEXT)");
    for (int s = 0; s < 3; s++) {
      StringBuilder ints = new StringBuilder("INSERT INTO ints VALUES ");
      StringBuilder comp = new StringBuilder("INSERT INTO comp VALUES ");
      StringBuilder strs = new StringBuilder("INSERT INTO strs VALUES ");
      for (int i = s * 1000; i < (s + 1) * 1000; i++) {
        String sep = i > s * 1000 ? "," : "";
        ints.append(sep).append('(').append(i * 3L).append(",'row ").append(i).append("',").append(i).append(".25,")
            .append("'2024-05-06 07:08:09.123')");
        comp.append(sep).append("('tenant").append(i % 13).append("',").append(i).append(",'note ").append(i)
            .append("')");
        strs.append(sep).append("('code-").append(String.format("%06d", i * 7919 % 100_003)).append("','p")
            .append(i).append("')");
      }
      db.execute(ints.toString(), comp.toString(), strs.toString());
    }
    db.execute("ANALYZE TABLE ints");
    try (SnapshotFixture f = new SnapshotFixture(db, dir)) {
      f.dorisTable("small", "`id` INT NOT NULL, `v` VARCHAR(40)", "`id`");
      f.dorisTable("ints", "`id` BIGINT NOT NULL, `v` VARCHAR(160), `n` DECIMAL(12,2), `at` DATETIME(3)", "`id`");
      f.dorisTable("comp", "`tenant` VARCHAR(80) NOT NULL, `seq` INT NOT NULL, `note` VARCHAR(120)",
          "`tenant`, `seq`");
      f.dorisTable("strs", "`code` VARCHAR(160) NOT NULL, `payload` STRING", "`code`");
      List<Snapshot.Target> targets = List.of(f.target("small"), f.target("ints"), f.target("comp"),
          f.target("strs"));
      DorisChunkLoader doris = new DorisChunkLoader(f.client);
      Set<String> firstLabels = ConcurrentHashMap.newKeySet();
      AtomicInteger loads = new AtomicInteger();
      Set<String> threads = ConcurrentHashMap.newKeySet();
      Set<String> inFlight = ConcurrentHashMap.newKeySet();
      ChunkLoader crashing = (load, rows) -> {
        if (loads.incrementAndGet() > 12) {
          throw new IllegalStateException("simulated crash");
        }
        threads.add(Thread.currentThread().getName());
        firstLabels.add(load.label());
        inFlight.add(load.table());
        if (load.table().equals("small")) {
          // the small table's only chunk is loaded while another table's chunks are: tables overlap
          Wait.until("a chunk of another table in flight", Duration.ofSeconds(30), () -> inFlight.size() > 1);
        }
        return doris.load(load, rows);
      };
      assertThatThrownBy(() -> f.snapshot(crashing, 3, 200, null).run(targets))
          .isInstanceOf(SnapshotException.class).hasMessageContaining("simulated crash")
          .hasMessageContaining(" chunk ").hasMessageContaining("label bl_1_job_snap_");
      assertThat(threads).hasSizeGreaterThan(1);
      SnapshotProgress crashed = f.store().load().orElseThrow();
      assertThat(crashed.table(db.schema() + ".small").done()).isTrue();

      Set<String> secondLabels = Collections.synchronizedSet(new HashSet<>());
      Set<String> secondTables = ConcurrentHashMap.newKeySet();
      ChunkLoader recording = (load, rows) -> {
        secondLabels.add(load.label());
        secondTables.add(load.table());
        return doris.load(load, rows);
      };
      Watermark from = f.snapshot(recording, 3, 200, null).run(targets);

      SnapshotProgress p = f.store().load().orElseThrow();
      assertThat(from).isEqualTo(crashed.earliestWatermark()).isEqualTo(p.earliestWatermark());
      assertThat(p.generation()).isEqualTo(1);
      assertThat(secondTables).doesNotContain("small");
      int resumedChunks = 0;
      for (Snapshot.Target t : targets) {
        SnapshotProgress.TableProgress before = crashed.table(t.source().qualifiedName());
        SnapshotProgress.TableProgress after = p.table(t.source().qualifiedName());
        assertThat(after.done()).as(new String(p.toBytes())).isTrue();
        resumedChunks += before == null ? 0 : before.chunksDone();
      }
      // every chunk is loaded once, except at most the chunks finished out of order before the crash
      assertThat(secondLabels.size() + resumedChunks).isBetween(sumOfChunks(p, targets),
          sumOfChunks(p, targets) + 3);
      assertThat(p.table(db.schema() + ".ints").rowsCopied()).isEqualTo(3000);
      for (String table : List.of("small", "ints", "strs")) {
        f.assertEqual(table, table.equals("strs") ? "code" : "id");
      }
      f.assertEqual("comp", "tenant, seq");
    }
  }

  @Test
  void aColumnDroppedWhileTheTableIsCopiedStopsItsCopyNamingTableChunkAndLabel(TestDatabase db, @TempDir Path dir)
      throws Exception {
    SnapshotException e = ddlAfterTheFirstChunk(db, dir, "altered", "ALTER TABLE altered DROP COLUMN w");
    assertThat(e).hasMessageContaining(db.schema() + ".altered chunk 1")
        .hasMessageContaining("into snap.altered (label bl_1_job_snap_altered_snap-g0-c1-")
        .hasMessageContaining("Unknown column");
  }

  @Test
  void aStoppedSnapshotFinishesItsChunkInFlightAndAResumeCopiesTheRest(TestDatabase db, @TempDir Path dir)
      throws Exception {
    db.execute("CREATE TABLE stopped (id INT PRIMARY KEY, v INT)");
    SnapshotSourceMariaDbTest.insertSeries(db, "stopped", 1, 500, 1);
    try (SnapshotFixture f = new SnapshotFixture(db, dir)) {
      f.dorisTable("stopped", "`id` INT NOT NULL, `v` INT", "`id`");
      Snapshot[] running = new Snapshot[1];
      running[0] = f.snapshot(new DorisChunkLoader(f.client), 1, 100, (t, chunk, rows, p) -> running[0].stop());
      assertThatThrownBy(() -> running[0].run(List.of(f.target("stopped"))))
          .isInstanceOf(InterruptedException.class).hasMessageContaining("stopped");
      SnapshotProgress.TableProgress first = f.store().load().orElseThrow().table(db.schema() + ".stopped");
      assertThat(first.chunksDone()).isEqualTo(1);
      // a chunk of about 100 rows: the even split scales the step by InnoDB's row estimate (e.g. 101 for 495)
      assertThat(first.rowsCopied()).isBetween(50L, 200L);
      assertThat(f.doris.count("snap", "stopped")).isEqualTo(first.rowsCopied());
      f.snapshot(new DorisChunkLoader(f.client), 1, 100, null).run(List.of(f.target("stopped")));
      f.assertEqual("stopped", "id");
    }
  }

  @Test
  void aColumnAddedWhileTheTableIsCopiedIsNoticedBeforeTheChunkCounts(TestDatabase db, @TempDir Path dir)
      throws Exception {
    SnapshotException e = ddlAfterTheFirstChunk(db, dir, "widened", "ALTER TABLE widened ADD COLUMN c INT DEFAULT 5");
    assertThat(e.changedTable()).isEqualTo(db.schema() + ".widened");
    assertThat(e).hasMessageContaining("the definition of " + db.schema() + ".widened changed while " + db.schema()
        + ".widened chunk 1").hasMessageContaining("restarts");
  }

  /**
   * Copies a 300-row table {@code (id, v, w)} in chunks of 100, runs {@code ddl} once the first chunk is recorded,
   * and returns how the snapshot failed; the chunk before the DDL stays recorded (the wiring restarts the table).
   */
  private static SnapshotException ddlAfterTheFirstChunk(TestDatabase db, Path dir, String table, String ddl)
      throws Exception {
    db.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, v INT, w INT)");
    SnapshotSourceMariaDbTest.insertSeries(db, table, 1, 300, 1);
    try (SnapshotFixture f = new SnapshotFixture(db, dir)) {
      f.dorisTable(table, "`id` INT NOT NULL, `v` INT, `w` INT", "`id`");
      Snapshot.Listener afterFirst = (t, chunk, rows, p) -> {
        if (chunk.index() == 0) {
          db.execute(ddl);
        }
      };
      Snapshot.Target target = f.target(table);
      SnapshotException e = org.junit.jupiter.api.Assertions.assertThrows(SnapshotException.class,
          () -> f.snapshot(new DorisChunkLoader(f.client), 1, 100, afterFirst).run(List.of(target)));
      assertThat(f.store().load().orElseThrow().table(db.schema() + "." + table).chunksDone()).isEqualTo(1);
      return e;
    }
  }

  private static int sumOfChunks(SnapshotProgress p, List<Snapshot.Target> targets) {
    return targets.stream().mapToInt(t -> p.table(t.source().qualifiedName()).chunksDone()).sum();
  }

  @Test
  void aRetriedLoadReadsTheChunkAgainUnderTheSameLabel(TestDatabase db, @TempDir Path dir) throws Exception {
    db.execute("CREATE TABLE retried (id INT PRIMARY KEY, v INT)");
    SnapshotSourceMariaDbTest.insertSeries(db, "retried", 1, 500, 1);
    try (SnapshotFixture f = new SnapshotFixture(db, dir)) {
      f.dorisTable("retried", "`id` INT NOT NULL, `v` INT", "`id`");
      DorisChunkLoader doris = new DorisChunkLoader(f.client);
      List<String> labels = Collections.synchronizedList(new java.util.ArrayList<>());
      ChunkLoader twice = (load, rows) -> {
        labels.add(load.label());
        int first = 0;
        for (var it = rows.open(); it.hasNext() && first < 10; first++) {
          it.next(); // a first attempt cut off after 10 rows, as a lost connection would
        }
        labels.add(load.label());
        return doris.load(load, rows);
      };
      f.snapshot(twice, 1, 1000, null).run(List.of(f.target("retried")));
      assertThat(labels).hasSize(2).containsOnly(labels.get(0));
      f.assertEqual("retried", "id");
    }
  }
}
