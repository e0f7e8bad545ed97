package org.binlogload.connector.sink.doris;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.DdlEvent;
import org.binlogload.canal.RowChange;
import org.binlogload.connector.doris.DorisClient;
import org.binlogload.connector.doris.DorisConfig;
import org.binlogload.connector.doris.RetryPolicy;
import org.binlogload.connector.job.ChannelSpec;
import org.binlogload.connector.job.JobState;
import org.binlogload.connector.sync.Harness;
import org.binlogload.connector.sync.SyncJob;
import org.binlogload.ddl.TranslatorOptions;
import org.binlogload.dorisdouble.DorisDouble;
import org.binlogload.testkit.Wait;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Jobs over the real Doris client against the Doris double, paused by a Doris refusal: the Msg says what Doris
 * answered and ends with what fixes it ({@link DorisRemedy}), and never shows the password.
 */
@Timeout(120)
class DorisPauseMessageTest {
  private static final List<String> COLS = Harness.COLS;
  private static final String SEQUENCE_TABLE = " (id INT, v VARCHAR(20)) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) "
      + "BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\", \"function_column.sequence_type\" = \"bigint\")";

  private DorisDouble doris;
  private Harness h;
  private DorisClient client;

  @BeforeEach
  void start() {
    doris = DorisDouble.builder().password("Right-Secret-pw").start();
    doris.sql("", "CREATE DATABASE ddb");
    h = new Harness();
    h.sourceTable("t1");
  }

  @AfterEach
  void stop() {
    h.close();
    if (client != null) {
      client.close();
    }
    doris.close();
  }

  private SyncJob job(String password) {
    return job(password, Duration.ofMillis(10));
  }

  private SyncJob job(String password, Duration firstBackoff) {
    client = DorisClient.create(DorisConfig.builder().feAddress(doris.feAddress()).user(doris.user())
        .password(password).retryPolicy(RetryPolicy.of(2, Duration.ofMillis(10), Duration.ofMillis(50))).build());
    SyncJob j = SyncJob.builder().jobId(7)
        .definition(Harness.definition(Harness.policy(1, 1 << 20, 1 << 30),
            ChannelSpec.table("src", "t1", "ddb", "t1", List.of())))
        .state(h.store.scoped("jobs/7")).source(h.binlog::source).sink(new DorisSink(client, TranslatorOptions.defaults(), Duration.ofSeconds(30)))
        .planner(h.planner).catalog(h.catalog()).pool(h.pool).pollTimeout(Duration.ofMillis(20))
        .retries(2, firstBackoff).stopTimeout(Duration.ofSeconds(5)).build();
    h.jobs.add(j);
    return j;
  }

  /** A job with {@code password} started over the rows {@code rows} of t1, once it paused. */
  private SyncJob pausedAfter(String password, Object[]... rows) {
    h.binlog.rows(RowChange.Kind.INSERT, "t1", COLS, true, rows);
    SyncJob job = job(password);
    job.start();
    awaitPaused(job);
    return job;
  }

  private static void awaitPaused(SyncJob job) {
    Wait.until("job paused (" + job.state() + ": " + job.message() + ")", Duration.ofSeconds(60),
        () -> job.state() == JobState.PAUSED);
  }

  @Test
  void aTableWithoutTheSequenceColumnPausesWithTheAlterThatAddsItAndResumeThenLoads() {
    doris.sql("ddb", "CREATE TABLE t1 (id INT, v VARCHAR(20)) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 "
        + "PROPERTIES (\"replication_num\" = \"1\")");
    SyncJob job = pausedAfter(doris.password(), new Object[] {1, "a"}, new Object[] {2, "b"});

    assertThat(job.message()).contains("There is no sequence column in the table t1")
        .endsWith("To fix: the Doris table ddb.t1 has no sequence column, which the job fills with each row's binlog "
            + "position so that rows apply in binlog order: run ALTER TABLE `ddb`.`t1` ENABLE FEATURE \"SEQUENCE_LOAD\""
            + " WITH PROPERTIES (\"function_column.sequence_type\" = \"bigint\") in Doris (or drop the table and let "
            + "a new job create it); then RESUME SYNC JOB ddb.job1");
    assertThat(doris.count("ddb", "t1")).isZero();

    // the double has no ENABLE FEATURE: the same table with the sequence column, made anew, is the same fix
    doris.sql("ddb", "DROP TABLE t1");
    doris.sql("ddb", "CREATE TABLE t1" + SEQUENCE_TABLE);
    job.resume();
    h.awaitCaughtUp(job);
    assertThat(doris.count("ddb", "t1")).isEqualTo(2);
  }

