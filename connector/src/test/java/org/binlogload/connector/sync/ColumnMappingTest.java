package org.binlogload.connector.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.ColumnInfo;
import org.binlogload.connector.load.LoadRow;
import org.junit.jupiter.api.Test;

class ColumnMappingTest {
  private static final List<ColumnInfo> SOURCE = List.of(ColumnInfo.of("id", true), ColumnInfo.of("a", false),
      ColumnInfo.of("b", false));
  private static final BinlogPosition AT = BinlogPosition.row("mysql-bin.000001", 4, 0);

  private static List<Object> values(LoadRow r) {
    Object[] v = new Object[r.columns().size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.value(i);
    }
    return Arrays.asList(v);
  }

  @Test
  void byNameTakesEveryColumnInSourceOrderUnderItsDorisName() {
    ColumnMapping m = ColumnMapping.of(SOURCE, List.of(), c -> c.equals("a") ? "a_" : c);
    LoadRow r = m.row(Arrays.asList(1L, "x", null), false, 7, AT);
    assertThat(r.columns().names()).containsExactly("id", "a_", "b");
    assertThat(values(r)).containsExactly(1L, "x", null);
    assertThat(r.sequence()).isEqualTo(7);
    assertThat(r.position()).isEqualTo(AT);
    assertThat(m.row(Arrays.asList(2L, "y", 3), true, 8, AT).columns()).isSameAs(r.columns());
  }

  @Test
  void aListKeepsOnlyItsColumnsThatExistInItsOrder() {
    ColumnMapping m = ColumnMapping.of(SOURCE, List.of("b", "gone", "id"), UnaryOperator.identity());
    LoadRow r = m.row(Arrays.asList(1L, "x", 2), false, 1, AT);
    assertThat(r.columns().names()).containsExactly("b", "id");
    assertThat(values(r)).containsExactly(2, 1L);
  }

  @Test
  void aDorisNameMetTwiceKeepsItsFirstPlaceAndItsLastValue() {
    ColumnMapping m = ColumnMapping.of(SOURCE, List.of(), c -> c.equals("id") ? "id" : "same");
    LoadRow r = m.row(Arrays.asList(1L, "first", "last"), false, 1, AT);
    assertThat(r.columns().names()).containsExactly("id", "same");
    assertThat(values(r)).containsExactly(1L, "last");
  }

  @Test
  void onlyAKeyColumnChangeChangesTheKey() {
    ColumnMapping m = ColumnMapping.of(SOURCE, List.of(), UnaryOperator.identity());
    assertThat(m.changesKey(Arrays.asList(1L, "x", 1), Arrays.asList(1L, "y", 2))).isFalse();
    assertThat(m.changesKey(Arrays.asList(1L, "x", 1), Arrays.asList(2L, "x", 1))).isTrue();
    assertThat(m.changesKey(Arrays.asList(new byte[] {1}, "x", 1), Arrays.asList(new byte[] {1}, "x", 1))).isFalse();
  }
}
