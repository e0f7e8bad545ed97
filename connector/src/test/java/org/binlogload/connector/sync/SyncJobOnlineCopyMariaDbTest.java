package org.binlogload.connector.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.binlogload.connector.job.ChannelSpec;
import org.binlogload.connector.job.CommitPolicy;
import org.binlogload.connector.job.JobDefinition;
import org.binlogload.connector.job.JobState;
import org.binlogload.connector.job.SourceSpec;
import org.binlogload.connector.state.LocalStateStore;
import org.binlogload.connector.state.StateStore;
import org.binlogload.dorisdouble.DorisDouble;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.TestDatabase;
import org.binlogload.testkit.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables copied while the job streams ({@link OnlineCopies}): the copied table is skipped until its copy is done, then
 * the reader rewinds to the copy's watermark and the other tables skip what they committed; Doris ends equal.
 */
@ExtendWith(MariaDbExtension.class)
class SyncJobOnlineCopyMariaDbTest {
  private static final AtomicInteger IDS = new AtomicInteger(700);
  @RegisterExtension
  static final EngineFixture ENGINE = new EngineFixture(DorisDouble.builder());
  private static final DorisDouble doris = ENGINE.doris;

  private static JobDefinition definition(TestDatabase db, String ddb, String... tables) {
    return definition(db, ddb, Map.of(), tables);
  }

  private static JobDefinition definition(TestDatabase db, String ddb, Map<String, String> more, String... tables) {
    Map<String, String> props = new java.util.HashMap<>(Map.of("replication_num", "1", "snapshot_parallelism", "2",
        "snapshot_chunk_size", "40"));
    props.putAll(more);
    props.remove("start");
    JobDefinition.Builder b = JobDefinition.builder().database(ddb).name("job_" + ddb)
        .source(SourceSpec.builder().host(db.host()).port(db.port()).user(db.server().replUser())
            .password(db.server().replPassword()).startPosition(more.getOrDefault("start", "latest")).build())
        .properties(props)
        .commitPolicy(CommitPolicy.builder().intervalSeconds(1).minCommitSize(50).build());
    for (String t : tables) {
      b.addChannel(ChannelSpec.table(db.schema(), t, ddb, t, List.of()));
    }
    return b.build();
  }

