package org.binlogload.connector.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.DdlEvent;
import org.binlogload.canal.RowChange;
import org.binlogload.connector.job.ChannelSpec;
import org.binlogload.connector.job.JobState;
import org.binlogload.testkit.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SyncJobTest {
  private static final List<String> COLS = Harness.COLS;

  private static void workload(FakeBinlog b, int from, int n) {
    for (int i = from; i < from + n; i++) {
      b.rows(RowChange.Kind.INSERT, "t1", COLS, false, new Object[] {i, "a" + i}, new Object[] {i + 1000, "b" + i});
      b.rows(RowChange.Kind.INSERT, "t2", COLS, true, new Object[] {i, "c" + i});
    }
  }

  @Test
  void oneRoundFollowsTheProtocolOrder() {
    try (Harness h = new Harness()) {
      h.sourceTable("t1");
      h.sourceTable("t2");
      workload(h.binlog, 0, 3);
      SyncJob job = h.job(Harness.twoTables(Harness.policy(2, 1 << 20, 1 << 30)), 1024);
      job.start();
      h.awaitCaughtUp(job);
      assertThat(h.sink.rows("ddb.t1")).isEqualTo(h.expected("t1")).hasSize(6);
      assertThat(h.sink.rows("ddb.t2")).isEqualTo(h.expected("t2")).hasSize(3);
      Wait.until("the source acked", Duration.ofSeconds(10), () -> h.ops.contains("ack"));
      List<String> ops = List.copyOf(h.ops);
      int intent = indexOf(ops, "intent ");
      int p1 = indexOf(ops, "prepare:ddb.t1");
      int p2 = indexOf(ops, "prepare:ddb.t2");
      int decision = indexOf(ops, "decision ");
      int c1 = indexOf(ops, "commit:7_job1/ddb.t1@");
      int c2 = indexOf(ops, "commit:7_job1/ddb.t2@");
      int committed = ops.lastIndexOf("committed " + h.binlog.last());
      int ack = ops.indexOf("ack");
      assertThat(intent).as("intent first: " + ops).isGreaterThanOrEqualTo(0).isLessThan(Math.min(p1, p2));
      assertThat(decision).as("decision after both prepares: " + ops).isGreaterThan(Math.max(p1, p2));
      assertThat(Math.min(c1, c2)).as("commits after the decision: " + ops).isGreaterThan(decision);
      assertThat(committed).as("committed after both commits: " + ops).isGreaterThan(Math.max(c1, c2));
      assertThat(ack).as("ack after committed: " + ops).isGreaterThan(committed);
      assertThat(h.sink.staged()).isEmpty();
      assertThat(job.status().totalRows()).isEqualTo(9);
      assertThat(job.status().channels()).extracting(c -> c.name())
          .containsExactly("src.t1->ddb.t1", "src.t2->ddb.t2");
    }
  }

  @Test
  void acksTheSourceOncePerCommittedRound() {
    try (Harness h = new Harness()) {
      h.sourceTable("t1");
      h.sourceTable("t2");
      workload(h.binlog, 0, 30); // 120 events in batches of 3, rounds of at least 20 events
      SyncJob job = h.job(Harness.twoTables(Harness.policy(20, 1 << 20, 1 << 30)), 3);
      job.start();
      h.awaitCaughtUp(job);
      Wait.until("the last round acked", Duration.ofSeconds(10),
          () -> h.binlog.acked() == h.binlog.size() - 1);
      assertThat(h.sink.rows("ddb.t1")).isEqualTo(h.expected("t1")).hasSize(60);
      List<String> ops = List.copyOf(h.ops);
      long acks = ops.stream().filter("ack"::equals).count();
      long rounds = ops.stream().filter(o -> o.startsWith("committed ")).count();
      assertThat(rounds).as("rounds: " + ops).isGreaterThan(1);
      assertThat(acks).as("one ack per committed round at most (40 batches): " + ops).isBetween(1L, rounds);
    }
  }

  @Test
  void theRunnerAcksAsSoonAsTheRoundCommitsNotAtItsNextPoll() {
    try (Harness h = new Harness()) {
      h.sourceTable("t1");
      h.sourceTable("t2");
      workload(h.binlog, 0, 3);
      // the runner's poll waits 5 s for events that never come; the committer's wake-up ends that wait
      SyncJob job = h.job(Harness.twoTables(Harness.policy(2, 1 << 20, 1 << 30)), 1024, Duration.ofSeconds(5));
      job.start();
      h.awaitCaughtUp(job);
      Wait.until("the round acked well before the 5 s poll ends", Duration.ofMillis(2500),
          () -> h.binlog.acked() == h.binlog.size() - 1);
      assertThat(h.sink.rows("ddb.t2")).isEqualTo(h.expected("t2")).hasSize(3);
    }
  }

  private static int indexOf(List<String> ops, String prefix) {
    for (int i = 0; i < ops.size(); i++) {
      if (ops.get(i).startsWith(prefix)) {
        return i;
      }
    }
    throw new AssertionError("no op starting with '" + prefix + "' in " + ops);
  }

  enum CrashPoint { BEFORE_DECISION, AFTER_DECISION, AFTER_SOME_COMMITS, AFTER_ALL_COMMITS, BEFORE_ACK }

  @ParameterizedTest
  @EnumSource(CrashPoint.class)
  void recoversFromACrashAtEachStep(CrashPoint point) {
    try (Harness h = new Harness()) {
      h.sourceTable("t1");
      h.sourceTable("t2");
      workload(h.binlog, 0, 5);
      AtomicBoolean crashed = new AtomicBoolean();
      AtomicInteger commits = new AtomicInteger();
      AtomicBoolean decided = new AtomicBoolean();
      var previous = h.store.beforePut;
      h.store.beforePut = (k, v) -> {
        previous.accept(k, v);
        if (!k.endsWith(ProgressStore.PROGRESS_KEY) || crashed.get()) {
          return;
        }
        Progress p = Progress.fromBytes(v);
        if (point == CrashPoint.BEFORE_DECISION && p.round() != null && p.round().decided()) {
          crashed.set(true);
          throw new Crash(point.name());
        }
        if (p.round() != null && p.round().decided()) {
          decided.set(true);
        } else if (point == CrashPoint.AFTER_ALL_COMMITS && decided.get() && p.round() == null) {
          crashed.set(true);
          throw new Crash(point.name());
        }
      };
      h.sink.hook = op -> {
        h.ops.add(op);
        if (op.startsWith("commit:") && !crashed.get()) {
          int n = commits.incrementAndGet();
          if ((point == CrashPoint.AFTER_DECISION && n == 1) || (point == CrashPoint.AFTER_SOME_COMMITS && n == 2)) {
            crashed.set(true);
            throw new Crash(point.name());
          }
        }
      };
      h.binlog.beforeAck = () -> {
        if (point == CrashPoint.BEFORE_ACK && !crashed.get()) {
          crashed.set(true);
          throw new Crash(point.name());
        }
      };
      SyncJob first = h.job(Harness.twoTables(Harness.policy(2, 1 << 20, 1 << 30)), 1024);
      first.start();
      Wait.until("crash " + point, Duration.ofSeconds(10), crashed::get);
      Wait.until("first runner dead", Duration.ofSeconds(10), () -> !runnerAlive());
      // what the crash left: a decided or undecided round, or a committed position not yet acked
      workload(h.binlog, 100, 3);
      h.binlog.update("t1", COLS, new Object[] {1, "a1"}, new Object[] {5000, "moved"});
      h.binlog.rows(RowChange.Kind.DELETE, "t2", COLS, true, new Object[] {2, "c2"});
      SyncJob second = h.job(Harness.twoTables(Harness.policy(2, 1 << 20, 1 << 30)), 1024);
      second.start();
      h.awaitCaughtUp(second);
      assertThat(h.sink.rows("ddb.t1")).isEqualTo(h.expected("t1"));
      assertThat(h.sink.rows("ddb.t2")).isEqualTo(h.expected("t2"));
      assertThat(h.duplicates("ddb.t1")).as("rows landed twice").isEmpty();
      assertThat(h.duplicates("ddb.t2")).as("rows landed twice").isEmpty();
      assertThat(h.sink.staged()).as("dangling PRECOMMITTED txns").isEmpty();
      assertThat(second.state()).isEqualTo(JobState.RUNNING);
    }
  }

  private static boolean runnerAlive() {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("sync-ddb.job1") && t.isAlive()) {
        return true;
      }
    }
    return false;
  }

  @Test
  void aReaderFailingTheSameWayAtTheSamePlacePausesInsteadOfLoopingForever() {
    try (Harness h = new Harness()) {
      h.sourceTable("t1");
      h.sourceTable("t2");
      workload(h.binlog, 0, 2);
      SyncJob job = h.job(Harness.twoTables(Harness.policy(2, 1 << 20, 1 << 30)), 1024);
      job.start();
      h.awaitCaughtUp(job);
      h.binlog.failRetryable = true;
      h.binlog.failDeterministic = true;
      h.binlog.failGet = new IllegalStateException("reading the binlog of db1:3306 failed at mysql-bin.000001:900: "
          + "cannot decode a rows event");
      Wait.until("paused on the repeated reader failure", Duration.ofSeconds(20),
          () -> job.state() == JobState.PAUSED);
      assertThat(job.message()).contains("cannot decode a rows event").contains(Retries.STUCK_LIMIT + " times")
          .contains(job.committed().toString()).contains("RESUME");
      // RESUME tries again; once the cause is gone the job goes on
      h.binlog.failGet = null;
      workload(h.binlog, 2, 3);
      job.resume();
      h.awaitCaughtUp(job);
      assertThat(h.sink.rows("ddb.t1")).isEqualTo(h.expected("t1"));
      assertThat(job.state()).isEqualTo(JobState.RUNNING);
    }
  }

  @Test
  void aLostConnectionIsRetriedPastTheRepeatLimit() {
    try (Harness h = new Harness()) {
      h.sourceTable("t1");
      h.sourceTable("t2");
      SyncJob job = h.job(Harness.twoTables(Harness.policy(2, 1 << 20, 1 << 30)), 1024);
      h.binlog.failRetryable = true;
      h.binlog.failGet = new IllegalStateException("cannot reach db1:3306: Connection refused");
      job.start();
      Wait.until("more retries than the repeat limit", Duration.ofSeconds(20),
          () -> job.status().errors() > Retries.STUCK_LIMIT + 1);
      assertThat(job.state()).isEqualTo(JobState.RUNNING);
      h.binlog.failGet = null;
      workload(h.binlog, 0, 2);
      h.awaitCaughtUp(job);
    }
  }

  @Test
  void replaySkipsRowsAtOrBeforeTheCommittedRowIndex() {
    try (Harness h = new Harness()) {
      h.sourceTable("t1");
      // one transaction: a 5-row event, then a 3-row event; rounds are forced every batch of 3 events
      h.binlog.rows(RowChange.Kind.INSERT, "t1", COLS, false, new Object[] {1, "a"}, new Object[] {2, "b"},
          new Object[] {3, "c"}, new Object[] {4, "d"}, new Object[] {5, "e"});
      h.binlog.rows(RowChange.Kind.INSERT, "t1", COLS, true, new Object[] {6, "f"}, new Object[] {7, "g"},
          new Object[] {8, "h"});
      AtomicInteger prepares = new AtomicInteger();
      AtomicBoolean crashed = new AtomicBoolean();
      h.sink.hook = op -> {
        if (op.startsWith("prepare:") && prepares.incrementAndGet() == 2 && !crashed.get()) {
          crashed.set(true);
          throw new Crash("second round");
        }
      };
      var def = Harness.definition(Harness.policy(1, 1, 1), ChannelSpec.table("src", "t1", "ddb", "t1", List.of()));
      SyncJob first = h.job(def, 3);
      first.start();
      Wait.until("crash", Duration.ofSeconds(10), crashed::get);
      Wait.until("first runner dead", Duration.ofSeconds(10), () -> !runnerAlive());
      BinlogPosition committed = BinlogPosition.parse(h.store.scoped("jobs/7").get(ProgressStore.PROGRESS_KEY)
          .map(Progress::fromBytes).orElseThrow().committed().toString());
      assertThat(committed.rowIndex()).as("first round ended inside the rows event").isEqualTo(2);
      assertThat(h.sink.rows("ddb.t1")).hasSize(3);
      h.sink.hook = op -> {};
      SyncJob second = h.job(def, 3);
      second.start();
      h.awaitCaughtUp(second);
      assertThat(h.sink.rows("ddb.t1")).isEqualTo(h.expected("t1")).hasSize(8);
      assertThat(h.duplicates("ddb.t1")).as("the replayed rows #0..#2 landed again").isEmpty();
      assertThat(h.sink.visibleLog("ddb.t1")).hasSize(8);
    }
  }

  @Test
  void transientLoadAndCommitFailuresAreRetriedWithNothingLostOrDuplicated() {
    try (Harness h = new Harness()) {
      h.sourceTable("t1");
      h.sourceTable("t2");
      h.sink.failPrepares.set(2);
      h.sink.failCommits.set(1);
      workload(h.binlog, 0, 20);
      SyncJob job = h.job(Harness.twoTables(Harness.policy(5, 1 << 20, 1 << 30)), 7);
      job.start();
      h.awaitCaughtUp(job);
      assertThat(h.sink.rows("ddb.t1")).isEqualTo(h.expected("t1")).hasSize(40);
      assertThat(h.sink.rows("ddb.t2")).isEqualTo(h.expected("t2")).hasSize(20);
      assertThat(h.duplicates("ddb.t1")).isEmpty();
      assertThat(h.duplicates("ddb.t2")).isEmpty();
      assertThat(h.sink.staged()).isEmpty();
      assertThat(job.state()).isEqualTo(JobState.RUNNING);
      // both loads of the first round fail together (one job-level retry), then one commit fails (another)
      assertThat(job.status().errors()).isEqualTo(2);
    }
  }

  @Test
  void updateOfTheKeyDeletesTheOldRowAndSequenceKeepsBinlogOrder() {
    try (Harness h = new Harness()) {
      h.sourceTable("t1");
      h.binlog.rows(RowChange.Kind.INSERT, "t1", COLS, true, new Object[] {1, "a"});
      h.binlog.update("t1", COLS, new Object[] {1, "a"}, new Object[] {2, "a"});
      h.binlog.update("t1", COLS, new Object[] {2, "a"}, new Object[] {2, "b"});
      h.binlog.update("t1", COLS, new Object[] {2, "b"}, new Object[] {1, "c"});
      var def = Harness.definition(Harness.policy(100, 1 << 20, 1 << 30),
          ChannelSpec.table("src", "t1", "ddb", "t1", List.of()));
      SyncJob job = h.job(def, 1024);
      job.start();
      h.awaitCaughtUp(job);
      assertThat(h.sink.rows("ddb.t1")).isEqualTo(h.expected("t1"));
      assertThat(h.sink.rows("ddb.t1")).containsOnlyKeys("1");
      assertThat(h.sink.rows("ddb.t1").get("1")).containsEntry("v", "c");
    }
  }

  @Test
  void explicitColumnListKeepsOnlyThoseColumns() {
    try (Harness h = new Harness()) {
      h.sourceTable("t1");
      List<String> cols3 = List.of("id", "v", "secret");
      h.binlog.rows(RowChange.Kind.INSERT, "t1", cols3, true, new Object[] {1, "a", "pw"});
      var def = Harness.definition(Harness.policy(1, 1 << 20, 1 << 30),
          ChannelSpec.table("src", "t1", "ddb", "t1", List.of("id", "v")));
      SyncJob job = h.job(def, 1024);
      job.start();
      h.awaitCaughtUp(job);
      assertThat(h.sink.rows("ddb.t1").get("1")).containsOnlyKeys("id", "v");
    }
  }

  @Test
  void ddlBarrierCommitsRowsBeforeTheStatementAndNewColumnsFlowByName() {
    try (Harness h = new Harness()) {
      h.sourceTable("t1");
      h.sourceTable("t2");
      workload(h.binlog, 0, 3);
      h.binlog.ddl("t1", "ALTER TABLE t1 ADD COLUMN w INT");
      List<String> cols3 = List.of("id", "v", "w");
      h.binlog.rows(RowChange.Kind.INSERT, "t1", cols3, true, new Object[] {50, "x", 7});
      h.binlog.ddl("t1", "ALTER TABLE t1 MODIFY COLUMN w BIGINT");
      h.binlog.rows(RowChange.Kind.INSERT, "t1", cols3, true, new Object[] {51, "y", 8});
      h.binlog.ddl("other", "ALTER TABLE other ADD COLUMN z INT");
      SyncJob job = h.job(Harness.twoTables(Harness.policy(1000, 1 << 20, 1 << 30)), 1024);
      assertThat(job.status().lastDdlPauseMillis()).as("no DDL passed yet").isEqualTo(-1);
      job.start();
      h.awaitCaughtUp(job);
      assertThat(job.status().lastDdlPauseMillis()).as("the last DDL's pause").isGreaterThanOrEqualTo(0);
      assertThat(h.sink.rows("ddb.t1")).isEqualTo(h.expected("t1"));
      assertThat(h.sink.rows("ddb.t1").get("50")).containsEntry("w", 7);
      assertThat(h.sink.rows("ddb.t2")).isEqualTo(h.expected("t2"));
      assertThat(h.sink.steps).containsSubsequence("add column ddb.t1.w",
          "alter column ddb.t1.w");
      assertThat(h.sink.schemaWaits.get()).isEqualTo(1);
      List<String> ops = List.copyOf(h.ops);
      int alter = ops.indexOf("send:add column ddb.t1.w");
      assertThat(indexOf(ops, "commit:7_job1/ddb.t1@")).as("rows before the DDL commit first: " + ops).isLessThan(alter);
      assertThat(indexOf(ops, "commit:7_job1/ddb.t2@")).as("all channels close the round: " + ops).isLessThan(alter);
      assertThat(h.planner.tracked().get("src.t1")).contains("ADD COLUMN w");
    }
  }

  @Test
  void schemaAndBindingsSurviveARestart() {
    try (Harness h = new Harness()) {
      h.sourceTable("t1");
      h.binlog.rows(RowChange.Kind.INSERT, "t1", COLS, true, new Object[] {1, "a"});
      h.binlog.ddl("t1", "RENAME TABLE t1 TO t1b");
      h.binlog.rows(RowChange.Kind.INSERT, "t1b", COLS, true, new Object[] {2, "b"});
      var def = Harness.definition(Harness.policy(1000, 1 << 20, 1 << 30),
          ChannelSpec.table("src", "t1", "ddb", "t1", List.of()));
      SyncJob job = h.job(def, 1024);
      job.start();
      h.awaitCaughtUp(job);
      job.stop();
      assertThat(job.state()).isEqualTo(JobState.CANCELLED);
      h.binlog.rows(RowChange.Kind.INSERT, "t1b", COLS, true, new Object[] {3, "c"});
      FakePlanner fresh = new FakePlanner();
      SyncJob again = SyncJob.builder().jobId(7).definition(def).state(h.store.scoped("jobs/7"))
          .source(h.binlog::source).sink(h.sink).planner(fresh).catalog(h.catalog()).pool(h.pool)
          .pollTimeout(Duration.ofMillis(20)).build();
      h.jobs.add(again);
      again.start();
      h.awaitCaughtUp(again);
      assertThat(h.sink.rows("ddb.t1")).isEqualTo(h.expected("t1")).containsOnlyKeys("1", "2", "3");
      assertThat(again.status().channels()).extracting(c -> c.name()).containsExactly("src.t1b->ddb.t1");
      assertThat(fresh.tracked().get("src.t1")).contains("RENAME TABLE t1 TO t1b");
    }
  }

  @Test
  void refusedDdlPausesWithItsMessageAndOnlyAnExplicitSkipPassesIt() {
    try (Harness h = new Harness()) {
      h.sourceTable("t1");
      h.binlog.rows(RowChange.Kind.INSERT, "t1", COLS, true, new Object[] {1, "a"});
      BinlogPosition ddl = h.binlog.ddl("t1", "ALTER TABLE t1 DROP COLUMN id");
      h.binlog.rows(RowChange.Kind.INSERT, "t1", COLS, true, new Object[] {2, "b"});
      var def = Harness.definition(Harness.policy(1000, 1 << 20, 1 << 30),
          ChannelSpec.table("src", "t1", "ddb", "t1", List.of()));
      SyncJob job = h.job(def, 1024);
      job.start();
      Wait.until("paused", Duration.ofSeconds(10), () -> job.state() == JobState.PAUSED);
      assertThat(job.message()).contains("ALTER TABLE t1 DROP COLUMN id", ddl.toString(),
          "Can not drop key column in Unique data model table", "recreate the Doris table");
      assertThat(h.sink.rows("ddb.t1")).as("rows before the DDL are committed").containsOnlyKeys("1");
      assertThat(job.committed()).isLessThan(ddl);

      job.resume(); // retries, and is refused again
      Wait.until("paused again", Duration.ofSeconds(10), () -> job.state() == JobState.PAUSED);
      assertThat(job.message()).contains(ddl.toString());
      assertThatThrownBy(() -> job.skipDdl(FakeBinlog.FILE + ":1")).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("has no refused DDL at").hasMessageContaining(ddl.toString());
      assertThat(h.sink.rows("ddb.t1")).containsOnlyKeys("1");

      job.skipDdl(ddl.toString());
      h.awaitCaughtUp(job);
      assertThat(job.state()).isEqualTo(JobState.RUNNING);
      assertThat(job.message()).isEmpty();
      assertThat(h.sink.rows("ddb.t1")).isEqualTo(h.expected("t1")).containsOnlyKeys("1", "2");
      assertThat(h.duplicates("ddb.t1")).isEmpty();
    }
  }

  @Test
  void droppedSourceTableCancelsTheJob() {
    try (Harness h = new Harness()) {
      h.sourceTable("t1");
      h.binlog.rows(RowChange.Kind.INSERT, "t1", COLS, true, new Object[] {1, "a"});
      h.binlog.ddl("t1", "DROP TABLE t1");
      var def = Harness.definition(Harness.policy(1000, 1 << 20, 1 << 30),
          ChannelSpec.table("src", "t1", "ddb", "t1", List.of()));
      SyncJob job = h.job(def, 1024);
      job.start();
      Wait.until("cancelled", Duration.ofSeconds(10), () -> job.state() == JobState.CANCELLED);
      assertThat(job.message()).contains("src.t1", "was dropped", "DROP TABLE t1");
      assertThat(h.sink.rows("ddb.t1")).containsOnlyKeys("1");
      assertThatThrownBy(job::resume).isInstanceOf(IllegalStateException.class).hasMessageContaining("CANCELLED");
    }
  }

  @Test
  void wholeDatabaseJobCreatesDorisTablesForNewSourceTables() {
    try (Harness h = new Harness()) {
      h.sourceTable("t1");
      h.binlog.rows(RowChange.Kind.INSERT, "t1", COLS, true, new Object[] {1, "a"});
      h.binlog.ddl("t3", "CREATE TABLE t3 (id INT PRIMARY KEY, v TEXT)");
      h.binlog.rows(RowChange.Kind.INSERT, "t3", COLS, true, new Object[] {9, "z"});
      var def = Harness.definition(Harness.policy(1000, 1 << 20, 1 << 30), ChannelSpec.wholeDatabase("src", "ddb"));
      SyncJob job = h.job(def, 1024);
      job.start();
      h.awaitCaughtUp(job);
      assertThat(h.sink.rows("ddb.t1")).isEqualTo(h.expected("t1")).hasSize(1);
      assertThat(h.sink.rows("ddb.t3")).isEqualTo(h.expected("t3")).hasSize(1);
      assertThat(job.status().channels()).extracting(c -> c.name()).containsExactly("src.t1->ddb.t1", "src.t3->ddb.t3");
    }
  }

  @Test
  void aSkippedCreateTableLeavesTheTableListedAsNotSyncedWithItsDroppedRowsCounted() {
    try (Harness h = new Harness()) {
      h.sourceTable("t1");
      h.binlog.rows(RowChange.Kind.INSERT, "t1", COLS, true, new Object[] {1, "a"});
      var def = Harness.definition(Harness.policy(1000, 1 << 20, 1 << 30), ChannelSpec.wholeDatabase("src", "ddb"));
      SyncJob job = h.job(def, 1024);
      job.start();
      h.awaitCaughtUp(job);
      h.sink.hook = op -> {
        if (op.startsWith("send:create table")) {
          throw new IllegalStateException("Failed to find enough backend");
        }
      };
      BinlogPosition create = h.binlog.ddl("t3", "CREATE TABLE t3 (id INT PRIMARY KEY, v TEXT)");
      h.binlog.rows(RowChange.Kind.INSERT, "t3", COLS, true, new Object[] {9, "z"});
      h.binlog.rows(RowChange.Kind.INSERT, "t3", COLS, true, new Object[] {10, "y"});
      Wait.until("paused at the CREATE TABLE", Duration.ofSeconds(10), () -> job.state() == JobState.PAUSED);
      assertThat(job.message()).contains("RESUME SYNC JOB " + job.name() + " SKIP DDL AT").doesNotContain("[db.]");
      job.skipDdl(create.toString());
      h.awaitCaughtUp(job);
      assertThat(job.status().notSynced()).containsOnlyKeys("src.t3");
      assertThat(job.status().notSynced().get("src.t3")).contains("refused", "Failed to find enough backend",
          "skipped by the user", "2 rows not synced");
      assertThat(job.status().notSyncedRows()).containsEntry("src.t3", 2L);
      job.stop();

      // the mark is persisted with the job's schema: a restarted job still lists the table
      SyncJob again = h.job(def, 1024);
      again.start();
      h.binlog.rows(RowChange.Kind.INSERT, "t3", COLS, true, new Object[] {11, "x"});
      h.awaitCaughtUp(again);
      assertThat(again.status().notSynced()).containsOnlyKeys("src.t3");
      assertThat(again.status().notSyncedRows()).containsEntry("src.t3", 1L);
    }
  }

  @Test
  void pauseResumeAndStopNeverHang() {
    try (Harness h = new Harness()) {
      h.sourceTable("t1");
      h.sourceTable("t2");
      workload(h.binlog, 0, 2);
      SyncJob job = h.job(Harness.twoTables(Harness.policy(1, 1 << 20, 1 << 30)), 1024);
      assertThat(job.state()).isEqualTo(JobState.PENDING);
      job.start();
      h.awaitCaughtUp(job);
      long t0 = System.nanoTime();
      job.pause();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
      assertThat(job.state()).isEqualTo(JobState.PAUSED);
      workload(h.binlog, 10, 2);
      assertThat(h.sink.rows("ddb.t2")).hasSize(2);
      job.resume();
      h.awaitCaughtUp(job);
      assertThat(h.sink.rows("ddb.t2")).isEqualTo(h.expected("t2")).hasSize(4);
      job.stop();
      assertThat(job.state()).isEqualTo(JobState.CANCELLED);
      assertThatThrownBy(job::start).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void aCrashWhileWaitingForAHeavySchemaChangeNeitherRepeatsNorSkipsTheStatement() {
    try (Harness h = new Harness()) {
      h.sourceTable("t1");
      h.binlog.rows(RowChange.Kind.INSERT, "t1", COLS, true, new Object[] {1, "a"});
      h.binlog.ddl("t1", "ALTER TABLE t1 MODIFY COLUMN v TEXT");
      h.binlog.rows(RowChange.Kind.INSERT, "t1", COLS, true, new Object[] {2, "b"});
      AtomicBoolean crashed = new AtomicBoolean();
      h.sink.hook = op -> {
        h.ops.add(op);
        if (op.startsWith("await:") && crashed.compareAndSet(false, true)) {
          throw new Crash("waiting for the schema change");
        }
      };
      var def = Harness.definition(Harness.policy(1000, 1 << 20, 1 << 30),
          ChannelSpec.table("src", "t1", "ddb", "t1", List.of()));
      h.job(def, 1024).start();
      Wait.until("crash", Duration.ofSeconds(10), crashed::get);
      Wait.until("first runner dead", Duration.ofSeconds(10), () -> !runnerAlive());
      SyncJob second = h.job(def, 1024);
      second.start();
      h.awaitCaughtUp(second);
      assertThat(h.sink.steps).containsOnlyOnce("alter column ddb.t1.v");
      assertThat(h.sink.schemaWaits.get()).as("the restart waits for the running schema change").isEqualTo(1);
      assertThat(h.sink.rows("ddb.t1")).isEqualTo(h.expected("t1")).containsOnlyKeys("1", "2");
    }
  }

  @Test
  void pauseOfAPendingJobAndResumeStartIt() {
    try (Harness h = new Harness()) {
      h.sourceTable("t1");
      h.binlog.rows(RowChange.Kind.INSERT, "t1", COLS, true, new Object[] {1, "a"});
      var def = Harness.definition(Harness.policy(1, 1 << 20, 1 << 30),
          ChannelSpec.table("src", "t1", "ddb", "t1", List.of()));
      SyncJob job = h.job(def, 1024);
      job.pause();
      assertThat(job.state()).isEqualTo(JobState.PAUSED);
      job.resume();
      h.awaitCaughtUp(job);
      assertThat(h.sink.rows("ddb.t1")).containsOnlyKeys("1");
    }
  }

  @Test
  void aStatementDorisRefusesPausesAtItsDdlAndCanBeSkipped() {
    try (Harness h = new Harness()) {
      h.sourceTable("t1");
      h.binlog.rows(RowChange.Kind.INSERT, "t1", COLS, true, new Object[] {1, "a"});
      BinlogPosition ddl = h.binlog.ddl("t1", "ALTER TABLE t1 ADD COLUMN w INT");
      h.binlog.rows(RowChange.Kind.INSERT, "t1", List.of("id", "v", "w"), true, new Object[] {2, "b", 3});
      h.sink.hook = op -> {
        if (op.startsWith("send:add column ddb.t1.w")) {
          throw new IllegalStateException("Can not add column which already exists in base table: w");
        }
      };
      var def = Harness.definition(Harness.policy(1000, 1 << 20, 1 << 30),
          ChannelSpec.table("src", "t1", "ddb", "t1", List.of()));
      SyncJob job = h.job(def, 1024);
      job.start();
      Wait.until("paused", Duration.ofSeconds(10), () -> job.state() == JobState.PAUSED);
      assertThat(job.message()).contains(ddl.toString(), "Can not add column which already exists", "by hand");
      assertThat(job.refusedDdl()).map(DdlEvent::position).contains(ddl);
      job.resume(); // Doris answered the first time, so its refusal is not mistaken for "already applied"
      Wait.until("paused again", Duration.ofSeconds(10), () -> job.state() == JobState.PAUSED);
      assertThat(job.message()).contains("Can not add column which already exists");
      job.skipDdl(ddl.toString());
      h.awaitCaughtUp(job);
      assertThat(h.sink.rows("ddb.t1")).isEqualTo(h.expected("t1")).containsOnlyKeys("1", "2");
    }
  }

  @Test
  void statementLoggedDmlOnATrackedTablePausesTheJobAfterWhatCameBeforeAndPassesOnlyWhenToldTo() {
    try (Harness h = new Harness()) {
      h.sourceTable("t1");
      h.sourceTable("t2");
      h.binlog.rows(RowChange.Kind.INSERT, "t1", COLS, true, new Object[] {1, "a"});
      h.binlog.statement("other", "INSERT INTO other VALUES (9)"); // not tracked: no pause
      BinlogPosition stmt = h.binlog.statement("t1", "UPDATE t1 SET v = 'x' WHERE id > 0");
      h.binlog.rows(RowChange.Kind.INSERT, "t1", COLS, true, new Object[] {2, "b"});
      SyncJob job = h.job(Harness.twoTables(Harness.policy(1000, 1 << 20, 1 << 30)), 1024);
      job.start();
      Wait.until("paused", Duration.ofSeconds(10), () -> job.state() == JobState.PAUSED);
      assertThat(job.message()).contains("rows of src.t1 at " + stmt, "logged as a statement",
          "UPDATE t1 SET v = 'x' WHERE id > 0", "SET GLOBAL binlog_format=ROW",
          "RESUME SYNC JOB " + job.name() + " SKIP DDL AT \"" + stmt + "\"");
      assertThat(h.sink.rows("ddb.t1")).as("rows before the statement are delivered").containsOnlyKeys("1");
      assertThat(job.committed()).isLessThan(stmt);

      job.resume(); // a plain RESUME stops at it again: it is never skipped silently
      Wait.until("paused again", Duration.ofSeconds(10), () -> job.state() == JobState.PAUSED);
      assertThat(h.sink.rows("ddb.t1")).containsOnlyKeys("1");

      job.skipDdl(stmt.toString());
      h.awaitCaughtUp(job);
      assertThat(job.state()).isEqualTo(JobState.RUNNING);
      assertThat(h.sink.rows("ddb.t1")).containsOnlyKeys("1", "2");
    }
  }

  @Test
  void undecodableRowsOfATrackedTablePauseWithTheReadersMessageAfterWhatCameBeforeAndThoseOfOthersPass() {
    try (Harness h = new Harness()) {
      h.sourceTable("t1");
      h.sourceTable("t2");
      h.binlog.rows(RowChange.Kind.INSERT, "t1", COLS, true, new Object[] {1, "a"});
      h.binlog.undecodable("other", "the definition of `src`.`other` is unknown"); // not synced: passed
      String why = "the definition of `src`.`t1` at f:4 is unknown (changed later), so its rows cannot be decoded"
          + " safely; start the job again from a position after that change and reload the table";
      BinlogPosition at = h.binlog.undecodable("t1", why);
      h.binlog.rows(RowChange.Kind.INSERT, "t1", COLS, true, new Object[] {2, "b"});
      SyncJob job = h.job(Harness.twoTables(Harness.policy(1000, 1 << 20, 1 << 30)), 1024);
      job.start();
      Wait.until("paused", Duration.ofSeconds(10), () -> job.state() == JobState.PAUSED);
      assertThat(job.message()).isEqualTo(why);
      assertThat(h.sink.rows("ddb.t1")).as("rows before them are delivered").containsOnlyKeys("1");
      assertThat(job.committed()).isLessThan(at);

      job.resume(); // never skipped silently
      Wait.until("paused again", Duration.ofSeconds(10), () -> job.state() == JobState.PAUSED);
      assertThat(job.message()).isEqualTo(why);
      assertThat(h.sink.rows("ddb.t1")).containsOnlyKeys("1");
    }
  }

  @Test
  void aTransientFaultIsRetriedUntilItHealsWithTheWaitAndAGrowingLagShown() {
    try (Harness h = new Harness()) {
      h.sourceTable("t1");
      h.sourceTable("t2");
      workload(h.binlog, 0, 4);
      AtomicBoolean down = new AtomicBoolean(true);
      AtomicInteger failures = new AtomicInteger();
      h.sink.hook = op -> {
        if (down.get() && op.startsWith("prepare:")) {
          failures.incrementAndGet();
          throw new MemorySink.Retryable("no FE reachable");
        }
      };
      SyncJob job = h.job(Harness.twoTables(Harness.policy(2, 1 << 20, 1 << 30)), 1024);
      job.start();
      // the harness allows 5 retries: the job used to pause after them
      Wait.until("more failed attempts than the old retry limit", Duration.ofSeconds(30), () -> failures.get() > 12);
      assertThat(job.state()).isEqualTo(JobState.RUNNING);
      assertThat(job.message()).startsWith("retrying in").contains("no FE reachable");
      assertThat(job.status().retrying()).startsWith("retrying in");
      long lag = job.status().delayMillis();
      assertThat(lag).isPositive();
      Wait.until("the lag grows during the outage", Duration.ofSeconds(10), () -> job.status().delayMillis() > lag);
      assertThat(h.sink.rows("ddb.t1")).isEmpty();

      down.set(false);
      h.awaitCaughtUp(job);
      Wait.until("no longer retrying", Duration.ofSeconds(10), () -> job.status().retrying() == null);
      assertThat(job.state()).isEqualTo(JobState.RUNNING);
      assertThat(job.message()).isEmpty();
      assertThat(job.status().delayMillis()).isZero();
      assertThat(h.sink.rows("ddb.t1")).isEqualTo(h.expected("t1"));
      assertThat(h.sink.rows("ddb.t2")).isEqualTo(h.expected("t2"));
      assertThat(h.duplicates("ddb.t1")).isEmpty();
    }
  }

  @Test
  void aFaultAPersonMustFixPausesTheJob() {
    try (Harness h = new Harness()) {
      h.sourceTable("t1");
      h.sourceTable("t2");
      workload(h.binlog, 0, 2);
      h.sink.hook = op -> {
        if (op.startsWith("prepare:")) {
          throw new IllegalStateException("Access denied for user 'loader'");
        }
      };
      SyncJob job = h.job(Harness.twoTables(Harness.policy(2, 1 << 20, 1 << 30)), 1024);
      job.start();
      Wait.until("paused", Duration.ofSeconds(10), () -> job.state() == JobState.PAUSED);
      assertThat(job.message()).contains("Access denied");
      assertThat(job.status().retrying()).isNull();
    }
  }

  @Test
  void anErrorInTheRunnerPausesTheJobAndResumeRecoversFromThePersistedState() {
    try (Harness h = new Harness()) {
      h.sourceTable("t1");
      h.sourceTable("t2");
      workload(h.binlog, 0, 4);
      AtomicBoolean crashed = new AtomicBoolean();
      h.sink.hook = op -> {
        if (op.startsWith("commit:") && crashed.compareAndSet(false, true)) {
          throw new Crash("after the decision");
        }
      };
      SyncJob job = h.job(Harness.twoTables(Harness.policy(2, 1 << 20, 1 << 30)), 1024);
      job.start();
      Wait.until("paused by the error", Duration.ofSeconds(10), () -> job.state() == JobState.PAUSED);
      assertThat(job.message()).contains("internal error", "simulated crash after the decision");
      assertThat(h.sink.staged()).as("the decided round is left as a crash leaves it").hasSize(2);
      workload(h.binlog, 50, 2);
      job.resume();
      h.awaitCaughtUp(job);
      assertThat(h.sink.rows("ddb.t1")).isEqualTo(h.expected("t1")).hasSize(12);
      assertThat(h.sink.rows("ddb.t2")).isEqualTo(h.expected("t2")).hasSize(6);
      assertThat(h.duplicates("ddb.t1")).isEmpty();
      assertThat(h.sink.staged()).isEmpty();
    }
  }

  @Test
  void retriesAreCountedAfreshOnceARoundCommits() {
    try (Harness h = new Harness()) {
      h.sourceTable("t1");
      for (int i = 0; i < 12; i++) {
        h.binlog.rows(RowChange.Kind.INSERT, "t1", COLS, true, new Object[] {i, "v" + i});
      }
      AtomicInteger prepares = new AtomicInteger();
      h.sink.hook = op -> {
        if (op.startsWith("prepare:") && prepares.incrementAndGet() % 2 == 1) {
          throw new MemorySink.Retryable("every first attempt of a round fails");
        }
      };
      var def = Harness.definition(Harness.policy(1, 1 << 20, 1 << 30),
          ChannelSpec.table("src", "t1", "ddb", "t1", List.of()));
      SyncJob job = h.job(def, 2); // a round per transaction: 12 rounds, 12 errors, 5 retries allowed in a row
      job.start();
      h.awaitCaughtUp(job);
      assertThat(job.state()).isEqualTo(JobState.RUNNING);
      assertThat(job.status().errors()).isGreaterThan(5);
      assertThat(h.sink.rows("ddb.t1")).isEqualTo(h.expected("t1")).hasSize(12);
    }
  }

  @Test
  void aStatementDorisRanJustBeforeACrashIsRecognisedAsAppliedAfterTheRestart() {
    try (Harness h = new Harness()) {
      h.sourceTable("t1");
      h.binlog.rows(RowChange.Kind.INSERT, "t1", COLS, true, new Object[] {1, "a"});
      h.binlog.ddl("t1", "ALTER TABLE t1 ADD COLUMN w INT");
      h.binlog.rows(RowChange.Kind.INSERT, "t1", List.of("id", "v", "w"), true, new Object[] {2, "b", 3});
      AtomicBoolean crashed = new AtomicBoolean();
      var def = Harness.definition(Harness.policy(1000, 1 << 20, 1 << 30),
          ChannelSpec.table("src", "t1", "ddb", "t1", List.of()));
      SyncJob first = SyncJob.builder().jobId(7).definition(def).state(h.store.scoped("jobs/7"))
          .source(h.binlog::source).planner(h.planner).catalog(h.catalog()).pool(h.pool)
          .pollTimeout(Duration.ofMillis(20)).sink(new HookedSink(h.sink, op -> {
            if (op.startsWith("sent:add column") && crashed.compareAndSet(false, true)) {
              throw new Crash("after Doris ran the ALTER, before its answer was recorded");
            }
          })).build();
      h.jobs.add(first);
      first.start();
      Wait.until("crash", Duration.ofSeconds(10), crashed::get);
      Wait.until("first runner dead", Duration.ofSeconds(10), () -> !runnerAlive());
      SyncJob second = h.job(def, 1024);
      second.start();
      h.awaitCaughtUp(second);
      assertThat(second.state()).as(second.message()).isEqualTo(JobState.RUNNING);
      assertThat(h.sink.steps).filteredOn(st -> st.startsWith("add column")).hasSize(2);
      assertThat(h.sink.rows("ddb.t1")).isEqualTo(h.expected("t1")).containsOnlyKeys("1", "2");
    }
  }
}
