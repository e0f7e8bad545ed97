package org.binlogload.connector.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.connector.Fixtures;
import org.junit.jupiter.api.Test;

/** Schema snapshots written by earlier builds load, and the same values write the same bytes. */
class SchemaSnapshotTest {
  @Test
  void aFullSnapshotLoadsAndWritesByteForByte() {
    byte[] old = Fixtures.format("schema-snapshot-full-v1.json");
    SchemaSnapshot s = SchemaSnapshot.fromBytes(old, "ddb.j");
    Map<String, String> tables = new LinkedHashMap<>();
    tables.put("shop.orders", "ddb.orders");
    tables.put("shop.訂單", "ddb.orders_cn");
    assertThat(s.bindings().tables()).containsExactlyEntriesOf(tables);
    assertThat(s.bindings().databases()).containsExactlyEntriesOf(Map.of("shop", "ddb"));
    assertThat(s.notSynced()).containsOnlyKeys("shop.bad");
    assertThat(new String(s.planner(), StandardCharsets.UTF_8)).isEqualTo("{\"v\":1}");
    assertThat(s.definitionsAt()).isEqualTo(BinlogPosition.of("mysql-bin.000003", 4));
    assertThat(s.toBytes()).isEqualTo(old);
  }

  @Test
  void aSnapshotWrittenBeforeTheOptionalFieldsLoads() {
    SchemaSnapshot s = SchemaSnapshot.fromBytes(Fixtures.format("schema-snapshot-early-v1.json"), "ddb.j");
    assertThat(s.notSynced()).isEmpty();
    assertThat(s.definitionsAt()).isNull();
    assertThat(s.bindings().tables()).containsOnlyKeys("shop.orders");
  }

  @Test
  void anotherFormatVersionOrNotJsonIsRefusedByName() {
    assertThatThrownBy(() -> SchemaSnapshot.fromBytes(Fixtures.bytes("{\"formatVersion\":2}"), "ddb.j"))
        .hasMessage("job ddb.j: schema snapshot has formatVersion 2; this version reads 1");
    assertThatThrownBy(() -> SchemaSnapshot.fromBytes(Fixtures.bytes("nope"), "ddb.j"))
        .hasMessage("job ddb.j: schema snapshot is not JSON");
  }
}
