package org.binlogload.connector.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.ColumnInfo;
import org.binlogload.canal.RowChange;
import org.binlogload.connector.load.LoadRow;
import org.junit.jupiter.api.Test;

class ChannelTest {
  private static final List<ColumnInfo> COLUMNS = List.of(ColumnInfo.of("id", true), ColumnInfo.of("v", false));

  private static BinlogPosition at(String file, long offset, int row) {
    return BinlogPosition.row(file, offset, row);
  }

  private static List<Object> ids(List<LoadRow> rows) {
    return rows.stream().map(r -> r.value(0)).toList();
  }

  @Test
  void rowsThroughAnEndAreTheBufferedPrefixUpToIt() {
    Channel c = new Channel("s", "t", "d", "t", List.of());
    c.add(RowChange.insert("s", "t", COLUMNS, List.of(1L, "a"), at("mysql-bin.000001", 100, 0)));
    c.add(RowChange.insert("s", "t", COLUMNS, List.of(2L, "b"), at("mysql-bin.000001", 100, 1)));
    // a key update: the old key's delete and the new key's upsert share one position
    c.add(RowChange.update("s", "t", COLUMNS, List.of(2L, "b"), List.of(3L, "b"), at("mysql-bin.000001", 200, 0)));
    c.add(RowChange.insert("s", "t", COLUMNS, List.of(4L, "d"), at("mysql-bin.000002", 4, 0)));

    assertThat(ids(c.rowsThrough(at("mysql-bin.000001", 50, 0)))).isEmpty();
    assertThat(ids(c.rowsThrough(at("mysql-bin.000001", 100, 0)))).containsExactly(1L);
    assertThat(ids(c.rowsThrough(at("mysql-bin.000001", 200, 0)))).containsExactly(1L, 2L, 2L, 3L);
    assertThat(ids(c.rowsThrough(at("mysql-bin.000001", 900, 0)))).containsExactly(1L, 2L, 2L, 3L);
    assertThat(ids(c.rowsThrough(at("mysql-bin.000002", 4, 0)))).containsExactly(1L, 2L, 2L, 3L, 4L);
    assertThat(c.hasRowsThrough(at("mysql-bin.000001", 100, 0))).isTrue();
    assertThat(c.hasRowsThrough(at("mysql-bin.000001", 99, 0))).isFalse();
  }

  @Test
  void committedDropsAndCountsOnlyTheRowsThroughItsEnd() {
    Channel c = new Channel("s", "t", "d", "t", List.of());
    c.add(RowChange.insert("s", "t", COLUMNS, List.of(1L, "a"), at("mysql-bin.000001", 100, 0)));
    c.add(RowChange.insert("s", "t", COLUMNS, List.of(2L, "b"), at("mysql-bin.000001", 100, 1)));
    c.add(RowChange.insert("s", "t", COLUMNS, List.of(3L, "c"), at("mysql-bin.000001", 300, 0)));
    long all = c.bufferedBytes();
    long first = c.rowsThrough(at("mysql-bin.000001", 100, 1)).stream().mapToLong(LoadRow::estimatedBytes).sum();

    c.committed(at("mysql-bin.000001", 100, 1), "label-1");

    assertThat(ids(c.rowsThrough(at("mysql-bin.000009", 4, 0)))).containsExactly(3L);
    assertThat(c.bufferedBytes()).isEqualTo(all - first);
    assertThat(c.status().rows()).isEqualTo(2);
    assertThat(c.status().bytes()).isEqualTo(first);
    assertThat(c.status().loads()).isEqualTo(1);
  }
}
