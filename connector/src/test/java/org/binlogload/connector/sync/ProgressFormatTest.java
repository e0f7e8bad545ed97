package org.binlogload.connector.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.binlogload.connector.Fixtures.bytes;
import static org.binlogload.connector.Fixtures.format;
import static org.binlogload.connector.Fixtures.text;

import java.util.List;
import org.binlogload.canal.BinlogPosition;
import org.junit.jupiter.api.Test;

/**
 * The stored progress keeps its format: the fixtures under {@code formats/} were written before the codec moved to
 * data binding; they must load with every field, and writing the same progress must give the same bytes.
 */
class ProgressFormatTest {
  static Progress committed() {
    return Progress.initial().withSchema(3, BinlogPosition.row("mysql-bin.000004", 1234, 2).withGtidSet("0-1-77")
        .withTimestamp(1700000000123L));
  }

  static Progress inRound() {
    Progress.Round round = new Progress.Round(BinlogPosition.of("mysql-bin.000005", 99), false, List.of(
        new Progress.Load("sales", "orders", "bl_sales_j_1_orders", -1),
        new Progress.Load("sales", "\u8ba2\u5355", "bl_sales_j_1_x", 4711)));
    return Progress.initial().withCommitted(BinlogPosition.of("mysql-bin.000004", 4)).withRound(round);
  }

  static Progress decidedWithDdl() {
    Progress.Round round = new Progress.Round(BinlogPosition.row("mysql-bin.000005", 120, 0), true, List.of(
        new Progress.Load("d", "t", "l", 8)));
    return committed().withRound(round)
        .withDdl(new Progress.DdlProgress(BinlogPosition.of("mysql-bin.000005", 300), 2, 3));
  }

  @Test
  void progressWrittenBeforeLoads() {
    Progress initial = Progress.fromBytes(format("progress-initial-v1.json"));
    assertThat(initial.committed()).isNull();
    assertThat(initial.schemaVersion()).isZero();
    assertThat(initial.round()).isNull();
    assertThat(initial.ddl()).isNull();

    Progress c = Progress.fromBytes(format("progress-committed-v1.json"));
    assertThat(c.committed()).isEqualTo(BinlogPosition.row("mysql-bin.000004", 1234, 2));
    assertThat(c.committed().gtidSet()).isEqualTo("0-1-77");
    assertThat(c.committed().timestampMillis()).isEqualTo(1700000000123L);
    assertThat(c.schemaVersion()).isEqualTo(3);
    assertThat(c.round()).isNull();

    Progress r = Progress.fromBytes(format("progress-round-v1.json"));
    assertThat(r.committed()).isEqualTo(BinlogPosition.of("mysql-bin.000004", 4));
    assertThat(r.committed().gtidSet()).isNull();
    assertThat(r.committed().timestampMillis()).isZero();
    assertThat(r.round()).isEqualTo(inRound().round());

    Progress d = Progress.fromBytes(format("progress-ddl-v1.json"));
    assertThat(d.round()).isEqualTo(decidedWithDdl().round());
    assertThat(d.round().decided()).isTrue();
    assertThat(d.ddl()).isEqualTo(new Progress.DdlProgress(BinlogPosition.of("mysql-bin.000005", 300), 2, 3));
    assertThat(d.schemaVersion()).isEqualTo(3);
  }

  @Test
  void progressIsWrittenAsBefore() {
    assertThat(text(Progress.initial().toBytes())).isEqualTo(text(format("progress-initial-v1.json")));
    assertThat(text(committed().toBytes())).isEqualTo(text(format("progress-committed-v1.json")));
    assertThat(text(inRound().toBytes())).isEqualTo(text(format("progress-round-v1.json")));
    assertThat(text(decidedWithDdl().toBytes())).isEqualTo(text(format("progress-ddl-v1.json")));
  }

  static Progress withFloors() {
    return committed().withFloors(Floors.of(java.util.Map.of("shop.orders", BinlogPosition.of("mysql-bin.000004", 900)),
        java.util.Set.of("shop.items"), BinlogPosition.row("mysql-bin.000004", 1234, 2)));
  }

  @Test
  void floorsAndARewindAreFormat2AndLoad() {
    Progress rewinding = withFloors().withRewind(BinlogPosition.of("mysql-bin.000004", 901));
    assertThat(text(rewinding.toBytes())).isEqualTo(text(format("progress-floors-v2.json")));
    Progress p = Progress.fromBytes(format("progress-floors-v2.json"));
    assertThat(p.floors()).isEqualTo(withFloors().floors());
    assertThat(p.rewind()).isEqualTo(BinlogPosition.of("mysql-bin.000004", 901));
    assertThat(p.committed()).isEqualTo(committed().committed());
    assertThat(text(p.withoutRewind().withFloors(Floors.NONE).toBytes()))
        .isEqualTo(text(format("progress-committed-v1.json")));
  }

  @Test
  void missingOptionalFieldsTakeTheirDefaults() {
    Progress p = Progress.fromBytes(bytes("{\"formatVersion\":1,\"round\":{\"end\":\"f.000001:4\",\"loads\":"
        + "[{\"db\":\"d\",\"table\":\"t\",\"label\":\"l\"}]},\"ddl\":{\"position\":\"f.000001:9\"}}"));
    assertThat(p.schemaVersion()).isZero();
    assertThat(p.round().decided()).isFalse();
    assertThat(p.round().loads().get(0).txnId()).isEqualTo(-1);
    assertThat(p.ddl().done()).isZero();
    assertThat(p.ddl().attempting()).isEqualTo(-1);
  }

  @Test
  void otherVersionsAndBrokenJsonAreRefused() {
    assertThatThrownBy(() -> Progress.fromBytes(bytes("{\"formatVersion\":3}")))
        .hasMessage("stored progress has formatVersion 3; this version reads 1 and 2");
    assertThatThrownBy(() -> Progress.fromBytes(bytes("{}")))
        .hasMessage("stored progress has formatVersion -1; this version reads 1 and 2");
    assertThatThrownBy(() -> Progress.fromBytes(bytes("{nope")))
        .hasMessage("stored progress is not JSON: {nope");
  }
}
