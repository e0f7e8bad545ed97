package org.binlogload.connector.sink.doris;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.connector.doris.DorisErrorClassifier;
import org.binlogload.connector.doris.DorisException;
import org.binlogload.connector.doris.DorisSqlException;
import org.binlogload.connector.doris.ErrorKind;
import org.junit.jupiter.api.Test;

/**
 * Each Doris answer a job can meet, in Doris's own words, classified as the client classifies it, and the fix
 * {@link DorisRemedy} gives for it.
 */
class DorisRemedyTest {
  private static final DorisRemedy.Context CTX =
      new DorisRemedy.Context("loader", "ddb.orders_sync", BinlogPosition.parse("mysql-bin.000012:48211"));
  private static final String LABEL = "bl_7_orders_sync_ddb_orders_mysql-bin_000012:48211-0123456789abcdef";

  /** A failed Stream Load of ddb.orders whose Message is {@code message}, as DorisClient reports it. */
  private static DorisException load(String message) {
    ErrorKind kind = DorisErrorClassifier.classifyMessage(message, ErrorKind.LOAD_FAILED);
    return new DorisException(kind, "stream load into ddb.orders failed (label " + LABEL + ", txn 1042): " + message,
        "ddb.orders", LABEL, 1042, null);
  }

  /** A statement in ddb Doris refused with {@code detail}, as DorisClient reports it. */
  private static DorisSqlException sql(String stmt, String detail) {
    ErrorKind kind = DorisErrorClassifier.classifyMessage(detail, ErrorKind.SQL_ERROR);
    return new DorisSqlException(kind, "statement in ddb failed: " + detail + " [" + stmt + "]", "ddb", stmt, 2,
        detail);
  }

  private static DorisRemedy.Fix fix(DorisException e) {
    return DorisRemedy.of(e, CTX).orElseThrow(() -> new AssertionError("no fix for " + e.kind() + ": " + e));
  }

  @Test
  void wrongCredentialsNameTheConfigKeysAndFiles() {
    for (String m : new String[] {"errCode = 2, detailMessage = Access denied for user 'loader'@'10.0.0.5' (using "
        + "password: YES)", "Unauthorized: Access denied for user 'loader'@'10.0.0.5' (using password: NO)",
        "Unauthorized: Need auth information.", "[NOT_AUTHORIZED]no valid Basic authorization"}) {
      DorisRemedy.Fix f = fix(load(m));
      assertThat(f.kind()).as(m).isEqualTo(ErrorKind.AUTH);
      assertThat(f.text()).contains("user 'loader'", "doris.user and doris.password", "conf/binlog-load.conf",
          "plugin.conf", "restart the daemon");
      assertThat(f.port().forPause("ddb.orders_sync")).endsWith("; then RESUME SYNC JOB ddb.orders_sync");
    }
  }

  @Test
  void missingPrivilegesGiveTheGrantOnTheDatabase() {
    for (String m : new String[] {
        "Unauthorized: Access denied; you need (at least one of) the (LOAD) privilege(s) for this operation",
        "errCode = 2, detailMessage = LOAD command denied to user 'loader'@'%' for table 'ddb: orders'",
        "errCode = 2, detailMessage = Access denied for user 'loader'@'%' to database 'ddb'",
        "errCode = 2, detailMessage = Access denied; you need (at least one of) the (ALTER) privilege(s) on table "
            + "orders for this operation"}) {
      DorisRemedy.Fix f = fix(load(m));
      assertThat(f.kind()).as(m).isEqualTo(ErrorKind.PRIVILEGE);
      assertThat(f.text()).contains("GRANT LOAD_PRIV, ALTER_PRIV, CREATE_PRIV, DROP_PRIV ON `ddb`.* TO 'loader'@'%'")
          .doesNotContain("doris.password");
      assertThat(f.thenResume()).isTrue();
    }
    DorisRemedy.Fix ddl = fix(sql("CREATE TABLE `t9` (id INT) UNIQUE KEY(id) DISTRIBUTED BY HASH(id)",
        "CREATE command denied to user 'loader'@'%' for table 'ddb: t9'"));
    assertThat(ddl.text()).contains("database ddb", "ON `ddb`.*", "CREATE_PRIV");
  }

  @Test
  void anUnknownDatabaseGivesCreateDatabaseOrTheIntoClause() {
    for (DorisException e : new DorisException[] {load("errCode = 2, detailMessage = unknown database, "
        + "database=default_cluster:ddb"), sql("CREATE TABLE `orders` (id INT)", "Unknown database 'ddb'")}) {
      DorisRemedy.Fix f = fix(e);
      assertThat(f.kind()).isEqualTo(ErrorKind.UNKNOWN_DATABASE);
      assertThat(f.text()).contains("Doris has no database ddb", "CREATE DATABASE `ddb`", "INTO clause");
      assertThat(f.port().forPause("ddb.orders_sync")).endsWith("; then RESUME SYNC JOB ddb.orders_sync");
    }
  }

