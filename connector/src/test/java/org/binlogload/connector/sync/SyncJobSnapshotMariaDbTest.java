package org.binlogload.connector.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.binlogload.connector.job.ChannelSpec;
import org.binlogload.connector.job.CommitPolicy;
import org.binlogload.connector.job.JobDefinition;
import org.binlogload.connector.job.JobState;
import org.binlogload.connector.job.SnapshotStatus;
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

/** A job started {@code initial}: its existing rows are copied, then the binlog follows from the snapshot's W0. */
@ExtendWith(MariaDbExtension.class)
class SyncJobSnapshotMariaDbTest {
  private static final AtomicInteger IDS = new AtomicInteger(100);
  @RegisterExtension
  static final EngineFixture ENGINE = new EngineFixture(DorisDouble.builder());
  private static final DorisDouble doris = ENGINE.doris;

  private static JobDefinition definition(TestDatabase db, String dorisDb, List<ChannelSpec> channels) {
    return definition(db, dorisDb, channels, SourceSpec.INITIAL);
  }

  private static JobDefinition definition(TestDatabase db, String dorisDb, List<ChannelSpec> channels, String start) {
    return JobDefinition.builder().database(dorisDb).name("job_" + dorisDb)
        .source(SourceSpec.builder().host(db.host()).port(db.port()).user(db.server().replUser())
            .password(db.server().replPassword()).startPosition(start).build())
        .properties(Map.of("replication_num", "1", "snapshot_parallelism", "3", "snapshot_chunk_size", "25"))
        .commitPolicy(CommitPolicy.builder().intervalSeconds(1).minCommitSize(200).build())
        .channels(channels).build();
  }

  private SyncJob create(long id, JobDefinition def, StateStore state) {
    return ENGINE.create(id, def, state);
  }

  private static void awaitEqual(TestDatabase db, SyncJob job, String dorisDb, String... tables) {
    for (String t : tables) {
      Wait.until(dorisDb + "." + t + " equal to " + db.schema() + "." + t, Duration.ofSeconds(90), () -> {
        if (job.state() != JobState.RUNNING) {
          throw new AssertionError("job is " + job.state() + ": " + job.message());
        }
        return rows(db, t).equals(dorisRows(dorisDb, t));
      });
    }
  }

  private static List<String> rows(TestDatabase db, String table) {
    return TableRows.mysql(db, table);
  }

  private static List<String> dorisRows(String db, String table) {
    return TableRows.doris(doris, db, table, e -> List.of("no table yet: " + e.getMessage()));
  }

  @Test
  void aWholeDatabaseWithRowsIsCopiedThenFollowedAndAKeylessTableIsLeftOutWithItsReason(TestDatabase db,
      @TempDir Path dir) {
    db.execute("CREATE TABLE w_int (id INT PRIMARY KEY, v VARCHAR(20))",
        "CREATE TABLE w_comp (a INT, b VARCHAR(10), v DECIMAL(8,2), PRIMARY KEY (a, b))",
        "CREATE TABLE w_str (k VARCHAR(20) PRIMARY KEY, n INT)", "CREATE TABLE w_nokey (x INT, y INT)");
    for (int i = 1; i <= 300; i++) {
      db.execute("INSERT INTO w_int VALUES (" + i + ", 'v" + i + "')",
          "INSERT INTO w_comp VALUES (" + (i % 7) + ", 'b" + i + "', " + i + ".5)",
          "INSERT INTO w_str VALUES ('key-" + i + "', " + i + ")");
    }
    db.execute("INSERT INTO w_nokey VALUES (1, 1), (1, 1)");
    doris.sql("", "CREATE DATABASE snapw");
    StateStore state = LocalStateStore.open(dir).scoped("jobs/1");
    SyncJob job = create(IDS.incrementAndGet(),
        definition(db, "snapw", List.of(ChannelSpec.wholeDatabase(db.schema(), "snapw"))), state);
    job.start();
    awaitEqual(db, job, "snapw", "w_int", "w_comp", "w_str");
    Wait.until("the stream phase reading", Duration.ofSeconds(30), job::isReading);
    assertThat(state.get(SnapshotPhase.HANDOVER_KEY)).isPresent();
    db.execute("INSERT INTO w_int VALUES (1000, 'after')", "UPDATE w_str SET n = -1 WHERE k = 'key-7'",
        "DELETE FROM w_comp WHERE a = 3", "INSERT INTO w_nokey VALUES (2, 2)");
    awaitEqual(db, job, "snapw", "w_int", "w_comp", "w_str");
    assertThat(job.status().phase()).isEqualTo("stream");
    assertThat(job.status().notSynced()).containsKey(db.schema() + ".w_nokey");
    assertThat(job.status().notSynced().get(db.schema() + ".w_nokey")).contains("left out")
        .containsIgnoringCase("key");
    assertThat(dorisRows("snapw", "w_nokey").get(0)).startsWith("no table yet");
  }

