package org.binlogload.connector.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PositionTest {
  @Test
  void ordersByFileNumberThenOffsetThenRowIndex() {
    Position a = Position.of("mysql-bin.000009", 900);
    Position b = Position.row("mysql-bin.000010", 4, 0);
    Position c = Position.row("mysql-bin.000010", 4, 1);
    Position d = Position.of("mysql-bin.000010", 5);
    assertThat(a).isLessThan(b);
    assertThat(b).isLessThan(c);
    assertThat(c).isLessThan(d);
    assertThat(Position.of("mysql-bin.000010", 4)).isLessThan(b);
    assertThat(a.sequence()).isLessThan(b.sequence());
    assertThat(b.sequence()).isLessThan(c.sequence());
    assertThat(c.sequence()).isLessThan(d.sequence());
  }

  @Test
  void parsesWhatItPrints() {
    assertThat(Position.parse("mysql-bin.000003:1234#5")).isEqualTo(Position.row("mysql-bin.000003", 1234, 5));
    assertThat(Position.parse("mysql-bin.000003:1234").toString()).isEqualTo("mysql-bin.000003:1234");
    assertThatThrownBy(() -> Position.parse("nope")).hasMessage("position 'nope' is not file:offset[#row]");
  }

  @Test
  void progressRoundTripsWithItsFormatVersion() {
    Progress p = Progress.initial().withCommitted(Position.row("f.000001", 10, 2).withGtid("0-1-5").withTimestamp(77))
        .withRound(new Progress.Round(Position.of("f.000001", 99), true,
            java.util.List.of(new Progress.Load("d", "t", "l1", 42))));
    Progress q = Progress.fromBytes(p.toBytes());
    assertThat(q.committed()).isEqualTo(p.committed());
    assertThat(q.committed().gtid()).isEqualTo("0-1-5");
    assertThat(q.round()).isEqualTo(p.round());
    assertThat(new String(p.toBytes())).contains("\"formatVersion\":1");
    assertThatThrownBy(() -> Progress.fromBytes("{\"formatVersion\":9}".getBytes()))
        .hasMessageContaining("formatVersion 9");
  }
}
