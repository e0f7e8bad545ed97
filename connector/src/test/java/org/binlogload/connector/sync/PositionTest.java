package org.binlogload.connector.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.binlogload.canal.BinlogPosition;
import org.junit.jupiter.api.Test;

/** Binlog positions as the engine persists them (their order and sequence: embedded-canal's PositionsTest). */
class PositionTest {
  @Test
  void progressRoundTripsWithItsFormatVersion() {
    Progress p = Progress.initial()
        .withCommitted(BinlogPosition.row("f.000001", 10, 2).withGtidSet("0-1-5").withTimestamp(77))
        .withRound(new Progress.Round(BinlogPosition.of("f.000001", 99), true,
            java.util.List.of(new Progress.Load("d", "t", "l1", 42))));
    Progress q = Progress.fromBytes(p.toBytes());
    assertThat(q.committed()).isEqualTo(p.committed());
    assertThat(q.committed().gtidSet()).isEqualTo("0-1-5");
    assertThat(q.round()).isEqualTo(p.round());
    assertThat(new String(p.toBytes())).contains("\"formatVersion\":1");
    assertThatThrownBy(() -> Progress.fromBytes("{\"formatVersion\":9}".getBytes()))
        .hasMessageContaining("formatVersion 9");
  }
}
