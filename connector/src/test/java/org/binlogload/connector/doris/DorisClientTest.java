package org.binlogload.connector.doris;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import org.binlogload.connector.load.LoadRow;
import org.binlogload.testkit.Wait;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/** The Doris client against the Doris double (or a real Doris when DORIS_FE_HTTP is set). */
@Timeout(120)
class DorisClientTest {
  private static final String DB = "client_test";
  private static DorisTarget target;
  private static DorisClient client;
  private String table;

  @BeforeAll
  static void start() {
    target = DorisTarget.start();
    target.sql("", "CREATE DATABASE IF NOT EXISTS " + DB);
    client = target.client();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (target != null) {
      target.close();
    }
  }

  @AfterEach
  void clearFaults() {
    if (target.isDouble()) {
      target.dorisDouble().faults().clear();
    }
  }

  /** A fresh UNIQUE KEY table with a hidden sequence column, named after the test. */
  private String createTable(TestInfo info) {
    String name = "t_" + info.getTestMethod().orElseThrow().getName().toLowerCase();
    target.sql(DB, "DROP TABLE IF EXISTS " + name);
    target.sql(DB, "CREATE TABLE " + name + " (id INT NOT NULL, name VARCHAR(64), price DECIMAL(20, 4), ts DATETIME(6)) "
        + "UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\", "
        + "\"enable_unique_key_merge_on_write\" = \"true\", \"function_column.sequence_type\" = \"BIGINT\")");
    this.table = name;
    return name;
  }

