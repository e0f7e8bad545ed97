package org.binlogload.connector.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.binlogload.connector.state.MemoryStateStore;
import org.binlogload.connector.state.StateStore;
import org.binlogload.testkit.Wait;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class JobManagerTest {
  static final String PASSWORD = "Secr3t-Pa55";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

  final MemoryStateStore store = new MemoryStateStore();
  final FakeSyncEngine factory = new FakeSyncEngine();

  static String create(String name, String channels, String host) {
    return "CREATE SYNC JOB " + name + " (" + channels + ") FROM BINLOG (\"type\" = \"mysql\", \"mysql.host\" = \""
        + host + "\", \"mysql.port\" = \"3306\", \"mysql.user\" = \"repl\", \"mysql.password\" = \"" + PASSWORD
        + "\") PROPERTIES (\"sync_commit_interval_second\" = \"3\")";
  }

  JobManager manager() {
    JobManager m = JobManager.builder().store(store).engine(factory).clock(CLOCK).build();
    m.start();
    return m;
  }

  @Test
  void aSnapshotingJobShowsItsPhaseTablesRowsRateAndEtaInShowMetricsAndTheStatusLine() {
    JobManager m = manager();
    m.execute(create("db1.job1", "FROM shop.* INTO dw", "mysql1"), null);
    FakeSyncEngine.FakeRuntime rt = factory.runtimes.get(1L);
    rt.snapshot = new SnapshotStatus(1, 3, 500, 2000, 250, 6);
    assertThat(m.show("db1").get(0).get(5)).startsWith(
        "phase:snapshot, tables:1/3, rows:500/2000, rate:250 rows/s, eta:6s, position:");
    String metrics = org.binlogload.connector.metrics.PrometheusMetrics.render(m.jobs());
    assertThat(metrics).contains("binlogload_job_snapshot_running{job=\"db1.job1\",id=\"1\"} 1\n",
        "binlogload_job_snapshot_tables_done{job=\"db1.job1\",id=\"1\"} 1\n",
        "binlogload_job_snapshot_rows_estimated{job=\"db1.job1\",id=\"1\"} 2000\n",
        "binlogload_job_snapshot_eta_seconds{job=\"db1.job1\",id=\"1\"} 6\n");
    assertThat(org.binlogload.connector.metrics.StatusLogger.line(m.jobs().get(0))).isEqualTo(
        "sync job db1.job1 (id 1) RUNNING: phase snapshot, tables:1/3, rows:500/2000, rate:250 rows/s, eta:6s");
    rt.snapshot = null;
    assertThat(m.show("db1").get(0).get(5)).startsWith("phase:stream, position:");
    assertThat(org.binlogload.connector.metrics.PrometheusMetrics.render(m.jobs()))
        .contains("binlogload_job_snapshot_running{job=\"db1.job1\",id=\"1\"} 0\n");
  }

  @Test
  void alterAddDropAndResnapshotChangeTheChannelsAndAskForCopies() {
    JobManager m = manager();
    m.execute(create("db1.job1", "FROM shop.orders INTO orders", "mysql1"), null);
    assertThat(m.execute("ALTER SYNC JOB db1.job1 ADD (FROM shop.items INTO items)", null).message()).isEqualTo(
        "added shop.items to sync job db1.job1; each is copied while the job runs, then follows the binlog");
    assertThat(CopyRequests.pending(store.scoped("jobs/1/sync"))).containsExactly("shop.items");
    assertThat(m.show("db1").get(0).get(4)).isEqualTo("shop.orders->db1.orders, shop.items->db1.items");
    assertThatThrownBy(() -> m.execute("ALTER SYNC JOB db1.job1 ADD (FROM shop.orders INTO o2)", null))
        .hasMessage("sync job db1.job1 already syncs shop.orders (shop.orders->db1.orders); to copy it again, "
            + "ALTER SYNC JOB db1.job1 RESNAPSHOT (shop.orders)");
    assertThatThrownBy(() -> m.execute("ALTER SYNC JOB db1.job1 RESNAPSHOT (shop.nope)", null))
        .hasMessage("sync job db1.job1 does not sync shop.nope; RESNAPSHOT takes tables it syncs: "
            + "[shop.orders, shop.items]");
    assertThat(m.execute("ALTER SYNC JOB db1.job1 RESNAPSHOT (shop.orders)", null).message()).isEqualTo(
        "sync job db1.job1 copies shop.orders again while it runs; SHOW SYNC JOB shows the copy");
    assertThat(CopyRequests.pending(store.scoped("jobs/1/sync"))).containsExactlyInAnyOrder("shop.items",
        "shop.orders");
    assertThatThrownBy(() -> m.execute("ALTER SYNC JOB db1.job1 DROP (FROM shop.orders, FROM shop.items)", null))
        .hasMessage("DROP would leave sync job db1.job1 without channels; to end the job, STOP SYNC JOB db1.job1");
    assertThat(m.execute("ALTER SYNC JOB db1.job1 DROP (FROM shop.items)", null).message()).isEqualTo(
        "dropped shop.items from sync job db1.job1; the Doris tables (db1.items) are kept as they are");
    assertThat(m.show("db1").get(0).get(4)).isEqualTo("shop.orders->db1.orders");

    FakeSyncEngine.FakeRuntime rt = factory.runtimes.get(1L);
    rt.onlineCopy = new SyncStatus.OnlineCopy("shop.orders", 10, 100);
    assertThat(m.show("db1").get(0).get(5)).startsWith("phase:stream, copying:shop.orders rows:10/~100, position:");
    assertThat(org.binlogload.connector.metrics.PrometheusMetrics.render(m.jobs())).contains(
        "binlogload_job_online_copy_running{job=\"db1.job1\",id=\"1\"} 1\n",
        "binlogload_job_online_copy_rows_copied{job=\"db1.job1\",id=\"1\"} 10\n",
        "binlogload_job_online_copy_rows_estimated{job=\"db1.job1\",id=\"1\"} 100\n");
  }

  @Test
  void createShowAndLifecycle() {
    JobManager m = manager();
    StatementResult r = m.execute(create("db1.job1", "FROM shop.orders INTO orders, FROM shop.users INTO users",
        "mysql1"), null);
    assertThat(r.message()).isEqualTo("created sync job db1.job1 with id 1");
    FakeSyncEngine.FakeRuntime rt = factory.runtimes.get(1L);
    assertThat(rt.calls).containsExactly("start");
    assertThat(store.get("jobs/1/sync/started")).isPresent();
    rt.load(5);

    StatementResult show = m.execute("SHOW SYNC JOB FROM db1", null);
    assertThat(show.columns()).containsExactly("JobId", "JobName", "Type", "State", "Channel", "Status",
        "JobConfig", "CreateTime", "LastStartTime", "LastStopTime", "FinishTime", "Msg");
    assertThat(show.rows()).containsExactly(List.of("1", "job1", "MYSQL", "RUNNING",
        "shop.orders->db1.orders, shop.users->db1.users",
        "phase:stream, position:mysql-bin.000001:9, executeTime:[2023-11-14 22:13:20], delay:120ms, lastDdlPause:254ms, gtid(0-1-5)",
        "address:mysql1:3306, user:repl, serverId:auto, startPosition:initial, sync_commit_interval_second:3",
        "2026-01-02 03:04:05", "2026-01-02 03:04:05", "N/A", "N/A", ""));
    assertThat(m.execute("SHOW SYNC JOB FROM other", null).rows()).isEmpty();

    m.execute("PAUSE SYNC JOB db1.job1", null);
    assertThat(rt.state()).isEqualTo(JobState.PAUSED);
    assertThatThrownBy(() -> m.execute("PAUSE SYNC JOB job1", "db1"))
        .hasMessage("sync job db1.job1 is PAUSED, not RUNNING; nothing to pause");
    m.execute("RESUME SYNC JOB job1", "db1");
    assertThatThrownBy(() -> m.execute("RESUME SYNC JOB job1", "db1"))
        .hasMessage("sync job db1.job1 is RUNNING, not PAUSED; nothing to resume");
    m.execute("STOP SYNC JOB db1.job1", null);
    assertThat(rt.calls).containsExactly("start", "pause", "resume", "stop");
    List<String> row = m.show("db1").get(0);
    assertThat(row.get(3)).isEqualTo("CANCELLED");
    assertThat(row.get(10)).isEqualTo("2026-01-02 03:04:05");
    assertThat(row.get(11)).isEqualTo("stopped by user");
    assertThatThrownBy(() -> m.execute("RESUME SYNC JOB db1.job1", null))
        .hasMessage("sync job db1.job1 is CANCELLED, which is final; create a new job");
    assertThatThrownBy(() -> m.execute("PAUSE SYNC JOB db1.nope", null))
        .hasMessage("no sync job db1.nope; SHOW SYNC JOB FROM db1 lists the jobs");

    // the name is free again once the old job is cancelled
    assertThat(m.execute(create("db1.job1", "FROM shop.orders INTO orders", "mysql1"), null).message())
        .isEqualTo("created sync job db1.job1 with id 2");
  }

  @Test
  void alterSetsCredentialsAndPropertiesUnderARunningJobAndKeepsThem() {
    List<String> checked = new ArrayList<>();
    JobValidator credentials = new JobValidator() {
      @Override
      public void validate(JobDefinition def) {
      }

      @Override
      public void validateCredentials(JobDefinition def) {
        checked.add(def.source().user());
        if (def.source().password().equals("wrong")) {
          throw new JobValidationException("MySQL at h1:3306 refused user repl2: Access denied");
        }
      }
    };
    JobManager m = JobManager.builder().store(store).engine(factory).clock(CLOCK).validator(credentials).build();
    m.start();
    m.execute(create("d.j", "FROM a.t INTO t", "h1"), null);
    FakeSyncEngine.FakeRuntime first = factory.runtimes.get(1L);

    String alter = "ALTER SYNC JOB d.j FROM BINLOG (\"mysql.user\" = \"repl2\", \"mysql.password\" = \"N3w-Pa55\")"
        + " PROPERTIES (\"sync_commit_interval_second\" = \"7\")";
    assertThat(m.execute(alter, null).message()).isEqualTo("altered sync job d.j; it goes on with the new values");
    assertThat(checked).containsExactly("repl2");
    assertThat(first.calls).containsExactly("start", "pause"); // the old runtime committed and let go
    FakeSyncEngine.FakeRuntime second = factory.runtimes.get(1L);
    assertThat(second).isNotSameAs(first);
    assertThat(second.calls).containsExactly("start");
    assertThat(second.def.source().user()).isEqualTo("repl2");
    assertThat(second.def.source().password()).isEqualTo("N3w-Pa55");
    assertThat(second.def.commitPolicy().intervalSeconds()).isEqualTo(7);
    assertThat(second.def.source().startPosition()).isEqualTo(first.def.source().startPosition());
    assertThat(m.show("d").get(0).get(3)).isEqualTo("RUNNING");
    assertThat(m.show("d").get(0).get(6)).contains("user:repl2", "sync_commit_interval_second:7")
        .doesNotContain("N3w-Pa55");
    assertThat(m.execute(alter, null).message()).isEqualTo("sync job d.j already has these values; nothing changed");

    // a refused credential changes nothing
    assertThatThrownBy(() -> m.execute("ALTER SYNC JOB d.j FROM BINLOG (\"mysql.password\" = \"wrong\")", null))
        .hasMessageContaining("Access denied").hasMessageNotContaining("wrong\"");
    assertThat(factory.runtimes.get(1L)).isSameAs(second);
    assertThat(second.calls).containsExactly("start");

    // kept across a restart; a PAUSED job takes new values at RESUME
    m.close();
    factory.runtimes.clear();
    JobManager again = manager();
    assertThat(factory.runtimes.get(1L).def.source().password()).isEqualTo("N3w-Pa55");
    again.execute("PAUSE SYNC JOB d.j", null);
    assertThat(again.execute("ALTER SYNC JOB d.j PROPERTIES (\"sync_commit_interval_second\" = \"9\")", null)
        .message()).isEqualTo("altered sync job d.j; it takes the new values at RESUME");
    assertThat(again.show("d").get(0).get(3)).isEqualTo("PAUSED");
    again.execute("RESUME SYNC JOB d.j", null);
    assertThat(factory.runtimes.get(1L).def.commitPolicy().intervalSeconds()).isEqualTo(9);
    assertThat(again.show("d").get(0).get(3)).isEqualTo("RUNNING");

    again.execute("STOP SYNC JOB d.j", null);
    assertThatThrownBy(() -> again.execute("ALTER SYNC JOB d.j PROPERTIES (\"buckets\" = \"4\")", null))
        .hasMessage("sync job d.j is CANCELLED, which is final; create a new job");
  }

  @Test
  void alterChangesTheSnapshotPropertiesAndRefusesValuesOutOfRange() {
    JobManager m = manager();
    m.execute(create("d.j", "FROM a.* INTO d", "h1"), null);
    m.execute("ALTER SYNC JOB d.j PROPERTIES (\"snapshot_chunk_size\" = \"500\")", null);
    assertThat(SnapshotSettings.of(factory.runtimes.get(1L).def.properties())).isEqualTo(new SnapshotSettings(4, 500));
    assertThatThrownBy(() -> m.execute("ALTER SYNC JOB d.j PROPERTIES (\"snapshot_parallelism\" = \"0\")", null))
        .hasMessageContaining("snapshot_parallelism is \"0\"; it must be a positive integer (1 or more)");
    assertThat(SnapshotSettings.of(factory.runtimes.get(1L).def.properties()).parallelism()).isEqualTo(4);
  }

  @Test
  void alterNeverLogsThePassword() {
    Logger log = (Logger) LoggerFactory.getLogger(JobManager.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    log.addAppender(appender);
    try {
      JobManager m = manager();
      m.execute(create("d.j", "FROM a.t INTO t", "h1"), null);
      m.execute("ALTER SYNC JOB d.j FROM BINLOG (\"mysql.password\" = \"R0tated-Pa55\")", null);
      assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage)
          .anyMatch(l -> l.contains("altered sync job d.j"))
          .noneMatch(l -> l.contains("R0tated-Pa55") || l.contains(PASSWORD));
    } finally {
      log.detachAppender(appender);
    }
  }

  @Test
  void restartResumesRunningJobsOnly() {
    JobManager m = manager();
    m.execute(create("d.running", "FROM a.t INTO t", "h1"), null);
    m.execute(create("d.paused", "FROM b.t INTO t2", "h1"), null);
    m.execute(create("d.stopped", "FROM c.t INTO t3", "h1"), null);
    m.execute("PAUSE SYNC JOB d.paused", null);
    m.execute("STOP SYNC JOB d.stopped", null);
    m.close();
    assertThat(factory.runtimes.get(1L).calls).containsExactly("start", "pause");
    assertThat(factory.runtimes.get(2L).calls).containsExactly("start", "pause");
    assertThat(factory.runtimes.get(3L).calls).containsExactly("start", "stop");
    assertThatThrownBy(() -> m.execute("SHOW SYNC JOB", null)).hasMessage("job manager is closed");

    factory.runtimes.clear();
    JobManager again = manager();
    assertThat(factory.runtimes.keySet()).containsExactly(1L);
    assertThat(again.show(null)).extracting(r -> r.get(1) + "=" + r.get(3))
        .containsExactly("running=RUNNING", "paused=PAUSED", "stopped=CANCELLED");
    again.execute("RESUME SYNC JOB d.paused", null);
    assertThat(factory.runtimes.get(2L).calls).containsExactly("start");
    assertThat(again.execute(create("d.next", "FROM e.t INTO t4", "h1"), null).message()).endsWith("with id 4");
  }

  @Test
  void runtimeStateChangesArePersistedAndSkipIsExplicit() {
    JobManager m = manager();
    m.execute(create("d.j", "FROM a.t INTO t", "h1"), null);
    FakeSyncEngine.FakeRuntime rt = factory.runtimes.get(1L);
    String why = "DDL refused at mysql-bin.000001:400: ALTER TABLE t DROP PRIMARY KEY (Doris: Can not drop key column)";
    rt.failWith(why); // told through the listener: SHOW sees it at once, the store once the writer wrote it
    assertThat(m.show("d").get(0)).contains("PAUSED", why);
    Wait.until("the PAUSED record written", Duration.ofSeconds(10),
        () -> new String(store.get("jobs/1/record").orElseThrow(), StandardCharsets.UTF_8).contains("PAUSED"));

    m.execute("RESUME SYNC JOB d.j SKIP DDL AT \"mysql-bin.000001:400\"", null);
    assertThat(rt.calls).containsExactly("start", "skipDdl mysql-bin.000001:400", "resume");
    assertThat(m.show("d").get(0).get(3)).isEqualTo("RUNNING");

    // after a restart the runtime is new: it reads up to the refused DDL again, then the skip applies
    rt.failWith(why);
    m.close();
    factory.pauseOnStart(why);
    JobManager again = manager();
    assertThat(again.execute("RESUME SYNC JOB d.j SKIP DDL AT \"mysql-bin.000001:400\"", null).message())
        .isEqualTo("resumed sync job d.j, skipping the DDL at mysql-bin.000001:400");
    assertThat(factory.runtimes.get(1L).calls).containsExactly("start", "skipDdl mysql-bin.000001:400", "resume");
    assertThat(again.show("d").get(0).get(3)).isEqualTo("RUNNING");
    factory.pauseOnStart(null);

    factory.runtimes.get(1L).cancelWith("source table a.t was dropped");
    assertThat(again.show("d").get(0)).contains("CANCELLED", "source table a.t was dropped");
  }

  @Test
  void whatARuntimeTellsReachesShowAndTheStoreWithoutPolling() {
    JobManager m = manager();
    m.execute(create("d.j", "FROM a.t INTO t", "h1"), null);
    FakeSyncEngine.FakeRuntime rt = factory.runtimes.get(1L);
    rt.retrying("retrying in 2 s (attempt 3): no FE reachable");
    assertThat(m.show("d").get(0)).contains("RUNNING", "retrying in 2 s (attempt 3): no FE reachable");
    assertThat(m.jobs().get(0).record().message()).startsWith("retrying in 2 s");
    rt.retrying("");
    assertThat(m.show("d").get(0).get(11)).isEmpty();
    Wait.until("the healed record written", Duration.ofSeconds(10), () -> record().contains("RUNNING")
        && !record().contains("retrying"));

    // a runtime that was stopped tells nothing the manager takes: STOP's word stays
    m.execute("STOP SYNC JOB d.j", null);
    rt.failWith("a late error of the stopped runtime");
    assertThat(m.show("d").get(0)).contains("CANCELLED", "stopped by user");

    // after close, what a runtime tells is not written: the next start resumes the job
    m.execute(create("d.k", "FROM b.t INTO t2", "h1"), null);
    m.close();
    factory.runtimes.get(2L).failWith("an error while shutting down");
    assertThat(new String(store.get("jobs/2/record").orElseThrow(), StandardCharsets.UTF_8)).contains("RUNNING")
        .doesNotContain("shutting down");
    factory.runtimes.clear();
    JobManager again = manager();
    assertThat(factory.runtimes.keySet()).containsExactly(2L);
    assertThat(again.show("d").get(1).get(3)).isEqualTo("RUNNING");
  }

  private String record() {
    return new String(store.get("jobs/1/record").orElseThrow(), StandardCharsets.UTF_8);
  }

  @Test
  void conflictsAreRefused() {
    JobManager m = manager();
    m.execute(create("d.j1", "FROM shop.a INTO a", "h1"), null);
    assertThatThrownBy(() -> m.execute(create("d.j1", "FROM x.a INTO x", "h2"), null))
        .hasMessage("sync job d.j1 already exists (id 1, RUNNING); STOP SYNC JOB d.j1 first or choose another name");
    assertThatThrownBy(() -> m.execute(create("d.j2", "FROM shop.b INTO b", "H1"), null))
        .hasMessage("sync job d.j1 (id 1) already reads schema shop from H1:3306; one job per MySQL server and "
            + "schema set: STOP it and create one job with all the channels");
    // a schema pattern reads every schema it matches
    assertThatThrownBy(() -> m.execute(create("d.j2", "FROM sho*.* INTO p_${db}", "h1"), null))
        .hasMessageStartingWith("sync job d.j1 (id 1) already reads schema shop from h1:3306");
    assertThatThrownBy(() -> m.execute(create("d.j2", "FROM other.a INTO d.a", "h2"), null))
        .hasMessage("target d.a is already loaded by sync job d.j1 (id 1); a Doris table takes one source: "
            + "choose another target");
    assertThatThrownBy(() -> m.execute(create("d.j2", "FROM other.* INTO d", "h2"), null))
        .hasMessageStartingWith("target d.* is already loaded by sync job d.j1 (id 1)");
    // the same schema on another server is fine
    m.execute(create("d.j2", "FROM shop.b INTO b", "h2"), null);
    String withId = create("d.j3", "FROM s3.x INTO x3", "h1").replace("\"mysql.user\"",
        "\"mysql.server_id\" = \"77\", \"mysql.user\"");
    m.execute(withId, null);
    assertThatThrownBy(() -> m.execute(withId.replace("d.j3", "d.j4").replace("s3.x INTO x3", "s4.x INTO x4"), null))
        .hasMessage("mysql.server_id 77 is already used by sync job d.j3 (id 3) on h1:3306; choose another");
    assertThat(store.keys("jobs/")).noneMatch(k -> k.startsWith("jobs/4/"));
  }

  @Test
  void validatorRefusalCreatesNothing() {
    JobManager m = JobManager.builder().store(store).engine(factory).clock(CLOCK)
        .validator(new UniqueKeyTargetValidator((db, t) -> t.equals("missing") ? java.util.Optional.empty()
            : java.util.Optional.of(new TargetTable(t.equals("dup") ? TargetInspector.KeysType.DUPLICATE_KEYS
                : TargetInspector.KeysType.UNIQUE_KEYS, List.of("id"), List.of("id", "v"), true)),
            (src, db, t) -> java.util.Optional.of(org.binlogload.ddl.TableDefinition.fromCreateTable(db,
                "CREATE TABLE `" + t + "` (id INT NOT NULL PRIMARY KEY, v INT)"))))
        .build();
    m.start();
    assertThatThrownBy(() -> m.execute(create("d.j", "FROM a.t INTO dup", "h"), null))
        .hasMessage("target table d.dup is DUPLICATE_KEYS, not UNIQUE_KEYS; updates and deletes need a UNIQUE KEY "
            + "table: recreate it with UNIQUE KEY(id)");
    assertThatThrownBy(() -> m.execute(create("d.j", "FROM a.t INTO missing (v)", "h")
        .replace("\"mysql.user\"", "\"mysql.start_position\" = \"mysql-bin.000001:4\", \"mysql.user\""), null))
        .hasMessageStartingWith("column list of a.t->d.missing(v) leaves out the key column(s) [id] of a.t");
    assertThat(store.keys("")).isEmpty();
    m.execute(create("d.j", "FROM a.t INTO ok, FROM b.* INTO whole", "h"), null);
    assertThat(m.show(null)).hasSize(1);
  }

  @Test
  void failedStartPausesWithTheReason() {
    factory.failOnStart(new IllegalStateException("binlog_format is STATEMENT on repl@h:3306; set binlog_format=ROW"));
    JobManager m = manager();
    m.execute(create("d.j", "FROM a.t INTO t", "h"), null);
    assertThat(m.show("d").get(0)).contains("PAUSED", "cannot start: binlog_format is STATEMENT on repl@h:3306; "
        + "set binlog_format=ROW; fix it and RESUME SYNC JOB d.j");
    factory.failOnStart(null);
    m.execute("RESUME SYNC JOB d.j", null);
    assertThat(m.show("d").get(0).get(3)).isEqualTo("RUNNING");
  }

  @Test
  void aRingLargerThanTheHeapCanHoldIsRefusedAtCreate() {
    JobManager m = manager();
    long heap = Runtime.getRuntime().maxMemory();
    assertThatThrownBy(() -> m.execute(create("d.j", "FROM a.t INTO t", "h").replace("\"3\")",
        "\"3\", \"ring_bytes\" = \"1099511627776\")"), null))
        .isInstanceOf(JobValidationException.class)
        .hasMessage("ring_bytes 1099511627776 is more than a quarter of this process's heap (" + heap + " bytes), "
            + "which every job shares: set ring_bytes to at most " + heap / 4 + " or give the process a larger heap "
            + "(-Xmx, e.g. in BINLOG_LOAD_JAVA_OPTS)");
    assertThatThrownBy(() -> m.execute(create("d.j", "FROM a.t INTO t", "h").replace("\"3\")",
        "\"3\", \"ring_entries\" = \"1073741824\")"), null))
        .hasMessageStartingWith("ring_entries 1073741824 needs at least 274877906944 bytes, more than a quarter of "
            + "this process's heap");
    assertThat(store.keys("jobs/")).isEmpty();
  }

  @Test
  void aJobThatCannotStartPausesAloneAndCanBeStopped() {
    JobManager m = manager();
    m.execute(create("d.good", "FROM a.t INTO t", "h"), null);
    m.execute(create("d.big", "FROM b.t INTO t2", "h"), null);
    m.close();
    // the big job as an older version saved it, with a ring this process cannot hold
    JobDefinition big = ((Statement.CreateSyncJob) SyncStatements.parse(create("d.big", "FROM b.t INTO t2", "h")
        .replace("\"3\")", "\"3\", \"ring_bytes\" = \"1099511627776\")"), null)).definition();
    store.put("jobs/2/definition", JobCodec.writeDefinition(2, big));
    factory.failOnStart(null);
    JobManager again = manager();
    assertThat(again.show("d")).extracting(r -> r.get(1) + " " + r.get(3))
        .containsExactly("good RUNNING", "big PAUSED");
    assertThat(again.show("d").get(1).get(11)).startsWith("cannot start: ring_bytes 1099511627776 is more than a "
        + "quarter of this process's heap");
    again.execute("STOP SYNC JOB d.big", null);
    assertThat(again.show("d").get(1).get(3)).isEqualTo("CANCELLED");

    factory.failOnStart(new OutOfMemoryError("Java heap space"));
    again.execute(create("d.oom", "FROM c.t INTO t3", "h"), null);
    assertThat(again.show("d").get(2)).contains("PAUSED");
    assertThat(again.show("d").get(2).get(11)).startsWith("cannot start: Java heap space");
    assertThat(again.show("d").get(0).get(3)).isEqualTo("RUNNING");
  }

  @Test
  void startPausedLeavesRunningJobsPausedUntilResumed() {
    JobManager m = manager();
    m.execute(create("d.j", "FROM a.t INTO t", "h"), null);
    m.close();
    JobManager paused = JobManager.builder().store(store).engine(factory).clock(CLOCK).startPaused(true).build();
    paused.start();
    assertThat(paused.show("d").get(0).get(3)).isEqualTo("PAUSED");
    assertThat(paused.show("d").get(0).get(11))
        .isEqualTo("the daemon started with --paused; RESUME SYNC JOB d.j to start it");
    paused.execute("RESUME SYNC JOB d.j", null);
    assertThat(paused.show("d").get(0).get(3)).isEqualTo("RUNNING");
  }

  @Test
  void lastStartTimeMovesWhenARestartedManagerStartsTheJobAgain() {
    JobManager m = manager();
    m.execute(create("d.j", "FROM a.t INTO t", "h"), null);
    String first = m.show("d").get(0).get(8);
    String created = m.show("d").get(0).get(7);
    m.close();
    JobManager later = JobManager.builder().store(store).engine(factory)
        .clock(Clock.offset(CLOCK, java.time.Duration.ofHours(2))).build();
    later.start();
    assertThat(later.show("d").get(0).get(3)).isEqualTo("RUNNING");
    assertThat(later.show("d").get(0).get(8)).isNotEqualTo(first);
    assertThat(later.show("d").get(0).get(7)).as("CreateTime stays").isEqualTo(created);
  }

  @Test
  void createIfAbsentIsIdempotent() {
    JobManager m = manager();
    JobDefinition def = ((Statement.CreateSyncJob) SyncStatements.parse(create("d.j", "FROM a.t INTO t", "h"), null))
        .definition();
    assertThat(m.createIfAbsent(def)).isTrue();
    assertThat(m.createIfAbsent(def)).isFalse();
    m.close();
    JobManager again = manager();
    assertThat(again.createIfAbsent(def)).isFalse();
    assertThat(again.show(null)).hasSize(1);
  }

  @Test
  void newerFormatVersionIsRefusedAtStart() {
    store.put("jobs/9/definition", "{\"formatVersion\": 3, \"id\": 9}".getBytes(StandardCharsets.UTF_8));
    JobManager m = JobManager.builder().store(store).engine(factory).build();
    assertThatThrownBy(m::start).hasMessage("jobs/9/definition has format version 3; this build reads 1..2: use a "
        + "newer binlog-load");
  }

  @Test
  void passwordNeverAppearsInResultsErrorsOrLogs() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    List<String> seen = new ArrayList<>();
    try {
      JobManager m = manager();
      String[] statements = {
          create("d.j", "FROM a.t INTO t", "h"),
          create("d.j", "FROM a.t INTO t", "h"),
          create("d.k", "FROM a.t INTO t", "h"),
          create("d.bad", "FROM a.t INTO t", "h").replace("3306", "99999"),
          create("d.bad", "FROM a.t INTO t", "h").replace("\"" + PASSWORD + "\"", "\"" + PASSWORD + "\" x"),
          "SHOW SYNC JOB", "PAUSE SYNC JOB d.j", "SHOW SYNC JOB FROM d", "RESUME SYNC JOB d.j SKIP DDL AT \"f.1:4\"",
          "STOP SYNC JOB d.j", "SHOW SYNC JOB",
      };
      for (String sql : statements) {
        try {
          StatementResult r = m.execute(sql, "d");
          seen.add(r.toString());
        } catch (RuntimeException e) {
          seen.add(e.toString());
        }
      }
      factory.failOnStart(new IllegalStateException("boom"));
      try {
        m.execute(create("d.z", "FROM z.t INTO zt", "h"), null);
      } catch (RuntimeException e) {
        seen.add(e.toString());
      }
      for (JobSnapshot s : m.jobs()) {
        seen.add(s.toString() + s.definition() + s.definition().source() + s.status());
      }
      m.close();
    } finally {
      root.detachAppender(logs);
    }
    for (ILoggingEvent e : logs.list) {
      seen.add(e.getFormattedMessage());
      if (e.getThrowableProxy() != null) {
        seen.add(e.getThrowableProxy().getMessage());
      }
    }
    assertThat(logs.list).isNotEmpty();
    assertThat(seen).hasSizeGreaterThan(15).allSatisfy(s -> assertThat(s).doesNotContain(PASSWORD));
    assertThat(String.join("\n", seen)).contains("******").contains("created sync job d.j");
  }

  @Test
  void scopedStoreIsHandedToTheRuntime() {
    JobManager m = manager();
    m.execute(create("d.j", "FROM a.t INTO t", "h"), null);
    StateStore scoped = factory.runtimes.get(1L).store;
    scoped.put("cursor", new byte[] {7});
    assertThat(store.get("jobs/1/sync/cursor")).isPresent();
  }

  @Test
  void skipAfterRestartSaysSoWhenTheDdlIsNotReached() {
    JobManager m = manager();
    m.execute(create("d.j", "FROM a.t INTO t", "h"), null);
    factory.runtimes.get(1L).failWith("DDL refused at f.1:9");
    m.close();
    JobManager again = JobManager.builder().store(store).engine(factory).clock(CLOCK)
        .skipWait(java.time.Duration.ofMillis(100)).build();
    again.start();
    assertThat(again.execute("RESUME SYNC JOB d.j SKIP DDL AT \"f.1:9\"", null).message())
        .isEqualTo("resumed sync job d.j; it did not reach the DDL at f.1:9 within 100 ms, so nothing was skipped: if it "
            + "pauses there again, send RESUME SYNC JOB d.j SKIP DDL AT \"f.1:9\" once more");
    assertThat(factory.runtimes.get(1L).calls).containsExactly("start");
  }
}
