package org.binlogload.connector.sink.doris;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.connector.doris.DorisClient;
import org.binlogload.connector.doris.DorisConfig;
import org.binlogload.connector.doris.RetryPolicy;
import org.binlogload.connector.load.LoadColumns;
import org.binlogload.connector.load.LoadRow;
import org.binlogload.connector.sync.Sink;
import org.binlogload.ddl.TranslatorOptions;
import org.binlogload.dorisdouble.DorisDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sink over the real Doris client against the Doris double. */
@Timeout(60)
class DorisSinkTest {
  private DorisDouble doris;
  private DorisClient client;
  private DorisSink sink;

  @BeforeEach
  void start() {
    doris = DorisDouble.builder().start();
    client = DorisClient.create(DorisConfig.builder().feAddress(doris.feAddress()).user(doris.user())
        .password(doris.password()).retryPolicy(RetryPolicy.of(3, Duration.ofMillis(20), Duration.ofMillis(100)))
        .build());
    sink = new DorisSink(client, TranslatorOptions.defaults(), Duration.ofSeconds(30));
    doris.sql("", "CREATE DATABASE d");
    doris.sql("d", "CREATE TABLE t (id INT, v VARCHAR(10)) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 "
        + "PROPERTIES (\"replication_num\" = \"1\", \"function_column.sequence_type\" = \"BIGINT\")");
  }

  @AfterEach
  void stop() {
    client.close();
    doris.close();
  }

  private static List<LoadRow> rows(int... ids) {
    List<LoadRow> l = new java.util.ArrayList<>();
    for (int id : ids) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", id);
      m.put("v", "v" + id);
      BinlogPosition p = BinlogPosition.row("mysql-bin.000001", 100, id);
      l.add(LoadRow.of(LoadColumns.of(List.copyOf(m.keySet())), m.values().toArray(), false, p.sequence(), p));
    }
    return l;
  }

  /** The write of {@code d.t} under {@code label}, as {@link DorisSink#open} names it. */
  private static Sink.Write write(String label) {
    return new Sink.Write("d", "t", label, -1);
  }

  @Test
  void openDerivesTheLabelFromJobTableAndRoundEnd() {
    BinlogPosition end = BinlogPosition.of("mysql-bin.000001", 100);
    Sink.Write w = sink.open("7_job1", "d", "t", end);
    assertThat(w.key()).startsWith("bl_7_job1_d_t_").isEqualTo(sink.open("7_job1", "d", "t", end).key());
    assertThat(w.id()).isEqualTo(-1);
    assertThat(sink.open("7_job1", "d", "t", BinlogPosition.of("mysql-bin.000001", 200)).key()).isNotEqualTo(w.key());
  }

  @Test
  void preparedLoadIsInvisibleUntilCommitted() {
    Sink.Write w = sink.prepare(write("l1"), rows(1, 2));
    assertThat(doris.count("d", "t")).isZero();
    sink.commit(w);
    sink.commit(w); // already committed is success
    assertThat(doris.count("d", "t")).isEqualTo(2);
  }

  @Test
  void abortOfAPrecommittedLabelAndOfAnUnknownOne() {
    sink.prepare(write("l2"), rows(1));
    sink.abort(write("l2"));
    sink.abort(write("never-used"));
    assertThat(doris.faults().expireAllPrecommitted()).isZero();
    Sink.Write again = sink.prepare(write("l2"), rows(3)); // an aborted label is free again
    sink.commit(again);
    assertThat(doris.count("d", "t")).isEqualTo(1);
  }

  @Test
  void abortOfACommittedLabelIsAConflict() {
    Sink.Write w = sink.prepare(write("l3"), rows(1));
    sink.commit(w);
    assertThatThrownBy(() -> sink.abort(write("l3"))).hasMessageContaining("l3")
        .hasMessageContaining("never decided");
  }

  @Test
  void aCommitOfAnExpiredTransactionIsTxnExpiredWithTheFeTimeoutAsTheFix() {
    Sink.Write w = sink.prepare(write("l5"), rows(1));
    long txn = w.id();
    assertThat(doris.faults().expireAllPrecommitted()).isEqualTo(1); // as stream_load_default_precommit_timeout_second
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> sink.commit(w));
    assertThat(t).isInstanceOfSatisfying(org.binlogload.connector.doris.DorisException.class, e -> {
      assertThat(e.kind()).isEqualTo(org.binlogload.connector.doris.ErrorKind.TXN_EXPIRED);
      assertThat(e.label()).isEqualTo("l5");
      assertThat(e.txnId()).isEqualTo(txn);
    });
    assertThat(sink.isRetryable(t)).isFalse();
    assertThat(sink.remedy(t, "d.job", BinlogPosition.of("mysql-bin.000001", 100))).get()
        .extracting(Sink.Fix::text).asString()
        .contains("transaction " + txn + " (label l5)", "stream_load_default_precommit_timeout_second",
            "\"mysql.start_position\" = \"mysql-bin.000001:4\"");
  }

  @Test
  void tableExistsAndTableGone() {
    assertThat(sink.schema().exists("d", "t")).isTrue();
    assertThat(sink.schema().exists("d", "nope")).isFalse();
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(
        () -> sink.prepare(new Sink.Write("d", "nope", "l4", -1), rows(1)));
    assertThat(sink.isTableGone(t)).as(String.valueOf(t)).isTrue();
  }
}