  @Test
  void concurrentWritesAPauseDuringTheCopyAndANewRuntimeEndEqualWithNothingCopiedTwice(TestDatabase db,
      @TempDir Path dir) throws Exception {
    db.execute("CREATE TABLE c_orders (id INT PRIMARY KEY, amount INT, note VARCHAR(20))",
        "CREATE TABLE c_items (o INT, line INT, qty INT, PRIMARY KEY (o, line))");
    StringBuilder orders = new StringBuilder("INSERT INTO c_orders VALUES ");
    StringBuilder items = new StringBuilder("INSERT INTO c_items VALUES ");
    for (int i = 1; i <= 2000; i++) {
      orders.append(i > 1 ? "," : "").append("(").append(i).append(",").append(i).append(",'n").append(i).append("')");
      items.append(i > 1 ? "," : "").append("(").append(i).append(",1,").append(i).append(")");
    }
    db.execute(orders.toString(), items.toString());
    doris.sql("", "CREATE DATABASE snapc");
    JobDefinition def = definition(db, "snapc", List.of(
        ChannelSpec.table(db.schema(), "c_orders", "snapc", "c_orders", List.of()),
        ChannelSpec.table(db.schema(), "c_items", "snapc", "c_items", List.of())));
    LocalStateStore root = LocalStateStore.open(dir);
    long id = IDS.incrementAndGet();
    SyncJob job = create(id, def, root.scoped("jobs/" + id));
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicReference<Throwable> writerFailed = new AtomicReference<>();
    Thread writer = new Thread(() -> write(db, writing, writerFailed));
    writer.start();
    job.start();
    Wait.until("the snapshot copying", Duration.ofSeconds(60), () -> {
      SnapshotStatus s = job.status().snapshot();
      return s != null && s.rowsCopied() > 0;
    });
    job.pause();
    SnapshotStatus paused = job.status().snapshot();
    assertThat(paused.tablesTotal()).isEqualTo(2);
    job.resume();
    Wait.until("the hand-over to the binlog", Duration.ofSeconds(90), job::isReading);
    writing.set(false);
    writer.join();
    assertThat(writerFailed.get()).isNull();
    awaitEqual(db, job, "snapc", "c_orders", "c_items");
    assertThat(job.status().snapshot()).isNull();
    job.stop();
    byte[] progress = root.scoped("jobs/" + id).get("snapshot/progress").orElseThrow();
    SyncJob again = create(id, def, root.scoped("jobs/" + id));
    again.start();
    Wait.until("the new runtime reading", Duration.ofSeconds(30), again::isReading);
    db.execute("UPDATE c_orders SET note = 'again' WHERE id = 2", "INSERT INTO c_items VALUES (1, 9, 9)");
    awaitEqual(db, again, "snapc", "c_orders", "c_items");
    assertThat(root.scoped("jobs/" + id).get("snapshot/progress").orElseThrow()).isEqualTo(progress);
  }

  @Test
  void aSnapshotOnlyJobCopiesItsTablesAndEndsCancelledNamingThePositionToFollowFrom(TestDatabase db,
      @TempDir Path dir) {
    db.execute("CREATE TABLE s_only (id BIGINT PRIMARY KEY, v VARCHAR(20))",
        "INSERT INTO s_only VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    doris.sql("", "CREATE DATABASE snaps");
    StateStore state = LocalStateStore.open(dir).scoped("jobs/1");
    SyncJob job = create(IDS.incrementAndGet(), definition(db, "snaps",
        List.of(ChannelSpec.table(db.schema(), "s_only", "snaps", "s_only", List.of())), SourceSpec.SNAPSHOT_ONLY),
        state);
    job.start();
    Wait.until("the snapshot-only job ended", Duration.ofSeconds(60), () -> job.state() != JobState.RUNNING);
    assertThat(job.state()).isEqualTo(JobState.CANCELLED);
    String w0 = new String(state.get(SnapshotPhase.HANDOVER_KEY).orElseThrow(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(job.message()).startsWith("finished: the snapshot-only job copied its tables")
        .contains("\"mysql.start_position\" = \"" + w0 + "\"");
    assertThat(job.isReading()).isFalse();
    assertThat(dorisRows("snaps", "s_only")).isEqualTo(rows(db, "s_only"));
  }

  /** Inserts, updates, key changes, deletes and two-table transactions until told to stop. */
  private static void write(TestDatabase db, AtomicBoolean writing, AtomicReference<Throwable> failed) {
    try {
      for (int i = 1; writing.get() && i < 100_000; i++) {
        int k = 1 + (i * 37) % 2000;
        db.transaction("UPDATE c_orders SET amount = amount + 1 WHERE id = " + k,
            "INSERT INTO c_items VALUES (" + k + ", " + (i + 1) + ", " + i + ")");
        db.execute("INSERT INTO c_orders VALUES (" + (5000 + i) + ", " + i + ", 'new')");
        if (i % 5 == 0) {
          db.execute("DELETE FROM c_orders WHERE id = " + (1 + (i * 13) % 2000));
        }
        if (i % 7 == 0) {
          db.execute("UPDATE c_orders SET id = " + (20000 + i) + " WHERE id = " + (1 + (i * 17) % 2000));
        }
      }
    } catch (Throwable t) {
      failed.set(t);
    }
  }
}
