package org.binlogload.connector.doris;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.binlogload.connector.load.LoadRow;
import org.binlogload.dorisdouble.DorisDouble;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** awaitSchemaChange against heavy jobs that take long or end CANCELLED (the double's job timing is configured). */
@Timeout(120)
class SchemaChangeWaitTest {
  private static final String DB = "sc_wait";
  private static DorisTarget target;
  private static DorisClient client;

  @BeforeAll
  static void start() {
    target = DorisTarget.start(DorisDouble.builder().user("root").password("sc-Secret1")
        .heavySchemaChangeDuration(Duration.ofMillis(1500)));
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

  private static void table(String name) {
    target.sql(DB, "DROP TABLE IF EXISTS " + name);
    target.sql(DB, "CREATE TABLE " + name + " (id INT NOT NULL, code VARCHAR(20), n INT) UNIQUE KEY(id) "
        + "DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\", "
        + "\"function_column.sequence_type\" = \"BIGINT\")");
  }

  @Test
  void aJobStillRunningAtTheDeadlineIsARetryableTimeout() {
    table("slow");
    client.execute(DB, "ALTER TABLE slow MODIFY COLUMN n BIGINT NULL");
    assertThatThrownBy(() -> client.awaitSchemaChange(DB, "slow", Duration.ofMillis(100)))
        .isInstanceOfSatisfying(DorisException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
          assertThat(e.retryable()).isTrue();
          assertThat(e.getMessage()).contains(DB + ".slow").contains("after 100 ms");
        });
    Map<String, Object> job = client.awaitSchemaChange(DB, "slow", Duration.ofSeconds(60)).orElseThrow();
    assertThat(job.get("State")).isEqualTo("FINISHED");
    assertThat(client.describe(DB, "slow")).filteredOn(c -> c.name().equals("n")).extracting(DorisColumn::type)
        .allMatch(t -> t.toLowerCase().startsWith("bigint"));
  }

  @Test
  void aCancelledJobThrowsWithItsMsg() {
    table("bad");
    LoadResult r = client.streamLoad(LoadRequest.of(DB, "bad", Label.parse("sc-1")),
        RowSource.of(List.of(LoadRow.upsert(Map.of("id", 1, "code", "not-a-number", "n", 1), 1))));
    client.commit(DB, r.txnId());
    client.execute(DB, "ALTER TABLE bad MODIFY COLUMN code BIGINT NULL");
    assertThatThrownBy(() -> client.awaitSchemaChange(DB, "bad", Duration.ofSeconds(60)))
        .isInstanceOfSatisfying(DorisSqlException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.SCHEMA_CHANGE_CANCELLED);
          assertThat(e.retryable()).isFalse();
          assertThat(e.getMessage()).contains(DB + ".bad").contains("CANCELLED");
          assertThat(e.detailMessage()).isNotEmpty();
        });
  }
}