  private static void fill(TestDatabase db, String table, int rows) {
    db.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, n INT, v VARCHAR(20))");
    if (rows == 0) {
      return; // a table the stream keeps equal from the job's start
    }
    StringBuilder sql = new StringBuilder("INSERT INTO " + table + " VALUES ");
    for (int i = 1; i <= rows; i++) {
      sql.append(i > 1 ? "," : "").append("(").append(i).append(",").append(i).append(",'r").append(i).append("')");
    }
    db.execute(sql.toString());
  }

  @Test
  void tablesCopiedWhileTheJobStreamsEndEqualUnderWritesToThemAndToOthers(TestDatabase db, @TempDir Path dir)
      throws Exception {
    fill(db, "oc_a", 400);
    fill(db, "oc_b", 300);
    fill(db, "oc_c", 0);
    doris.sql("", "CREATE DATABASE onl");
    StateStore state = LocalStateStore.open(dir).scoped("jobs/1");
    SyncJob job = ENGINE.create(IDS.incrementAndGet(), definition(db, "onl", "oc_a", "oc_b", "oc_c"), state);
    job.start();
    Wait.until("reading", Duration.ofSeconds(30), job::isReading);
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicReference<Throwable> failed = new AtomicReference<>();
    Thread writer = new Thread(() -> write(db, writing, failed, "oc_a", "oc_b", "oc_c"));
    writer.start();
    Wait.until("rows of oc_c streamed", Duration.ofSeconds(30), () -> !dorisRows("onl", "oc_c").isEmpty());

    job.copyOnline(List.of(db.schema() + ".oc_a", db.schema() + ".oc_b"));

    Wait.until("both copies handed over", Duration.ofSeconds(90), () -> {
      assertRunning(job);
      Progress p = Progress.fromBytes(state.get(ProgressStore.PROGRESS_KEY).orElseThrow());
      return p.floors().copying().isEmpty() && dorisRows("onl", "oc_a").size() >= 400
          && dorisRows("onl", "oc_b").size() >= 300;
    });
    writing.set(false);
    writer.join();
    assertThat(failed.get()).isNull();
    db.execute("INSERT INTO oc_c VALUES (99999, 1, 'last')");
    awaitEqual(db, job, "onl", "oc_a", "oc_b");
    Wait.until("oc_c equal with its last row", Duration.ofSeconds(60),
        () -> rows(db, "oc_c").equals(dorisRows("onl", "oc_c")));
    assertThat(state.keys("online/")).containsOnly("online/ids");
  }

  @Test
  void aCrashAtTheRewindWriteOrRightAfterTheRewindResumesAndEndsEqual(TestDatabase db, @TempDir Path dir)
      throws Exception {
    for (boolean afterRewind : new boolean[] {false, true}) {
      String t = afterRewind ? "cr_after" : "cr_at";
      String other = t + "_o";
      String ddb = "onl_" + t;
      fill(db, t, 200);
      fill(db, other, 0);
      doris.sql("", "CREATE DATABASE " + ddb);
      long id = IDS.incrementAndGet();
      StateStore state = LocalStateStore.open(dir.resolve(t)).scoped("jobs/" + id);
      AtomicBoolean crashed = new AtomicBoolean();
      AtomicBoolean rewound = new AtomicBoolean();
      BiConsumer<String, byte[]> hook = (k, v) -> {
        if (crashed.get() || !k.equals(ProgressStore.PROGRESS_KEY)) {
          return;
        }
        Progress p = Progress.fromBytes(v);
        if (p.rewind() != null) {
          rewound.set(true);
          if (!afterRewind && crashed.compareAndSet(false, true)) {
            throw new Crash("at the rewind write");
          }
        } else if (rewound.get() && afterRewind && crashed.compareAndSet(false, true)) {
          throw new Crash("after the reader was rewound, before the progress says so");
        }
      };
      JobDefinition def = definition(db, ddb, t, other);
      SyncJob first = ENGINE.create(id, def, new HookedStateStore(state, hook));
      first.start();
      Wait.until("reading", Duration.ofSeconds(30), first::isReading);
      AtomicBoolean writing = new AtomicBoolean(true);
      AtomicReference<Throwable> failed = new AtomicReference<>();
      Thread writer = new Thread(() -> write(db, writing, failed, t, other));
      writer.start();
      Wait.until("rows of " + other + " streamed", Duration.ofSeconds(30), () -> dorisRows(ddb, other).size() > 5);
      first.copyOnline(List.of(db.schema() + "." + t));
      Wait.until("the crash", Duration.ofSeconds(90), () -> first.state() == JobState.PAUSED);
      assertThat(first.message()).contains("simulated crash");
      first.stop();

      SyncJob second = ENGINE.create(id, def, state);
      second.start();
      Wait.until("the copy handed over", Duration.ofSeconds(60), () -> {
        assertRunning(second);
        Progress p = Progress.fromBytes(state.get(ProgressStore.PROGRESS_KEY).orElseThrow());
        return p.rewind() == null && p.floors().copying().isEmpty() && second.isReading();
      });
      writing.set(false);
      writer.join();
      assertThat(failed.get()).isNull();
      awaitEqual(db, second, ddb, t, other);
      second.stop();
    }
  }

  @Test
  void aPurgedPositionWithResnapshotOnPurgeCopiesEveryTableAgainAndEndsEqual(TestDatabase db, @TempDir Path dir)
      throws Exception {
    fill(db, "pg_a", 150);
    fill(db, "pg_b", 0);
    doris.sql("", "CREATE DATABASE onl_pg");
    long id = IDS.incrementAndGet();
    StateStore state = LocalStateStore.open(dir).scoped("jobs/" + id);
    JobDefinition def = definition(db, "onl_pg", Map.of("resnapshot_on_purge", "true"), "pg_a", "pg_b");
    SyncJob first = ENGINE.create(id, def, state);
    first.start();
    Wait.until("reading", Duration.ofSeconds(30), first::isReading);
    first.copyOnline(List.of(db.schema() + ".pg_a"));
    db.execute("INSERT INTO pg_b VALUES (1, 1, 'b')");
    awaitEqual(db, first, "onl_pg", "pg_a", "pg_b");
    first.stop();

    // while the job is stopped, its binlog is purged past its position, with changes the job never reads
    db.execute("FLUSH BINARY LOGS", "DELETE FROM pg_a WHERE id <= 20", "UPDATE pg_a SET v = 'gone' WHERE id = 50",
        "INSERT INTO pg_b VALUES (2, 2, 'lost')", "FLUSH BINARY LOGS");
    purgeAllButTheLast(db);
    SyncJob second = ENGINE.create(id, def, state);
    second.start();
    Wait.until("every table copied again", Duration.ofSeconds(90), () -> {
      assertRunning(second);
      Progress p = Progress.fromBytes(state.get(ProgressStore.PROGRESS_KEY).orElseThrow());
      return p.floors().copying().isEmpty() && p.rewind() == null && second.isReading();
    });
    db.execute("INSERT INTO pg_b VALUES (3, 3, 'after')", "UPDATE pg_a SET n = -1 WHERE id = 60");
    awaitEqual(db, second, "onl_pg", "pg_a", "pg_b");
    second.stop();
  }

  @Test
  void aPurgedPositionWithoutResnapshotOnPurgePausesTheJob(TestDatabase db, @TempDir Path dir) throws Exception {
    fill(db, "pz_a", 0);
    doris.sql("", "CREATE DATABASE onl_pz");
    long id = IDS.incrementAndGet();
    StateStore state = LocalStateStore.open(dir).scoped("jobs/" + id);
    JobDefinition def = definition(db, "onl_pz", "pz_a");
    SyncJob first = ENGINE.create(id, def, state);
    first.start();
    Wait.until("reading", Duration.ofSeconds(30), first::isReading);
    db.execute("INSERT INTO pz_a VALUES (1, 1, 'a')");
    awaitEqual(db, first, "onl_pz", "pz_a");
    first.stop();
    db.execute("FLUSH BINARY LOGS", "INSERT INTO pz_a VALUES (2, 2, 'b')", "FLUSH BINARY LOGS");
    purgeAllButTheLast(db);
    SyncJob second = ENGINE.create(id, def, state);
    second.start();
    Wait.until("the job paused", Duration.ofSeconds(30), () -> second.state() == JobState.PAUSED);
    assertThat(second.message()).contains("no longer has");
    assertThat(Progress.fromBytes(state.get(ProgressStore.PROGRESS_KEY).orElseThrow()).floors().copying()).isEmpty();
  }

  @Test
  void aDdlOnATableDuringTheInitialSnapshotCopiesItAgainAloneAndEndsEqual(TestDatabase db, @TempDir Path dir) {
    fill(db, "ds_a", 1200);
    fill(db, "ds_b", 300);
    doris.sql("", "CREATE DATABASE onl_ds");
    long id = IDS.incrementAndGet();
    StateStore state = LocalStateStore.open(dir).scoped("jobs/" + id);
    SyncJob job = ENGINE.create(id, definition(db, "onl_ds", Map.of("start", SourceSpec.INITIAL), "ds_a", "ds_b"),
        state);
    doris.faults().delayLoads(Duration.ofMillis(100)); // the copy lasts long enough for the DDL to land inside it
    try {
      job.start();
      Wait.until("ds_a being copied", Duration.ofSeconds(60), () -> {
        assertRunning(job);
        return job.status().snapshot() != null && job.status().snapshot().rowsCopied() >= 80;
      });
      db.execute("ALTER TABLE ds_a ADD COLUMN extra VARCHAR(10) DEFAULT 'x'",
          "UPDATE ds_a SET extra = 'y' WHERE id = 3",
          "INSERT INTO ds_a VALUES (5000, 1, 'new', 'z')", "DELETE FROM ds_a WHERE id = 7",
          "UPDATE ds_b SET n = -1 WHERE id = 2");
    } finally {
      doris.faults().delayLoads(Duration.ZERO);
    }
    Wait.until("ds_a copied again and handed over", Duration.ofSeconds(120), () -> {
      assertRunning(job);
      Progress p = Progress.fromBytes(state.get(ProgressStore.PROGRESS_KEY).orElseThrow());
      return job.isReading() && p.floors().copying().isEmpty() && p.rewind() == null;
    });
    db.execute("UPDATE ds_a SET extra = 'after' WHERE id = 9", "INSERT INTO ds_b VALUES (9000, 9, 'b')");
    awaitEqual(db, job, "onl_ds", "ds_a", "ds_b");
  }

  /**
   * A row of the table written after W0 and before the DDL reaches the reader, whose schema history starts at W0 with
   * the definitions of the reader's start: the reader cannot decode it and hands it on as undecodable; the table is
   * being copied again (its floor), so the stream skips it and the job ends equal.
   */
  @Test
  void aWriteBeforeTheDdlDuringTheInitialSnapshotIsSkippedWithTheTableAndEndsEqual(TestDatabase db,
      @TempDir Path dir) {
    fill(db, "dw_a", 1200);
    fill(db, "dw_b", 100);
    doris.sql("", "CREATE DATABASE onl_dw");
    long id = IDS.incrementAndGet();
    StateStore state = LocalStateStore.open(dir).scoped("jobs/" + id);
    SyncJob job = ENGINE.create(id, definition(db, "onl_dw", Map.of("start", SourceSpec.INITIAL), "dw_a", "dw_b"),
        state);
    doris.faults().delayLoads(Duration.ofMillis(100));
    try {
      job.start();
      Wait.until("dw_a being copied", Duration.ofSeconds(60), () -> {
        assertRunning(job);
        return job.status().snapshot() != null && job.status().snapshot().rowsCopied() >= 80;
      });
      db.execute("UPDATE dw_a SET n = n + 1 WHERE id = 2", "UPDATE dw_b SET n = -1 WHERE id = 2",
          "ALTER TABLE dw_a ADD COLUMN extra VARCHAR(10)", "UPDATE dw_a SET extra = 'e' WHERE id = 4");
    } finally {
      doris.faults().delayLoads(Duration.ZERO);
    }
    Wait.until("dw_a copied again and handed over", Duration.ofSeconds(120), () -> {
      assertRunning(job);
      Progress p = Progress.fromBytes(state.get(ProgressStore.PROGRESS_KEY).orElseThrow());
      return job.isReading() && p.floors().copying().isEmpty() && p.rewind() == null;
    });
    db.execute("UPDATE dw_a SET n = 0 WHERE id = 9", "INSERT INTO dw_b VALUES (9000, 9, 'b')");
    awaitEqual(db, job, "onl_dw", "dw_a", "dw_b");
  }

  /**
   * Rows the reader cannot decode of a table the stream does not skip (a job started before the table's last change,
   * with a row before it): the job pauses with the reader's message, nothing is skipped silently.
   */
  @Test
  void anUndecodableRowOfATableTheStreamNeedsPausesWithTheReadersMessage(TestDatabase db, @TempDir Path dir) {
    fill(db, "ur_a", 3);
    fill(db, "ur_b", 0);
    doris.sql("", "CREATE DATABASE onl_ur");
    String[] start = db.masterStatus();
    db.execute("INSERT INTO ur_b VALUES (1, 1, 'b')", "UPDATE ur_a SET n = 5 WHERE id = 2",
        "ALTER TABLE ur_a ADD COLUMN z INT FIRST");
    long id = IDS.incrementAndGet();
    StateStore state = LocalStateStore.open(dir).scoped("jobs/" + id);
    SyncJob job = ENGINE.create(id, definition(db, "onl_ur", Map.of("start", start[0] + ":" + start[1]), "ur_a",
        "ur_b"), state);
    job.start();
    Wait.until("the job paused", Duration.ofSeconds(60), () -> job.state() == JobState.PAUSED);
    assertThat(job.message()).contains("rows of `" + db.schema() + "`.`ur_a` at " + start[0] + ":")
        .contains("were written with another definition than the one the reader holds")
        .contains("ALTER TABLE ur_a ADD COLUMN z INT FIRST; start the job again from a position after that change");
    assertThat(dorisRows("onl_ur", "ur_b")).isEqualTo(rows(db, "ur_b")); // what came before is delivered
  }

  @Test
  void aDdlDuringAnOnlineCopyStartsTheCopyAgainFromTheNewDefinitionAndEndsEqual(TestDatabase db, @TempDir Path dir) {
    fill(db, "dc_a", 1200);
    fill(db, "dc_b", 0);
    doris.sql("", "CREATE DATABASE onl_dc");
    long id = IDS.incrementAndGet();
    StateStore state = LocalStateStore.open(dir).scoped("jobs/" + id);
    SyncJob job = ENGINE.create(id, definition(db, "onl_dc", "dc_a", "dc_b"), state);
    job.start();
    Wait.until("reading", Duration.ofSeconds(30), job::isReading);
    doris.faults().delayLoads(Duration.ofMillis(100)); // the copy lasts long enough for the DDL to land inside it
    try {
      job.copyOnline(List.of(db.schema() + ".dc_a"));
      Wait.until("dc_a being copied", Duration.ofSeconds(60), () -> {
        assertRunning(job);
        return job.status().onlineCopy() != null && job.status().onlineCopy().rowsCopied() >= 80;
      });
      db.execute("UPDATE dc_a SET n = n + 1 WHERE id = 2", "ALTER TABLE dc_a ADD COLUMN extra VARCHAR(10) DEFAULT 'x'",
          "UPDATE dc_a SET extra = 'y' WHERE id = 3", "INSERT INTO dc_b VALUES (1, 1, 'b')");
    } finally {
      doris.faults().delayLoads(Duration.ZERO);
    }
    Wait.until("dc_a copied again and handed over", Duration.ofSeconds(120), () -> {
      assertRunning(job);
      Progress p = Progress.fromBytes(state.get(ProgressStore.PROGRESS_KEY).orElseThrow());
      return job.isReading() && p.floors().copying().isEmpty() && p.rewind() == null;
    });
    db.execute("UPDATE dc_a SET extra = 'after' WHERE id = 9", "INSERT INTO dc_b VALUES (2, 2, 'c')");
    awaitEqual(db, job, "onl_dc", "dc_a", "dc_b");
    assertThat(state.keys("online/")).containsOnly("online/ids");
  }

  /** Purges every binlog file but the current one (a file a closed dump still reads goes a moment later). */
  private static void purgeAllButTheLast(TestDatabase db) {
    String last = db.masterStatus()[0];
    Wait.until("the purge", Duration.ofSeconds(30), () -> {
      try (Connection c = db.server().adminConnection(null); java.sql.Statement st = c.createStatement()) {
        st.execute("PURGE BINARY LOGS TO '" + last + "'");
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e);
      }
      return db.query("SHOW BINARY LOGS").size() == 1;
    });
  }

  /** Inserts, updates, key changes, deletes and multi-table transactions over {@code tables}. */
  private static void write(TestDatabase db, AtomicBoolean writing, AtomicReference<Throwable> failed,
      String... tables) {
    try {
      for (int i = 1; writing.get() && i < 100_000; i++) {
        String a = tables[i % tables.length];
        String b = tables[(i + 1) % tables.length];
        int k = 1 + (i * 37) % 200;
        db.transaction("UPDATE " + a + " SET n = n + 1 WHERE id = " + k,
            "INSERT INTO " + b + " VALUES (" + (10_000 + i) + ", " + i + ", 'w')");
        if (i % 5 == 0) {
          db.execute("DELETE FROM " + a + " WHERE id = " + (1 + (i * 13) % 200));
        }
        if (i % 7 == 0) {
          db.execute("UPDATE " + b + " SET id = " + (50_000 + i) + " WHERE id = " + (1 + (i * 17) % 200));
        }
      }
    } catch (Throwable t) {
      failed.set(t);
    }
  }

  private static void assertRunning(SyncJob job) {
    if (job.state() != JobState.RUNNING) {
      throw new AssertionError("job is " + job.state() + ": " + job.message());
    }
  }

  private static void awaitEqual(TestDatabase db, SyncJob job, String ddb, String... tables) {
    for (String t : tables) {
      try {
        Wait.until(ddb + "." + t + " equal to " + db.schema() + "." + t, Duration.ofSeconds(60), () -> {
          assertRunning(job);
          return rows(db, t).equals(dorisRows(ddb, t));
        });
      } catch (AssertionError e) {
        List<String> mysql = rows(db, t);
        List<String> dorisNow = dorisRows(ddb, t);
        List<String> missing = new ArrayList<>(mysql);
        missing.removeAll(dorisNow);
        List<String> extra = new ArrayList<>(dorisNow);
        extra.removeAll(mysql);
        throw new AssertionError(e.getMessage() + "; MySQL rows Doris lacks: " + missing + "; Doris rows MySQL lacks: "
            + extra, e);
      }
    }
  }

  private static List<String> rows(TestDatabase db, String table) {
    return TableRows.mysql(db, table);
  }

  private static List<String> dorisRows(String db, String table) {
    return TableRows.doris(doris, db, table, e -> List.of());
  }
}
