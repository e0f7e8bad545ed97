package org.binlogload.canal;

import static org.assertj.core.api.Assertions.assertThat;

import com.alibaba.otter.canal.filter.CanalEventFilter;
import com.alibaba.otter.canal.parse.inbound.TableMeta;
import com.alibaba.otter.canal.parse.inbound.mysql.MysqlConnection;
import com.alibaba.otter.canal.parse.inbound.mysql.tsdb.DatabaseTableMeta;
import com.alibaba.otter.canal.protocol.position.EntryPosition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.binlogload.canal.internal.TableMetaFactory;
import org.binlogload.canal.internal.schema.SchemaHistory;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The first snapshot of the tracked tables is taken inside start(), so a DDL issued right after it is read in order. */
@ExtendWith(MariaDbExtension.class)
class FirstSnapshotTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void aDdlRightAfterStartIsReadAsALaterDdlNotAConflict(TestDatabase db, @TempDir Path dir) throws Exception {
    db.execute("CREATE TABLE g_t (id INT PRIMARY KEY, a VARCHAR(10))", "INSERT INTO g_t VALUES (1, 'one')");
    CountDownLatch ddlDone = new CountDownLatch(1);
    Thread caller = Thread.currentThread();
    // Canal's parser may connect before or after the DDL; hold its rollback until the DDL is in, the worst case.
    TableMetaFactory late = (store, connection) -> new LateHistory(new SchemaHistory(store, connection.destination()),
        caller, ddlDone);
    try (EmbeddedCanal canal = Readers.builder(db, dir).tableMetaFactory(late).build()) {
      canal.start();
      db.execute("INSERT INTO g_t VALUES (2, 'two')",
          "ALTER TABLE g_t ADD COLUMN z BIGINT FIRST",
          "INSERT INTO g_t VALUES (300, 3, 'three')",
          "ALTER TABLE g_t ADD COLUMN w INT",
          "INSERT INTO g_t VALUES (400, 4, 'four', 44)");
      ddlDone.countDown();
      List<ChangeEvent> events = Readers.drain(canal, WAIT, Readers.rowCount("g_t", 3));
      List<RowChange> rows = Readers.rows(events, "g_t");
      assertThat(rows).hasSize(3);
      assertRow(rows.get(0), List.of("id", "a"), 2L, "two");
      assertRow(rows.get(1), List.of("z", "id", "a"), 300L, 3L, "three");
      assertRow(rows.get(2), List.of("z", "id", "a", "w"), 400L, 4L, "four", 44L);
      List<DdlEvent> ddls = events.stream().filter(e -> e instanceof DdlEvent).map(e -> (DdlEvent) e).toList();
      assertThat(ddls).hasSize(2);
      assertThat(ddls.get(0).sql()).contains("ADD COLUMN z BIGINT FIRST");
      assertThat(ddls.get(1).sql()).contains("ADD COLUMN w INT");
      assertThat(events).containsSubsequence(rows.get(0), ddls.get(0), rows.get(1), ddls.get(1), rows.get(2));
    }
  }

  private static void assertRow(RowChange row, List<String> columns, Object... values) {
    assertThat(row.columns().stream().map(ColumnInfo::name).toList()).as("columns of " + row).isEqualTo(columns);
    assertThat(row.after()).as("values of " + row).containsExactly(values);
  }

  /** A schema history whose rollbacks on any thread but {@code caller} wait until {@code go} is released. */
  private static final class LateHistory extends DatabaseTableMeta {
    private final SchemaHistory history;
    private final Thread caller;
    private final CountDownLatch go;

    LateHistory(SchemaHistory history, Thread caller, CountDownLatch go) {
      this.history = history;
      this.caller = caller;
      this.go = go;
    }

    @Override
    public void setConnection(MysqlConnection connection) {
      history.setConnection(connection);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void setFilter(CanalEventFilter filter) {
      history.setFilter(filter);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void setBlackFilter(CanalEventFilter filter) {
      history.setBlackFilter(filter);
    }

    @Override
    public boolean init(String destination) {
      return history.init(destination);
    }

    @Override
    public void destory() {
      history.destory();
    }

    @Override
    public TableMeta find(String schema, String table) {
      return history.find(schema, table);
    }

    @Override
    public boolean apply(EntryPosition position, String schema, String ddl, String extra) {
      return history.apply(position, schema, ddl, extra);
    }

    @Override
    public boolean rollback(EntryPosition position) {
      if (Thread.currentThread() != caller) {
        try {
          go.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return history.rollback(position);
    }

    @Override
    public Map<String, String> snapshot() {
      return history.snapshot();
    }
  }
}
