package org.binlogload.connector.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.binlogload.connector.Fixtures.bytes;
import static org.binlogload.connector.Fixtures.format;
import static org.binlogload.connector.Fixtures.text;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The persisted job formats stay as they are: the fixtures under {@code formats/} were written by the codec before it
 * moved to data binding; they must load, and writing the same values must give the same bytes.
 */
class JobCodecFormatTest {
  static JobDefinition full() {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("sync_commit_interval_second", "5");
    props.put("ring_entries", "32768");
    props.put("min_sync_commit_size", "100");
    props.put("replication_num", "1");
    props.put("tinyint1_as_boolean", "true");
    return JobDefinition.builder().database("sales").name("orders_job")
        .addChannel(ChannelSpec.table("shop", "orders", "sales", "orders_d", List.of("id", "amount")))
        .addChannel(ChannelSpec.table("shop", "items", "sales", "items", List.of()))
        .addChannel(ChannelSpec.wholeDatabase("crm", "crm_d"))
        .source(SourceSpec.builder().host("db1").port(3306).user("repl").password("s3cr\"et\\x").serverId(5001)
            .startPosition("mysql-bin.000003:4").build())
        .properties(props).commitPolicy(CommitPolicy.builder().intervalSeconds(5).ringEntries(32768)
            .minCommitSize(100).build())
        .build();
  }

  /** {@link #full()} with the channels format 2 added: INCLUDE/EXCLUDE and a schema pattern. */
  static JobDefinition fullV2() {
    return full().toBuilder()
        .addChannel(ChannelSpec.wholeDatabase("shop", "shop_d", TableFilter.of(List.of(NamePattern.glob("orders"),
            NamePattern.glob("order_*")), List.of(NamePattern.glob("audit_log"), NamePattern.regexp("tmp_[0-9]+")))))
        .addChannel(ChannelSpec.wholeDatabase("tenant_*", "dw_${db}",
            TableFilter.of(List.of(), List.of(NamePattern.glob("tmp_*")))))
        .build();
  }

  static JobDefinition plain() {
    return JobDefinition.builder().database("d").name("j")
        .addChannel(ChannelSpec.table("s", "\u8ba2\u5355", "d", "\u8ba2\u5355", List.of()))
        .source(SourceSpec.builder().host("127.0.0.1").port(3307).user("u").password("").startPosition("latest")
            .build())
        .build();
  }

  static JobRecord paused() {
    return JobRecord.of(JobState.PAUSED, "binlog_format is STATEMENT on \"h\": \u00e9", 1700000000000L,
        1700000001000L, 1700000002000L, JobRecord.NONE);
  }

  @Test
  void definitionsWrittenBeforeLoad() {
    assertThat(JobCodec.readDefinition("k", format("job-definition-full-v1.json"))).isEqualTo(full());
    assertThat(JobCodec.readId("k", format("job-definition-full-v1.json"))).isEqualTo(12);
    assertThat(JobCodec.readDefinition("k", format("job-definition-plain-v1.json"))).isEqualTo(plain());
    assertThat(JobCodec.readId("k", format("job-definition-plain-v1.json"))).isEqualTo(3);
    // a job saved before "initial" became the statement's default keeps the start it was saved with: no snapshot
    assertThat(JobCodec.readDefinition("k", format("job-definition-plain-v1.json")).source().snapshots()).isFalse();
  }

  @Test
  void definitionsAreWrittenAsBefore() {
    assertThat(text(JobCodec.writeDefinition(12, fullV2()))).isEqualTo(text(format("job-definition-full-v2.json")));
    assertThat(JobCodec.readDefinition("k", format("job-definition-full-v2.json"))).isEqualTo(fullV2());
    // format 2 writes a definition without the new fields as format 1 did, but for its version
    assertThat(text(JobCodec.writeDefinition(12, full()))).isEqualTo(text(format("job-definition-full-v1.json"))
        .replace("\"formatVersion\" : 1", "\"formatVersion\" : 2"));
    assertThat(text(JobCodec.writeDefinition(3, plain()))).isEqualTo(text(format("job-definition-plain-v1.json"))
        .replace("\"formatVersion\" : 1", "\"formatVersion\" : 2"));
  }

  @Test
  void recordsAndCounterWrittenBeforeLoadAndAreWrittenAsBefore() {
    assertThat(JobCodec.readRecord("k", format("job-record-paused-v1.json"))).isEqualTo(paused());
    assertThat(JobCodec.readRecord("k", format("job-record-created-v1.json"))).isEqualTo(JobRecord.created(42));
    assertThat(JobCodec.readCounter("k", format("job-counter-v1.json"))).isEqualTo(7);
    assertThat(text(JobCodec.writeRecord(paused()))).isEqualTo(text(format("job-record-paused-v1.json")));
    assertThat(text(JobCodec.writeRecord(JobRecord.created(42))))
        .isEqualTo(text(format("job-record-created-v1.json")));
    assertThat(text(JobCodec.writeCounter(7))).isEqualTo(text(format("job-counter-v1.json")));
  }

  @Test
  void unknownVersionsMissingFieldsAndBrokenJsonAreRefusedByName() {
    String def = text(format("job-definition-plain-v1.json"));
    assertThatThrownBy(() -> JobCodec.readDefinition("jobs/3/definition", bytes(def.replace("\"formatVersion\" : 1",
        "\"formatVersion\" : 9")))).hasMessage("jobs/3/definition has format version 9; this build reads 1..2: use "
        + "a newer binlog-load");
    assertThatThrownBy(() -> JobCodec.readDefinition("jobs/3/definition", bytes(def.replace("\"host\"", "\"hst\""))))
        .hasMessage("jobs/3/definition misses field host");
    String v2 = text(format("job-definition-full-v2.json"));
    assertThatThrownBy(() -> JobCodec.readDefinition("jobs/12/definition", bytes(v2.replace("\"regexp\" : \"tmp_",
        "\"glob\" : \"x\", \"regexp\" : \"tmp_")))).hasMessage("jobs/12/definition has a table pattern with both of "
        + "glob and regexp");
    assertThatThrownBy(() -> JobCodec.readRecord("jobs/3/record", bytes("{\"formatVersion\": 2}")))
        .hasMessage("jobs/3/record has format version 2; this build reads 1..1: use a newer binlog-load");
    assertThatThrownBy(() -> JobCodec.readRecord("jobs/3/record", bytes("{\"formatVersion\": 1}")))
        .hasMessage("jobs/3/record misses field state");
    assertThatThrownBy(() -> JobCodec.readCounter("jobs/counter", bytes("{nope")))
        .hasMessageStartingWith("jobs/counter is not valid JSON: ");
    assertThat(JobCodec.readCounter("jobs/counter", bytes("{\"formatVersion\": 1}"))).isEqualTo(1);
    assertThat(JobCodec.readId("k", bytes("{\"formatVersion\": 1}"))).isEqualTo(-1);
  }
}