  private static LoadRow row(int id, String name, long seq) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", id);
    v.put("name", name);
    v.put("price", new BigDecimal("1234567890123.4567"));
    v.put("ts", LocalDateTime.of(2024, 5, 6, 7, 8, 9, 123_456_000));
    return LoadRow.upsert(v, seq);
  }

  private static RowSource rows(LoadRow... rows) {
    return RowSource.of(List.of(rows));
  }

  /** A load naming its columns, as the sync runtime's channels do (other loads here leave the client to read them off the rows). */
  private LoadRequest req(String label) {
    return LoadRequest.builder().db(DB).table(table).label(Label.parse(label))
        .columns(List.of("id", "name", "price", "ts")).build();
  }

  private void assumeDouble() {
    assumeThat(target.isDouble()).as("fault injection needs the Doris double").isTrue();
  }

  @Test
  void loadIsInvisibleUntilCommitted(TestInfo info) {
    createTable(info);
    LoadResult r = client.streamLoad(req("commit-1"), rows(row(1, "a", 1), row(2, "b", 1), row(3, "c", 1)));
    assertThat(r.status()).isEqualTo(LoadResult.Status.SUCCESS);
    assertThat(r.isPrecommitted()).isTrue();
    assertThat(r.loadedRows()).isEqualTo(3);
    assertThat(r.txnId()).isPositive();
    assertThat(r.bodyBytes()).isPositive();
    assertThat(target.count(DB, table)).isZero();

    TxnResult c = client.commit(DB, r.txnId());
    assertThat(c.outcome()).isEqualTo(TxnResult.Outcome.COMMITTED);
    List<Map<String, String>> got = target.rows(DB, table);
    assertThat(got).extracting(m -> m.get("id")).containsExactly("1", "2", "3");
    assertThat(got.get(1).get("name")).isEqualTo("b");
    assertThat(got.get(1).get("price")).isEqualTo("1234567890123.4567");
    assertThat(got.get(1).get("ts")).startsWith("2024-05-06 07:08:09.123456");

    // a second commit of the same txn is "already VISIBLE": still committed
    TxnResult again = client.commit(DB, r.txnId());
    assertThat(again.outcome()).isEqualTo(TxnResult.Outcome.ALREADY_COMMITTED);
    assertThat(again.isCommitted()).isTrue();
  }

  @Test
  void everyValueTypeTheEncoderWritesReadsBackEqual(TestInfo info) {
    String name = "t_types";
    target.sql(DB, "DROP TABLE IF EXISTS " + name);
    target.sql(DB, "CREATE TABLE " + name + " (id INT NOT NULL, b BOOLEAN, ti TINYINT, si SMALLINT, i INT, bi BIGINT,"
        + " li LARGEINT, f FLOAT, d DOUBLE, de DECIMAL(38, 9), dt DATE, dtm DATETIME(6), ts DATETIME(6),"
        + " s STRING, bin STRING) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1"
        + " PROPERTIES (\"replication_num\" = \"1\", \"enable_unique_key_merge_on_write\" = \"true\","
        + " \"function_column.sequence_type\" = \"BIGINT\")");
    java.util.function.IntFunction<LoadRow> row = id -> {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("id", id);
      v.put("b", id % 2 == 0);
      v.put("ti", (byte) -128);
      v.put("si", (short) 32767);
      v.put("i", Integer.MIN_VALUE);
      v.put("bi", Long.MAX_VALUE);
      v.put("li", new java.math.BigInteger("170141183460469231731687303715884105727"));
      v.put("f", 1.1f);
      v.put("d", -2.25e-300);
      v.put("de", new BigDecimal("-12345678901234567890123456789.123456789"));
      v.put("dt", java.time.LocalDate.of(1000, 1, 1));
      v.put("dtm", LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000));
      v.put("ts", java.time.Instant.ofEpochSecond(2_147_483_647L, 123_000));
      v.put("s", "h\u00e9llo \uD83D\uDE00 \"q\"\n\t\\");
      v.put("bin", id == 1 ? null : new byte[] {0, (byte) 0xff, 0x10});
      return LoadRow.upsert(v, id);
    };
    LoadResult r = client.streamLoad(LoadRequest.of(DB, name, Label.parse("types-1")), rows(row.apply(1),
        row.apply(2)));
    assertThat(client.commit(DB, r.txnId()).isCommitted()).isTrue();
    List<Map<String, String>> got = target.rows(DB, name);
    assertThat(got).hasSize(2);
    Map<String, String> two = got.get(1);
    assertThat(two.get("b")).isIn("1", "true");
    assertThat(two.get("ti")).isEqualTo("-128");
    assertThat(two.get("si")).isEqualTo("32767");
    assertThat(two.get("i")).isEqualTo("-2147483648");
    assertThat(two.get("bi")).isEqualTo("9223372036854775807");
    assertThat(two.get("li")).isEqualTo("170141183460469231731687303715884105727");
    assertThat(Float.parseFloat(two.get("f"))).isEqualTo(1.1f);
    assertThat(Double.parseDouble(two.get("d"))).isEqualTo(-2.25e-300);
    assertThat(two.get("de")).isEqualTo("-12345678901234567890123456789.123456789");
    assertThat(two.get("dt")).isEqualTo("1000-01-01");
    assertThat(two.get("dtm")).isEqualTo("9999-12-31 23:59:59.999999");
    assertThat(two.get("ts")).isEqualTo("2038-01-19 03:14:07.000123");
    assertThat(two.get("s")).isEqualTo("h\u00e9llo \uD83D\uDE00 \"q\"\n\t\\");
    assertThat(two.get("bin")).isEqualTo(target.config().build().binaryEncoding() == BinaryEncoding.HEX ? "00FF10"
        : "AP8Q");
    assertThat(got.get(0).get("bin")).isNull();
    assertThat(got.get(0).get("b")).isIn("0", "false");
  }

  @Test
  void abortDiscardsTheLoadAndFreesTheLabel(TestInfo info) {
    createTable(info);
    LoadResult r = client.streamLoad(req("abort-1"), rows(row(1, "a", 1)));
    TxnResult a = client.abort(DB, r.txnId());
    assertThat(a.outcome()).isEqualTo(TxnResult.Outcome.ABORTED);
    assertThat(client.commit(DB, r.txnId()).outcome()).isEqualTo(TxnResult.Outcome.ALREADY_ABORTED);
    assertThat(target.count(DB, table)).isZero();

    // the label of an aborted load can be used again at once
    LoadResult again = client.streamLoad(req("abort-1"), rows(row(1, "a2", 2)));
    assertThat(again.status()).isEqualTo(LoadResult.Status.SUCCESS);
    assertThat(client.commit(DB, again.txnId()).isCommitted()).isTrue();
    assertThat(target.rows(DB, table)).extracting(m -> m.get("name")).containsExactly("a2");
  }

  @Test
  void reusingALabelDeduplicates(TestInfo info) {
    createTable(info);
    LoadResult first = client.streamLoad(req("dedup-1"), rows(row(1, "a", 1), row(2, "b", 1)));
    LoadResult second = client.streamLoad(req("dedup-1"), rows(row(1, "a", 1), row(2, "b", 1)));
    assertThat(second.status()).isEqualTo(LoadResult.Status.LABEL_ALREADY_EXISTS);
    assertThat(second.existingJobStatus()).isEqualTo(LoadResult.ExistingJobStatus.PRECOMMITTED);
    assertThat(second.isPrecommitted()).isTrue();
    assertThat(second.txnId()).isEqualTo(first.txnId());
    assertThat(client.commit(DB, second.txnId()).outcome()).isEqualTo(TxnResult.Outcome.COMMITTED);
    assertThat(target.count(DB, table)).isEqualTo(2);

    // once committed, the same label is FINISHED: an error unless the caller accepts it
    assertThatThrownBy(() -> client.streamLoad(req("dedup-1"), rows(row(1, "a", 1))))
        .isInstanceOfSatisfying(DorisException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.LABEL_ALREADY_COMMITTED);
          assertThat(e.retryable()).isFalse();
          assertThat(e.label()).isEqualTo("dedup-1");
          assertThat(e.txnId()).isEqualTo(first.txnId());
          assertThat(e.getMessage()).contains(DB + "." + table).contains("dedup-1").contains(Long.toString(first.txnId()));
        });
    LoadResult accepted = client.streamLoad(LoadRequest.builder().db(DB).table(table).label(Label.parse("dedup-1"))
        .acceptCommittedLabel(true).build(), rows(row(1, "a", 1)));
    assertThat(accepted.isCommitted()).isTrue();
    assertThat(target.count(DB, table)).isEqualTo(2);
  }

  @Test
  void aConnectionDroppedMidBodyIsRetriedUnderTheSameLabel(TestInfo info) {
    assumeDouble();
    createTable(info);
    target.dorisDouble().faults().dropConnectionMidBodyNext(1);
    List<LoadRow> many = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      many.add(row(i, "n" + i, 1));
    }
    LoadResult r = client.streamLoad(req("drop-1"), RowSource.of(many));
    assertThat(r.attempts()).isEqualTo(2);
    assertThat(r.label()).isEqualTo("drop-1");
    assertThat(r.isPrecommitted()).isTrue();
    assertThat(client.commit(DB, r.txnId()).isCommitted()).isTrue();
    assertThat(target.count(DB, table)).isEqualTo(20_000);
  }

  @Test
  void sequenceDecidesOrderAndDeleteSignDeletes(TestInfo info) {
    createTable(info);
    LoadResult r = client.streamLoad(req("seq-1"), rows(row(1, "new", 5), row(1, "old", 3), row(2, "x", 1),
        LoadRow.delete(Map.of("id", 2), 2), row(3, "kept", 1)));
    client.commit(DB, r.txnId());
    assertThat(target.rows(DB, table)).extracting(m -> m.get("id") + "=" + m.get("name"))
        .containsExactly("1=new", "3=kept");
  }

  @Test
  void nonAsciiColumnNamesReachTheirColumns(TestInfo info) {
    // the `columns` header goes out as UTF-8, as Doris reads it (Doris Flink connector #623: ISO-8859-1 made the
    // names '??', "Duplicate column: ??" for two of them, and a single one silently NULL)
    String name = "t_" + info.getTestMethod().orElseThrow().getName().toLowerCase();
    target.sql(DB, "DROP TABLE IF EXISTS " + name);
    target.sql(DB, "CREATE TABLE " + name + " (id INT NOT NULL, `名前` VARCHAR(64), `välue` INT, `이름` VARCHAR(64)) "
        + "UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\", "
        + "\"enable_unique_key_merge_on_write\" = \"true\", \"function_column.sequence_type\" = \"BIGINT\")");
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", 1);
    v.put("名前", "山田");
    v.put("välue", 107);
    v.put("이름", "김");
    LoadResult r = client.streamLoad(LoadRequest.of(DB, name, Label.parse("nonascii-1")), rows(LoadRow.upsert(v, 1)));
    client.commit(DB, r.txnId());
    assertThat(target.rows(DB, name)).singleElement().satisfies(m -> assertThat(m)
        .containsEntry("名前", "山田").containsEntry("이름", "김").containsEntry("välue", "107"));
  }

  @Test
  void publishTimeoutOnCommitCountsAsCommitted(TestInfo info) {
    assumeDouble();
    createTable(info);
    LoadResult r = client.streamLoad(req("pt-1"), rows(row(1, "a", 1)));
    target.dorisDouble().faults().publishTimeoutNext(1);
    TxnResult c = client.commit(DB, r.txnId());
    assertThat(c.isCommitted()).isTrue();
    Wait.until("row visible after publish timeout", Duration.ofSeconds(10), () -> target.count(DB, table) == 1);
  }

  @Test
  void publishTimeoutOfAOnePhaseLoadIsCommitted(TestInfo info) {
    assumeDouble();
    createTable(info);
    target.dorisDouble().faults().publishTimeoutNext(1);
    LoadResult r = client.streamLoad(LoadRequest.builder().db(DB).table(table).label(Label.parse("pt-2"))
        .twoPhaseCommit(false).build(), rows(row(1, "a", 1)));
    assertThat(r.status()).isEqualTo(LoadResult.Status.PUBLISH_TIMEOUT);
    assertThat(r.isCommitted()).isTrue();
    Wait.until("row visible after publish timeout", Duration.ofSeconds(10), () -> target.count(DB, table) == 1);
  }

  @Test
  void anExpiredPrecommittedTxnIsNotFound(TestInfo info) {
    assumeDouble();
    createTable(info);
    LoadResult r = client.streamLoad(req("exp-1"), rows(row(1, "a", 1)));
    assertThat(target.dorisDouble().faults().expirePrecommitted(DB, "exp-1")).isTrue();
    TxnResult c = client.commit(DB, r.txnId());
    assertThat(c.outcome()).isEqualTo(TxnResult.Outcome.NOT_FOUND);
    assertThat(c.isCommitted()).isFalse();
    assertThat(target.count(DB, table)).isZero();
  }

  @Test
  void wrongPasswordIsAnAuthErrorThatNeverShowsThePassword(TestInfo info) {
    createTable(info);
    String secret = "Wr0ng-Secret-pw";
    try (DorisClient bad = DorisClient.create(target.config().password(secret).retryPolicy(RetryPolicy.none()).build())) {
      assertThatThrownBy(() -> bad.streamLoad(req("auth-1"), rows(row(1, "a", 1))))
          .isInstanceOfSatisfying(DorisException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.AUTH);
            assertThat(e.getMessage()).doesNotContain(secret).doesNotContain(target.config().build().password());
          });
      assertThatThrownBy(() -> bad.query(DB, "SHOW TABLES"))
          .isInstanceOfSatisfying(DorisException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.AUTH);
            assertThat(e.getMessage()).doesNotContain(secret);
          });
      assertThatThrownBy(() -> bad.commit(DB, 1L)).isInstanceOfSatisfying(DorisException.class,
          e -> assertThat(e.getMessage()).doesNotContain(secret));
    }
  }

  @Test
  void aLoadWithoutExpectContinueIsRefusedByTheFe(TestInfo info) {
    createTable(info);
    try (DorisClient noExpect = DorisClient.create(target.config().retryPolicy(RetryPolicy.none()).build())) {
      noExpect.expectContinueForTest(false);
      assertThatThrownBy(() -> noExpect.streamLoad(req("expect-1"), rows(row(1, "a", 1))))
          .isInstanceOfSatisfying(DorisException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
            assertThat(e.getMessage()).contains("There is no 100-continue header").contains("expect-1");
          });
    }
  }

  @Test
  void filteredRowsFailTheLoadWithTheErrorLog(TestInfo info) {
    createTable(info);
    Map<String, Object> bad = new LinkedHashMap<>();
    bad.put("id", "not-a-number");
    bad.put("name", "x");
    assertThatThrownBy(() -> client.streamLoad(req("filter-1"), rows(row(1, "a", 1), LoadRow.upsert(bad, 1))))
        .isInstanceOfSatisfying(DorisException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.FILTERED_ROWS);
          assertThat(e.retryable()).isFalse();
          assertThat(e.getMessage()).contains(DB + "." + table).contains("filter-1").contains("error log")
              .contains("not-a-number");
        });
    assertThat(target.count(DB, table)).isZero();
  }

  @Test
  void unknownTableAndColumnAreFatal(TestInfo info) {
    createTable(info);
    assertThatThrownBy(() -> client.streamLoad(LoadRequest.of(DB, "no_such_table", Label.parse("unk-1")),
        rows(row(1, "a", 1)))).isInstanceOfSatisfying(DorisException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UNKNOWN_TABLE);
          assertThat(e.getMessage()).contains("no_such_table");
        });
    assertThatThrownBy(() -> client.query(DB, "SELECT nope FROM " + table))
        .isInstanceOfSatisfying(DorisSqlException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UNKNOWN_COLUMN);
          assertThat(e.errCode()).isEqualTo(2);
        });
    assertThatThrownBy(() -> client.query(DB, "DESC no_such_table"))
        .isInstanceOfSatisfying(DorisSqlException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNKNOWN_TABLE));
  }

  @Test
  void injectedLoadFailuresAreClassified(TestInfo info) {
    assumeDouble();
    createTable(info);
    // an internal BE error is transient: retried under the same label and then loaded
    target.dorisDouble().faults().table(DB, table).failNextLoads(1);
    LoadResult r = client.streamLoad(req("fail-1"), rows(row(1, "a", 1)));
    assertThat(r.attempts()).isEqualTo(2);
    assertThat(client.commit(DB, r.txnId()).isCommitted()).isTrue();

    // an analysis error is fatal: one attempt
    target.dorisDouble().faults().table(DB, table).failNextLoads(1, "[ANALYSIS_ERROR]errCode = 2, detailMessage = bad plan");
    assertThatThrownBy(() -> client.streamLoad(req("fail-2"), rows(row(2, "b", 1))))
        .isInstanceOfSatisfying(DorisException.class, e -> {
          assertThat(e.retryable()).isFalse();
          assertThat(e.getMessage()).contains("bad plan").contains("fail-2").doesNotContain("attempts");
        });
  }

  @Test
  void scopedFaultsHitOnlyTheirTable(TestInfo info) {
    assumeDouble();
    createTable(info);
    target.dorisDouble().faults().table(DB, "some_other_table").failNextLoads(5);
    LoadResult r = client.streamLoad(req("scope-1"), rows(row(1, "a", 1)));
    assertThat(r.attempts()).isEqualTo(1);
  }

  @Test
  void serverErrorsAreRetriedThenSurface(TestInfo info) {
    assumeDouble();
    createTable(info);
    target.dorisDouble().faults().serverErrorNext(2, 503);
    LoadResult r = client.streamLoad(req("5xx-1"), rows(row(1, "a", 1)));
    assertThat(r.attempts()).isEqualTo(3);

    target.dorisDouble().faults().serverErrorNext(10, 500);
    assertThatThrownBy(() -> client.streamLoad(req("5xx-2"), rows(row(2, "b", 1))))
        .isInstanceOfSatisfying(DorisException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
          assertThat(e.getMessage()).contains("HTTP 500").contains("5xx-2").contains("after 4 attempts");
        });
  }

  @Test
  void aFailedCommitIsRetried(TestInfo info) {
    assumeDouble();
    createTable(info);
    LoadResult r = client.streamLoad(req("commitfail-1"), rows(row(1, "a", 1)));
    target.dorisDouble().faults().failNextCommits(1);
    TxnResult c = client.commit(DB, r.txnId());
    assertThat(c.isCommitted()).isTrue();
    assertThat(target.count(DB, table)).isEqualTo(1);
  }

  @Test
  void aSlowLoadTimesOutAsRetryable(TestInfo info) {
    assumeDouble();
    createTable(info);
    target.dorisDouble().faults().table(DB, table).delayLoads(Duration.ofSeconds(3));
    try (DorisClient impatient = DorisClient.create(target.config().loadTimeout(Duration.ofSeconds(1))
        .readTimeout(Duration.ofMillis(500)).retryPolicy(RetryPolicy.none()).build())) {
      assertThatThrownBy(() -> impatient.streamLoad(req("slow-1"), rows(row(1, "a", 1))))
          .isInstanceOfSatisfying(DorisException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
            assertThat(e.retryable()).isTrue();
          });
    }
  }

  @Test
  void failsOverToTheNextFe(TestInfo info) throws IOException {
    createTable(info);
    int dead;
    try (ServerSocket s = new ServerSocket(0)) {
      dead = s.getLocalPort();
    }
    List<String> fes = new ArrayList<>();
    fes.add("127.0.0.1:" + dead);
    fes.addAll(target.config().build().feAddresses());
    try (DorisClient c = DorisClient.create(target.config().feAddresses(fes).retryPolicy(RetryPolicy.none()).build())) {
      LoadResult r = c.streamLoad(req("failover-1"), rows(row(1, "a", 1)));
      assertThat(c.commit(DB, r.txnId()).isCommitted()).isTrue();
      assertThat(String.valueOf(c.query(DB, "SELECT COUNT(*) FROM " + table).rows().get(0).get(0))).isEqualTo("1");
    }
    try (DorisClient c = DorisClient.create(target.config().feAddresses(List.of("127.0.0.1:" + dead))
        .retryPolicy(RetryPolicy.none()).build())) {
      assertThatThrownBy(() -> c.streamLoad(req("failover-2"), rows(row(1, "a", 1))))
          .isInstanceOfSatisfying(DorisException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.CONNECTION);
            assertThat(e.getMessage()).contains("no FE reachable").contains("failover-2");
          });
    }
  }

  @Test
  void aLargeBodyIsStreamedNotMaterialised(TestInfo info) {
    createTable(info);
    int total = 200_000;
    AtomicInteger produced = new AtomicInteger();
    RowSource lazy = () -> new Iterator<>() {
      int i;

      @Override
      public boolean hasNext() {
        return i < total;
      }

      @Override
      public LoadRow next() {
        if (i >= total) {
          throw new NoSuchElementException();
        }
        produced.incrementAndGet();
        i++;
        return row(i, "name-" + i + "-" + "x".repeat(40), i);
      }
    };
    LoadResult r = client.streamLoad(req("big-1"), lazy);
    assertThat(r.loadedRows()).isEqualTo(total);
    assertThat(r.bodyBytes()).isGreaterThan(20_000_000L);
    assertThat(produced.get()).isEqualTo(total);
    // the body held in memory never exceeded one chunk plus a row: about 64 KiB of a 20+ MB body
    assertThat(client.lastPeakBufferedBytes()).isLessThan(RowBodyStream.CHUNK + 4096);
    client.commit(DB, r.txnId());
    assertThat(target.count(DB, table)).isEqualTo(total);
  }

  @Test
  void recoveryCommitsOrAbortsWhatIsPrecommitted(TestInfo info) {
    assumeDouble();
    createTable(info);
    LoadResult pre1 = client.streamLoad(req("rec-1"), rows(row(1, "a", 1)));
    LoadResult done = client.streamLoad(req("rec-2"), rows(row(2, "b", 1)));
    client.commit(DB, done.txnId());
    LoadResult pre3 = client.streamLoad(req("rec-3"), rows(row(3, "c", 1)));
    target.dorisDouble().faults().expirePrecommitted(DB, "rec-3");
    List<RecoveryResult> committed = client.recover(DB, table,
        List.of(Label.parse("rec-1"), Label.parse("rec-2"), Label.parse("rec-3"), Label.parse("rec-4")),
        RecoveryResult.Decision.COMMIT);
    assertThat(committed).extracting(RecoveryResult::outcome).containsExactly(RecoveryResult.Outcome.COMMITTED,
        RecoveryResult.Outcome.ALREADY_COMMITTED, RecoveryResult.Outcome.ABSENT, RecoveryResult.Outcome.ABSENT);
    assertThat(committed.get(0).txnId()).isEqualTo(pre1.txnId());
    assertThat(target.rows(DB, table)).extracting(m -> m.get("id")).containsExactly("1", "2");
    assertThat(pre3.txnId()).isPositive();

    // the probes left no transaction behind: the absent labels load normally
    LoadResult reload = client.streamLoad(req("rec-4"), rows(row(4, "d", 1)));
    assertThat(reload.status()).isEqualTo(LoadResult.Status.SUCCESS);

    LoadResult pre5 = client.streamLoad(req("rec-5"), rows(row(5, "e", 1)));
    List<RecoveryResult> aborted = client.recover(DB, table,
        List.of(Label.parse("rec-4"), Label.parse("rec-5"), Label.parse("rec-2")), RecoveryResult.Decision.ABORT);
    assertThat(aborted).extracting(RecoveryResult::outcome).containsExactly(RecoveryResult.Outcome.ABORTED,
        RecoveryResult.Outcome.ABORTED, RecoveryResult.Outcome.CONFLICT);
    assertThat(aborted.get(1).txnId()).isEqualTo(pre5.txnId());
    assertThat(client.commit(DB, pre5.txnId()).outcome()).isEqualTo(TxnResult.Outcome.ALREADY_ABORTED);
    assertThat(target.rows(DB, table)).extracting(m -> m.get("id")).containsExactly("1", "2");
  }

  @Test
  void aRunningLabelIsRetryableAndRecoveryAbortsIt(TestInfo info) throws Exception {
    createTable(info);
    java.util.concurrent.CountDownLatch bodyStarted = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    // the txn begins when the BE reads the headers; the body then stalls, so the label stays RUNNING
    RowSource stalling = () -> new Iterator<>() {
      int i;

      @Override
      public boolean hasNext() {
        if (i == 0) {
          bodyStarted.countDown();
          try {
            release.await(60, java.util.concurrent.TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return i < 1;
      }

      @Override
      public LoadRow next() {
        if (i >= 1) {
          throw new NoSuchElementException();
        }
        i++;
        return row(1, "slow", 1);
      }
    };
    try (DorisClient once = DorisClient.create(target.config().retryPolicy(RetryPolicy.none()).build())) {
      java.util.concurrent.CompletableFuture<LoadResult> slow =
          java.util.concurrent.CompletableFuture.supplyAsync(() -> once.streamLoad(req("running-1"), stalling));
      assertThat(bodyStarted.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThatThrownBy(() -> once.streamLoad(req("running-1"), rows(row(1, "again", 1))))
          .isInstanceOfSatisfying(DorisException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.LABEL_RUNNING);
            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).contains("running-1").contains("RUNNING");
          });
      List<RecoveryResult> rec = once.recover(DB, table, List.of(Label.parse("running-1")), RecoveryResult.Decision.ABORT);
      assertThat(rec).extracting(RecoveryResult::outcome).containsExactly(RecoveryResult.Outcome.ABORTED);
      release.countDown();
      assertThatThrownBy(slow::join).hasCauseInstanceOf(DorisException.class);
    } finally {
      release.countDown();
    }
    assertThat(target.count(DB, table)).isZero();
    // the aborted label is free again
    assertThat(client.streamLoad(req("running-1"), rows(row(1, "a", 1))).status()).isEqualTo(LoadResult.Status.SUCCESS);
  }

  @Test
  void aRowThatCannotBeEncodedFailsWithoutRetry(TestInfo info) {
    createTable(info);
    AtomicInteger opened = new AtomicInteger();
    RowSource bad = () -> {
      opened.incrementAndGet();
      return List.of(row(1, "a", 1), LoadRow.upsert(Map.of("id", 2, "name", new Object()), 1)).iterator();
    };
    assertThatThrownBy(() -> client.streamLoad(req("badrow-1"), bad)).isInstanceOfSatisfying(DorisException.class, e -> {
      assertThat(e.kind()).isEqualTo(ErrorKind.BAD_ROW);
      assertThat(e.getMessage()).contains("column name of row 2 has unsupported type java.lang.Object").contains("badrow-1");
    });
    assertThat(opened.get()).isEqualTo(1);
    assertThat(target.count(DB, table)).isZero();
  }

  @Test
  void commitAndAbortByLabel(TestInfo info) {
    createTable(info);
    client.streamLoad(req("bylabel-1"), rows(row(1, "a", 1)));
    assertThat(client.commit(DB, Label.parse("bylabel-1")).outcome()).isEqualTo(TxnResult.Outcome.COMMITTED);
    client.streamLoad(req("bylabel-2"), rows(row(2, "b", 1)));
    assertThat(client.abort(DB, Label.parse("bylabel-2")).outcome()).isEqualTo(TxnResult.Outcome.ABORTED);
    assertThat(client.abort(DB, Label.parse("bylabel-never")).outcome()).isEqualTo(TxnResult.Outcome.NOT_FOUND);
    assertThat(target.rows(DB, table)).extracting(m -> m.get("id")).containsExactly("1");
  }

  @Test
  void sqlReturnsRowsAndDescribesTables(TestInfo info) {
    createTable(info);
    List<DorisColumn> cols = client.describe(DB, table);
    assertThat(cols).extracting(DorisColumn::name).containsExactly("id", "name", "price", "ts");
    assertThat(cols.get(0).key()).isTrue();
    assertThat(cols.get(1).nullable()).isTrue();
    assertThat(cols.get(2).type()).containsIgnoringCase("decimal");
    QueryResult tables = client.query(DB, "SHOW TABLES");
    assertThat(tables.rows()).extracting(r -> String.valueOf(r.get(0))).contains(table);
    assertThatThrownBy(() -> client.execute(DB, "ALTER TABLE " + table + " DROP COLUMN id"))
        .isInstanceOfSatisfying(DorisSqlException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.SQL_ERROR);
          assertThat(e.errCode()).isEqualTo(2);
          assertThat(e.detailMessage()).contains("Can not drop key column");
          assertThat(e.getMessage()).contains(DB).contains("DROP COLUMN id");
        });
  }

  @Test
  void awaitSchemaChangeWaitsForAHeavyJob(TestInfo info) {
    createTable(info);
    assertThat(client.awaitSchemaChange(DB, table, Duration.ofSeconds(5))).isEmpty();
    client.execute(DB, "ALTER TABLE " + table + " MODIFY COLUMN name VARCHAR(128) NULL, ADD COLUMN qty INT NULL");
    client.execute(DB, "ALTER TABLE " + table + " MODIFY COLUMN price DECIMAL(30, 4) NULL");
    if (target.isDouble()) {
      try (DorisClient once = DorisClient.create(target.config().retryPolicy(RetryPolicy.none()).build())) {
        assertThatThrownBy(() -> once.execute(DB, "ALTER TABLE " + table + " ADD COLUMN other INT NULL"))
            .isInstanceOfSatisfying(DorisSqlException.class, e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.SCHEMA_CHANGE_RUNNING);
              assertThat(e.retryable()).isTrue();
            });
      }
    }
    Map<String, Object> job = client.awaitSchemaChange(DB, table, Duration.ofSeconds(30)).orElseThrow();
    assertThat(job.get("State")).isEqualTo("FINISHED");
    assertThat(client.describe(DB, table)).filteredOn(c -> c.name().equals("price"))
        .extracting(DorisColumn::type).allMatch(t -> t.toLowerCase().contains("30"));
  }
}
