package org.binlogload.canal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(MariaDbExtension.class)
class RowEventsTest {
  @Test
  void aRowImageWithoutEveryColumnStopsTheReader(TestDatabase db, @TempDir Path dir) {
    db.execute("CREATE TABLE m (id INT PRIMARY KEY, name VARCHAR(20), n BIGINT)", "INSERT INTO m VALUES (1, 'a', 10)");
    try (EmbeddedCanal canal = Readers.builder(db, dir).build()) {
      canal.start();
      db.execute("SET SESSION binlog_row_image = 'MINIMAL'", "UPDATE m SET n = 11 WHERE id = 1",
          "SET SESSION binlog_row_image = 'FULL'");
      assertThatThrownBy(() -> Readers.drain(canal, Duration.ofSeconds(30), e -> false))
          .isInstanceOfSatisfying(BinlogException.class, e -> {
            assertThat(e.reason()).isEqualTo(BinlogException.Reason.SCHEMA_MISMATCH);
            assertThat(e.fatal()).isTrue();
          })
          .hasMessageContaining("of " + db.schema() + ".m has 1 of 3 columns where the table has 3;"
              + " binlog_row_image must be FULL");
    }
  }

  @Test
  void insertUpdateDeleteInOneTransaction(TestDatabase db, @TempDir Path dir) {
    db.execute("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20), n BIGINT)");
    try (EmbeddedCanal canal = Readers.builder(db, dir).build()) {
      canal.start();
      db.transaction("INSERT INTO t VALUES (1, 'a', 10), (2, 'b', 20)", "UPDATE t SET name = 'c' WHERE id = 1",
          "DELETE FROM t WHERE id = 2");
      List<ChangeEvent> events = Readers.drain(canal, Duration.ofSeconds(30),
          e -> Readers.rows(e, "t").size() == 4 && e.get(e.size() - 1) instanceof TransactionEnd);
      List<RowChange> rows = Readers.rows(events, "t");
      assertThat(rows).hasSize(4);
      assertThat(rows.get(0).kind()).isEqualTo(RowChange.Kind.INSERT);
      assertThat(rows.get(0).after()).containsExactly(1L, "a", 10L);
      assertThat(rows.get(0).columns().stream().filter(ColumnInfo::key).map(ColumnInfo::name)).containsExactly("id");
      assertThat(rows.get(1).after()).containsExactly(2L, "b", 20L);
      assertThat(rows.get(1).position().rowIndex()).isEqualTo(1);
      assertThat(rows.get(2).kind()).isEqualTo(RowChange.Kind.UPDATE);
      assertThat(rows.get(2).before()).containsExactly(1L, "a", 10L);
      assertThat(rows.get(2).after()).containsExactly(1L, "c", 10L);
      assertThat(rows.get(3).kind()).isEqualTo(RowChange.Kind.DELETE);
      assertThat(rows.get(3).before()).containsExactly(2L, "b", 20L);
      assertThat(rows.get(3).after()).isNull();
      assertThat(events.get(events.size() - 1)).isInstanceOf(TransactionEnd.class);
      assertThat(((TransactionEnd) events.get(events.size() - 1)).xid()).isNotNull();
      assertThat(canal.position()).isEqualTo(events.get(events.size() - 1).position());
    }
  }
}