  @Test
  void anUnknownTableNamesTheTableAndHowToGetItBack() {
    DorisRemedy.Fix f = fix(sql("ALTER TABLE `orders` ADD COLUMN `note` VARCHAR(40)", "Unknown table 'orders'"));
    assertThat(f.kind()).isEqualTo(ErrorKind.UNKNOWN_TABLE);
    assertThat(f.text()).contains("Doris has no table ddb.orders", "CREATE SYNC JOB again");
  }

  @Test
  void filteredRowsPointAtTheErrorLogAndTheColumnToWiden() {
    String msg = "[DATA_QUALITY_ERROR]too many filtered rows; filtered 1 rows; error log "
        + "http://10.0.0.7:8040/api/_load_error_log?file=__shard_2/error_log_insert_stmt_7602: Reason: "
        + "column_name[note], the length of input is too long than schema. first 32 bytes of input str: [a long note] "
        + "schema length: 4; actual length: 11; . src line [];";
    DorisRemedy.Fix f = fix(load(msg));
    assertThat(f.kind()).isEqualTo(ErrorKind.FILTERED_ROWS);
    assertThat(f.text()).contains("rows of ddb.orders (label " + LABEL + ")", "error log quoted above (ErrorURL",
        "load_error_log_reserve_hours", "ALTER TABLE `ddb`.`orders` MODIFY COLUMN `note` <type>",
        "strict_mode and max_filter_ratio 0");
    // an older BE reports it without ErrorURL and as INTERNAL_ERROR: still no retry, still the fix
    DorisRemedy.Fix old = fix(load("[INTERNAL_ERROR]too many filtered rows"));
    assertThat(old.kind()).isEqualTo(ErrorKind.FILTERED_ROWS);
    assertThat(old.text()).doesNotContain("error log").contains("MODIFY COLUMN <column> <type>");
  }

  @Test
  void aTableWithoutTheSequenceColumnGetsTheEnableFeatureStatement() {
    DorisRemedy.Fix f = fix(load("[ANALYSIS_ERROR]errCode = 2, detailMessage = There is no sequence column in the "
        + "table orders"));
    assertThat(f.kind()).isEqualTo(ErrorKind.NO_SEQUENCE_COLUMN);
    assertThat(f.text()).contains("ALTER TABLE `ddb`.`orders` ENABLE FEATURE \"SEQUENCE_LOAD\" WITH PROPERTIES "
        + "(\"function_column.sequence_type\" = \"bigint\")");
    assertThat(f.thenResume()).isTrue();
  }

  @Test
  void anExpiredTransactionNamesTheFeTimeoutAndHowToLoadTheRangeAgain() {
    DorisException e = new DorisException(ErrorKind.TXN_EXPIRED, "commit of txn 1042 (label " + LABEL + ") in ddb "
        + "answered ALREADY_ABORTED: the round was decided COMMIT but Doris no longer holds the transaction: "
        + "errCode = 2, detailMessage = transaction [1042] is already aborted. abort reason: timeout by txn manager",
        "ddb", LABEL, 1042, null);
    DorisRemedy.Fix f = fix(e);
    assertThat(f.text()).contains("transaction 1042 (label " + LABEL + ")",
        "stream_load_default_precommit_timeout_second (3600 s by default)",
        "ADMIN SET FRONTEND CONFIG (\"stream_load_default_precommit_timeout_second\" = \"<seconds>\")", "fe.conf",
        "STOP SYNC JOB ddb.orders_sync and CREATE SYNC JOB again with \"mysql.start_position\" = "
            + "\"mysql-bin.000012:4\"", "mysql-bin.000012:48211");
    assertThat(f.thenResume()).as("RESUME cannot roll the round forward").isFalse();
    assertThat(f.port().forPause("ddb.orders_sync")).doesNotContain("then RESUME SYNC JOB");
    DorisRemedy.Fix first = DorisRemedy.of(e, new DorisRemedy.Context("loader", "ddb.j", null)).orElseThrow();
    assertThat(first.text()).contains("CREATE SYNC JOB again with the job's start position");
  }