  @Test
  void aWrongPasswordPausesWithTheConfigKeysAndNeverShowsThePassword() {
    doris.sql("ddb", "CREATE TABLE t1" + SEQUENCE_TABLE);
    String wrong = "Wr0ng-Secret-pw";
    SyncJob job = pausedAfter(wrong, new Object[] {1, "a"});

    assertThat(job.message()).contains("Access denied for user '" + doris.user() + "'")
        .endsWith("To fix: Doris does not accept the user '" + doris.user() + "' with the configured password (no "
            + "such user, or a wrong password): set doris.user and doris.password in the daemon's "
            + "conf/binlog-load.conf (or the FE plugin's plugin.conf) to a Doris user and its password, and restart "
            + "the daemon (or the FE); then RESUME SYNC JOB ddb.job1")
        .doesNotContain(wrong).doesNotContain(doris.password());
  }

  @Test
  void rowsThatDoNotFitPauseWithTheErrorLogAndTheColumnToWiden() {
    doris.sql("ddb", "CREATE TABLE t1 (id INT, v VARCHAR(2)) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 "
        + "PROPERTIES (\"replication_num\" = \"1\", \"function_column.sequence_type\" = \"bigint\")");
    SyncJob job = pausedAfter(doris.password(), new Object[] {1, "far too long for two bytes"});

    assertThat(job.message()).contains("too many filtered rows", "error log http://", "_load_error_log?file=",
            "too long")
        .contains("To fix: Doris refused rows of ddb.t1 (label bl_", "names each row and the reason",
            "load_error_log_reserve_hours", "ALTER TABLE `ddb`.`t1` MODIFY COLUMN `v` <type>")
        .endsWith("; then RESUME SYNC JOB ddb.job1");
  }

  @Test
  void aReplicationNumberAboveTheBackendsPausesWithTheJobProperty() {
    // no Doris table yet: the job creates it at its first start, with Doris's default of three replicas
    SyncJob job = pausedAfter(doris.password(), new Object[] {1, "a"});

    assertThat(job.message()).contains("Failed to find enough backend")
        .endsWith("To fix: the job creates its tables with replication_num 3, more replicas than Doris has alive "
            + "backends (SHOW BACKENDS): give the job \"replication_num\" = \"<alive backends>\" in its PROPERTIES "
            + "(STOP SYNC JOB ddb.job1 and CREATE SYNC JOB again with it), or add backends (ALTER SYSTEM ADD BACKEND)"
            + " and RESUME SYNC JOB ddb.job1");
  }

  @Test
  void tooManyVersionsIsRetriedWithAMessageNamingTheBeConfigAndCompactionThenHeals() {
    doris.sql("ddb", "CREATE TABLE t1" + SEQUENCE_TABLE);
    String refusal = "[E-235]failed to init rowset builder. version count: 2001, exceed limit: 2000, tablet: 10086";
    doris.faults().failNextLoads(4, refusal);
    h.binlog.rows(RowChange.Kind.INSERT, "t1", COLS, true, new Object[] {1, "a"});
    SyncJob job = job(doris.password(), Duration.ofMillis(700));
    job.start();
    Wait.until("retrying with the reason (" + job.message() + ")", Duration.ofSeconds(30),
        () -> job.message().startsWith("retrying in"));
    assertThat(job.state()).isEqualTo(JobState.RUNNING);
    assertThat(job.message()).contains(refusal, "max_tablet_version_num", "compaction", "the job retries");

    h.awaitCaughtUp(job);
    assertThat(job.state()).isEqualTo(JobState.RUNNING);
    assertThat(doris.count("ddb", "t1")).isEqualTo(1);
  }

  @Test
  void aDdlStatementDorisRefusesGivesTheFixAsTheWayOn() {
    doris.sql("ddb", "CREATE TABLE t1" + SEQUENCE_TABLE);
    h.binlog.rows(RowChange.Kind.INSERT, "t1", COLS, true, new Object[] {1, "a"});
    SyncJob job = job(doris.password());
    job.start();
    h.awaitCaughtUp(job);
    doris.sql("ddb", "DROP TABLE t1"); // someone drops the Doris table by hand
    BinlogPosition at = h.binlog.ddl("t1", "ALTER TABLE t1 ADD COLUMN w INT");
    awaitPaused(job);

    assertThat(job.refusedDdl()).get().extracting(DdlEvent::position).isEqualTo(at);
    assertThat(job.message()).contains("Doris refused the translated statement 1 of 1 [ALTER TABLE `ddb`.`t1` ADD COLUMN `w` ",
        "Unknown table")
        .contains("To continue: Doris has no table ddb.t1: create it again in Doris as the MySQL table is (or STOP "
            + "SYNC JOB ddb.job1 and CREATE SYNC JOB again: a job creates its missing tables); then RESUME to retry")
        .endsWith("SKIP DDL AT \"" + at + "\"");
  }
}
