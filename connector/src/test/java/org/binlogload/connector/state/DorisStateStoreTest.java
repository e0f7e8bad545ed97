package org.binlogload.connector.state;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.binlogload.connector.doris.DorisConfig;
import org.binlogload.connector.doris.RetryPolicy;
import org.binlogload.connector.job.DorisTargetInspector;
import org.binlogload.connector.job.TargetInspector;
import org.binlogload.connector.doris.DorisClient;
import org.binlogload.dorisdouble.DorisDouble;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DorisStateStoreTest {
  static DorisDouble doris;
  static DorisConfig config;

  @BeforeAll
  static void startDouble() {
    doris = DorisDouble.builder().user("root").password("st-pw").start();
    config = DorisConfig.builder().feAddress(doris.feAddress()).user("root").password("st-pw")
        .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(10))
        .retryPolicy(RetryPolicy.of(3, Duration.ofMillis(10), Duration.ofMillis(50))).build();
  }

  @AfterAll
  static void stopDouble() {
    doris.close();
  }

  @Test
  void putGetDeleteKeysAndANewInstanceSeesThem() {
    DorisStateStore s = DorisStateStore.open(config, "binlog_load_meta", "state_a", 1);
    assertThat(s.get("jobs/1/definition")).isEmpty();
    byte[] binary = {0, 1, 2, (byte) 0xff, '\'', '\\', '\n'};
    s.put("jobs/1/definition", "{\"a\":1}".getBytes(UTF_8));
    s.put("jobs/1/sync/cursor", binary);
    s.put("jobs/2/definition", "x".getBytes(UTF_8));
    s.put("jobs/2/definition", "y".getBytes(UTF_8));
    s.put("manager/counter", new byte[0]);
    assertThat(s.get("jobs/1/sync/cursor").orElseThrow()).containsExactly(binary);
    assertThat(new String(s.get("jobs/2/definition").orElseThrow(), UTF_8)).isEqualTo("y");
    assertThat(s.get("manager/counter").orElseThrow()).isEmpty();
    assertThat(s.keys("jobs/")).containsExactly("jobs/1/definition", "jobs/1/sync/cursor", "jobs/2/definition");
    assertThat(s.scoped("jobs/1").keys("")).containsExactly("definition", "sync/cursor");
    s.delete("jobs/2/definition");
    assertThat(s.get("jobs/2/definition")).isEmpty();
    assertThat(doris.count("binlog_load_meta", "state_a")).isEqualTo(3);
    s.close();

    // another FE opening the same table (CREATE ... IF NOT EXISTS again) sees the same state
    DorisStateStore other = DorisStateStore.open(config, "binlog_load_meta", "state_a", 1);
    assertThat(other.keys("")).containsExactly("jobs/1/definition", "jobs/1/sync/cursor", "manager/counter");
    assertThat(other.get("jobs/1/sync/cursor").orElseThrow()).containsExactly(binary);
    other.close();
  }

  @Test
  void targetInspectorReadsKeysType() {
    doris.sql("", "CREATE DATABASE IF NOT EXISTS tgt");
    doris.sql("tgt", "CREATE TABLE u (id INT, v VARCHAR(10)) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 "
        + "PROPERTIES (\"replication_num\" = \"1\")");
    doris.sql("tgt", "CREATE TABLE d (id INT, v VARCHAR(10)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 "
        + "PROPERTIES (\"replication_num\" = \"1\")");
    try (DorisClient client = DorisClient.create(config)) {
      DorisTargetInspector i = new DorisTargetInspector(client);
      assertThat(i.keysType("tgt", "u")).contains(TargetInspector.KeysType.UNIQUE_KEYS);
      assertThat(i.keysType("tgt", "d")).contains(TargetInspector.KeysType.DUPLICATE_KEYS);
      assertThat(i.keysType("tgt", "nope")).isEmpty();
      assertThat(i.keysType("no_db", "nope")).isEmpty();
    }
  }
}