  @Test
  void tooManyVersionsIsRetriedAndNamesTheBeConfigAndCompaction() {
    for (String m : new String[] {"[E-235]failed to init rowset builder. version count: 2001, exceed limit: 2000, "
        + "tablet: 10086", "[TOO_MANY_VERSION]failed to init rowset builder. version count: 2001, exceed limit: "
        + "2000, tablet: 10086. Please reduce the frequency of loading data", "[E-235]too many versions"}) {
      DorisRemedy.Fix f = fix(load(m));
      assertThat(f.kind()).as(m).isEqualTo(ErrorKind.TOO_MANY_VERSIONS);
      assertThat(f.kind().retryable()).isTrue();
      assertThat(f.text()).contains("max_tablet_version_num", "compaction", "retries", "sync_commit_interval_second");
    }
  }

  @Test
  void replicationAboveTheBackendsNamesTheJobProperty() {
    DorisRemedy.Fix f = fix(sql("CREATE TABLE `orders` (id INT) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS AUTO "
        + "PROPERTIES (\"replication_num\" = \"3\")", "Failed to find enough backend, please check the replication "
        + "num,replication tag and storage medium.\nCreate failed replications:\nreplication tag: {\"location\" : "
        + "\"default\"}, replication num: 3, storage medium: HDD"));
    assertThat(f.kind()).isEqualTo(ErrorKind.NOT_ENOUGH_BACKENDS);
    assertThat(f.text()).contains("replication_num 3", "\"replication_num\" = \"<alive backends>\" in its PROPERTIES",
        "SHOW BACKENDS", "ALTER SYSTEM ADD BACKEND", "RESUME SYNC JOB ddb.orders_sync");
    DorisRemedy.Fix older = fix(sql("CREATE TABLE t (id INT)", "Failed to find enough host with storage medium and "
        + "tag(HDD/{\"location\" : \"default\"}) in all backends. need: 3"));
    assertThat(older.kind()).isEqualTo(ErrorKind.NOT_ENOUGH_BACKENDS);
    assertThat(older.text()).contains("more replicas than Doris has alive backends");
  }

  @Test
  void aLabelCommittedByAnotherLoadNamesTheOtherRuntimeAndANewJob() {
    DorisException e = new DorisException(ErrorKind.LABEL_ALREADY_COMMITTED, "stream load into ddb.orders: label "
        + LABEL + " is already committed as txn 1042; the data under this label was loaded before", "ddb.orders",
        LABEL, 1042, null);
    DorisRemedy.Fix f = fix(e);
    assertThat(f.text()).contains("Doris holds label " + LABEL, "another runtime", "same id and name",
        "STOP SYNC JOB ddb.orders_sync and CREATE SYNC JOB again", "labels are new");
    assertThat(f.thenResume()).isFalse();
  }

  @Test
  void aBodyTooLargeNamesStreamingLoadMaxMb() {
    assertThat(DorisErrorClassifier.forHttpStatus(413)).isEqualTo(ErrorKind.BODY_TOO_LARGE);
    DorisRemedy.Fix f = fix(load("[INTERNAL_ERROR]body exceed max size: 10737418240, data: 10737418241"));
    assertThat(f.kind()).isEqualTo(ErrorKind.BODY_TOO_LARGE);
    assertThat(f.text()).contains("streaming_load_max_mb", "be.conf",
        "/api/update_config?streaming_load_max_mb=<MB>&persist=true", "max_bytes_sync_commit");
  }

  @Test
  void twoPhaseCommitDisabledIsNotRetriedAndNamesTheBeConfig() {
    DorisRemedy.Fix f = fix(load("[INTERNAL_ERROR]Two phase commit (2PC) for stream load was disabled"));
    assertThat(f.kind()).isEqualTo(ErrorKind.TWO_PHASE_DISABLED);
    assertThat(f.kind().retryable()).isFalse();
    assertThat(f.text()).contains("disable_stream_load_2pc = false");
  }

  @Test
  void theFirstDorisFailureAmongTheCausesCountsAndOtherFailuresHaveNoFix() {
    DorisException e = load("[ANALYSIS_ERROR]errCode = 2, detailMessage = There is no sequence column in the table "
        + "orders");
    assertThat(DorisRemedy.of(new IllegalStateException("round failed", e), CTX)).get()
        .extracting(DorisRemedy.Fix::kind).isEqualTo(ErrorKind.NO_SEQUENCE_COLUMN);
    assertThat(DorisRemedy.of(new IllegalStateException("a bug"), CTX)).isEmpty();
    assertThat(DorisRemedy.of(new IOException("MySQL went away"), CTX)).isEmpty();
    assertThat(DorisRemedy.of(sql("ALTER TABLE t DROP COLUMN id", "Can not drop key column in Unique data model "
        + "table"), CTX)).as("a refusal without a known fix").isEmpty();
  }
}
