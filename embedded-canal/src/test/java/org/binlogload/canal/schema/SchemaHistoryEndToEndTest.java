package org.binlogload.canal.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.binlogload.canal.Batch;
import org.binlogload.canal.BinlogException;
import org.binlogload.canal.ChangeEvent;
import org.binlogload.canal.ColumnInfo;
import org.binlogload.canal.DdlEvent;
import org.binlogload.canal.DurableStore;
import org.binlogload.canal.EmbeddedCanal;
import org.binlogload.canal.RowChange;
import org.binlogload.canal.StartPosition;
import org.binlogload.canal.UndecodableRows;
import org.binlogload.canal.internal.schema.HistoryCodec;
import org.binlogload.canal.internal.schema.HistoryRecord;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Tables altered while the reader is stopped and behind: every row is decoded with the definition it was written in. */
@ExtendWith(MariaDbExtension.class)
class SchemaHistoryEndToEndTest {
  private static final AtomicInteger IDS = new AtomicInteger((int) (ProcessHandle.current().pid() % 10000) * 100
      + 500_000);
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void addFirstDropAndRenameWhileStoppedDecodeOldRowsWithTheOldSchema(TestDatabase db, @TempDir Path dir) {
    db.execute("CREATE TABLE a_t (id INT PRIMARY KEY, a VARCHAR(10), b INT)");
    try (EmbeddedCanal canal = reader(db, dir, "a_")) {
      canal.start();
      db.execute("INSERT INTO a_t VALUES (1, 'one', 10)");
      List<RowChange> rows = rows(drain(canal, e -> rows(e).size() >= 1));
      assertThat(rows.get(0).after()).containsExactly(1L, "one", 10L);
    }
    db.execute("INSERT INTO a_t VALUES (2, 'two', 20)",
        "ALTER TABLE a_t ADD COLUMN z BIGINT FIRST",
        "INSERT INTO a_t VALUES (300, 3, 'three', 30)",
        "ALTER TABLE a_t DROP COLUMN b",
        "INSERT INTO a_t VALUES (400, 4, 'four')",
        "RENAME TABLE a_t TO a_u",
        "INSERT INTO a_u VALUES (500, 5, 'five')");
    try (EmbeddedCanal canal = reader(db, dir, "a_")) {
      canal.start();
      List<ChangeEvent> events = drain(canal, e -> rows(e).size() >= 4);
      List<RowChange> rows = rows(events);
      assertThat(rows).hasSize(4);
      assertRow(rows.get(0), "a_t", List.of("id", "a", "b"), 2L, "two", 20L);
      assertRow(rows.get(1), "a_t", List.of("z", "id", "a", "b"), 300L, 3L, "three", 30L);
      assertRow(rows.get(2), "a_t", List.of("z", "id", "a"), 400L, 4L, "four");
      assertRow(rows.get(3), "a_u", List.of("z", "id", "a"), 500L, 5L, "five");
      assertThat(events.stream().filter(e -> e instanceof DdlEvent).count()).isEqualTo(3);
    }
  }

  @Test
  void aDdlDruidCannotParseIsRecoveredWhenNoLaterChangeOfTheTableExists(TestDatabase db, @TempDir Path dir) {
    db.execute("CREATE TABLE b_t (id INT PRIMARY KEY, a VARCHAR(10))");
    try (EmbeddedCanal canal = reader(db, dir, "b_")) {
      canal.start();
      db.execute("INSERT INTO b_t VALUES (1, 'one')");
      drain(canal, e -> rows(e).size() >= 1);
    }
    db.execute("INSERT INTO b_t VALUES (2, 'two')",
        "ALTER TABLE b_t ADD COLUMN IF NOT EXISTS c INT FIRST",
        "INSERT INTO b_t VALUES (30, 3, 'three')");
    try (EmbeddedCanal canal = reader(db, dir, "b_")) {
      canal.start();
      List<RowChange> rows = rows(drain(canal, e -> rows(e).size() >= 2));
      assertRow(rows.get(0), "b_t", List.of("id", "a"), 2L, "two");
      assertRow(rows.get(1), "b_t", List.of("c", "id", "a"), 30L, 3L, "three");
    }
  }

  @Test
  void aDdlDruidCannotParseFollowedByAnotherChangeStopsNamingTheStatement(TestDatabase db, @TempDir Path dir) {
    db.execute("CREATE TABLE c_t (id INT PRIMARY KEY, a VARCHAR(10))");
    try (EmbeddedCanal canal = reader(db, dir, "c_")) {
      canal.start();
      db.execute("INSERT INTO c_t VALUES (1, 'one')");
      drain(canal, e -> rows(e).size() >= 1);
    }
    String unparsable = "ALTER TABLE c_t ADD COLUMN IF NOT EXISTS c INT FIRST";
    db.execute(unparsable, "INSERT INTO c_t VALUES (30, 3, 'three')", "ALTER TABLE c_t ADD COLUMN d INT",
        "INSERT INTO c_t VALUES (40, 4, 'four', 44)");
    try (EmbeddedCanal canal = reader(db, dir, "c_")) {
      canal.start();
      BinlogException e = failure(canal);
      assertThat(e.reason()).isEqualTo(BinlogException.Reason.UNPARSABLE_DDL);
      assertThat(e.fatal()).isTrue();
      assertThat(e.getMessage()).contains(unparsable).contains("ADD COLUMN d INT").contains("mysql-bin.");
    }
  }

  @Test
  void columnNamesInTheBinlogThatDifferFromTheTrackedOnesStop(TestDatabase db, @TempDir Path dir) {
    db.execute("CREATE TABLE d_t (id INT PRIMARY KEY, a INT, b INT)");
    try (EmbeddedCanal canal = reader(db, dir, "d_")) {
      canal.start();
      db.execute("INSERT INTO d_t VALUES (1, 2, 3)");
      drain(canal, e -> rows(e).size() >= 1);
    }
    // A history that went wrong: it says the columns are (id, b, a).
    DurableStore store = DurableStore.directory(dir);
    String key = "schema-history/" + name(dir);
    List<HistoryRecord> records = new ArrayList<>();
    for (HistoryRecord r : HistoryCodec.decode(store.get(key).orElseThrow(), key)) {
      if (r instanceof HistoryRecord.Snapshot s) {
        List<HistoryRecord.TableDefinition> tables = new ArrayList<>();
        for (HistoryRecord.TableDefinition t : s.tables()) {
          tables.add(t.name().table().equals("d_t")
              ? new HistoryRecord.TableDefinition(t.name(), "CREATE TABLE d_t (id INT PRIMARY KEY, b INT, a INT)", null)
              : t);
        }
        r = new HistoryRecord.Snapshot(s.position(), tables);
      }
      records.add(r);
    }
    store.put(key, HistoryCodec.encode(records));
    db.execute("INSERT INTO d_t VALUES (4, 5, 6)");
    try (EmbeddedCanal canal = reader(db, dir, "d_")) {
      canal.start();
      BinlogException e = failure(canal);
      assertThat(e.reason()).isEqualTo(BinlogException.Reason.SCHEMA_MISMATCH);
      assertThat(e.getMessage()).contains("`" + db.schema() + "`.`d_t`").contains("tracked columns [id, b, a]")
          .contains("binlog columns [id, a, b]").contains("mysql-bin.");
    }
  }

  @Test
  void createOrReplaceWhileStoppedIsRecoveredAndARestartWithoutDdlKeepsTheHistory(TestDatabase db,
      @TempDir Path dir) {
    db.execute("CREATE TABLE e_t (id INT PRIMARY KEY, a VARCHAR(10))");
    try (EmbeddedCanal canal = reader(db, dir, "e_")) {
      canal.start();
      db.execute("INSERT INTO e_t VALUES (1, 'one')");
      drain(canal, e -> rows(e).size() >= 1);
    }
    DurableStore store = DurableStore.directory(dir);
    String key = "schema-history/" + name(dir);
    int before = HistoryCodec.decode(store.get(key).orElseThrow(), key).size();
    db.execute("INSERT INTO e_t VALUES (2, 'two')",
        "CREATE OR REPLACE TABLE e_t (k BIGINT PRIMARY KEY, note TEXT, id INT)",
        "INSERT INTO e_t VALUES (30, 'thirty', 3)");
    try (EmbeddedCanal canal = reader(db, dir, "e_")) {
      canal.start();
      List<RowChange> rows = rows(drain(canal, e -> rows(e).size() >= 2));
      assertRow(rows.get(0), "e_t", List.of("id", "a"), 2L, "two");
      assertRow(rows.get(1), "e_t", List.of("k", "note", "id"), 30L, "thirty", 3L);
    }
    List<HistoryRecord> records = HistoryCodec.decode(store.get(key).orElseThrow(), key);
    assertThat(records).hasSize(before + 1);
    assertThat(records.get(records.size() - 1)).isInstanceOfSatisfying(HistoryRecord.Define.class,
        d -> assertThat(d.cause()).contains("CREATE OR REPLACE TABLE e_t"));
    // A restart with no DDL in between reuses the history as it is: no new snapshot, nothing re-read from the server.
    db.execute("INSERT INTO e_t VALUES (40, 'forty', 4)");
    try (EmbeddedCanal canal = reader(db, dir, "e_")) {
      canal.start();
      List<RowChange> rows = rows(drain(canal, e -> rows(e).size() >= 1));
      assertRow(rows.get(0), "e_t", List.of("k", "note", "id"), 40L, "forty", 4L);
    }
    assertThat(HistoryCodec.decode(store.get(key).orElseThrow(), key)).isEqualTo(records);
  }

  @Test
  void startingBeforeAnAlterOfATableHandsItsEarlierRowsOnAsUndecodableInsteadOfGuessing(TestDatabase db,
      @TempDir Path dir) {
    db.execute("CREATE TABLE f_t (id INT PRIMARY KEY, a VARCHAR(10))");
    String[] start = db.masterStatus();
    db.execute("INSERT INTO f_t VALUES (1, 'one')", "ALTER TABLE f_t ADD COLUMN z INT FIRST",
        "INSERT INTO f_t VALUES (20, 2, 'two')");
    try (EmbeddedCanal canal = EmbeddedCanal.builder()
        .name(name(dir))
        .host(db.host())
        .port(db.port())
        .user(db.server().replUser())
        .password(db.server().replPassword())
        .serverId(IDS.incrementAndGet())
        .include(db.schema() + ".f_t")
        .dataDir(dir)
        .startPosition(StartPosition.at(start[0], Long.parseLong(start[1])))
        .build()) {
      canal.start();
      List<ChangeEvent> read = drain(canal, all -> !rows(all).isEmpty());
      // the first start reads the definitions at the binlog end instead of scanning the binlog from the start
      // position; the first row's table map shows they do not hold there: the reader hands the rows on as
      // undecodable, naming the change (a consumer that needs them stops with that), and reads on
      UndecodableRows u = read.stream().filter(UndecodableRows.class::isInstance).map(UndecodableRows.class::cast)
          .findFirst().orElseThrow(() -> new AssertionError("no undecodable rows in " + read));
      assertThat(u.table()).isEqualTo("f_t");
      assertThat(u.error().reason()).isEqualTo(BinlogException.Reason.SCHEMA_MISMATCH);
      assertThat(u.reason()).startsWith("rows of `" + db.schema() + "`.`f_t` at " + start[0] + ":")
          .contains("were written with another definition than the one the reader holds (the binlog has 2 columns "
              + "[id, a], the definition 3)")
          .contains("ahead of its start position, and the table changed before that, by the statement at ")
          .contains("ALTER TABLE f_t ADD COLUMN z INT FIRST; start the job again from a position after that change");
      assertThat(read.indexOf(u)).isLessThan(read.indexOf(rows(read).get(0)));
      assertThat(rows(read)).hasSize(1);
      assertRow(rows(read).get(0), "f_t", List.of("z", "id", "a"), 20L, 2L, "two");
    }
  }

  private static void assertRow(RowChange row, String table, List<String> columns, Object... values) {
    assertThat(row.table()).isEqualTo(table);
    assertThat(row.columns().stream().map(ColumnInfo::name).toList()).as("columns of " + row).isEqualTo(columns);
    assertThat(row.after()).as("values of " + row).containsExactly(values);
  }

  private static BinlogException failure(EmbeddedCanal canal) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        Batch b = canal.get(100, Duration.ofMillis(200));
        if (!b.isEmpty()) {
          for (ChangeEvent e : b.events()) {
            if (e instanceof RowChange r) {
              throw new AssertionError("a row was decoded although the schema is not known: " + r);
            }
          }
          canal.ack(b.id());
        }
      } catch (BinlogException e) {
        return e;
      }
    }
    throw new AssertionError("the reader did not stop within " + WAIT);
  }

  private static List<ChangeEvent> drain(EmbeddedCanal canal, Predicate<List<ChangeEvent>> done) {
    List<ChangeEvent> all = new ArrayList<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!done.test(all)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + WAIT + "; read " + all);
      }
      Batch b = canal.get(1000, Duration.ofMillis(200));
      if (!b.isEmpty()) {
        all.addAll(b.events());
        canal.ack(b.id());
      }
    }
    return all;
  }

  private static List<RowChange> rows(List<ChangeEvent> events) {
    List<RowChange> rows = new ArrayList<>();
    for (ChangeEvent e : events) {
      if (e instanceof RowChange r) {
        rows.add(r);
      }
    }
    return rows;
  }

  private static String name(Path dir) {
    return "sh" + Integer.toHexString(dir.toString().hashCode() & 0x7fffffff);
  }

  private static EmbeddedCanal reader(TestDatabase db, Path dir, String prefix) {
    return EmbeddedCanal.builder()
        .name(name(dir))
        .host(db.host())
        .port(db.port())
        .user(db.server().replUser())
        .password(db.server().replPassword())
        .serverId(IDS.incrementAndGet())
        .include(db.schema() + ".*")
        .dataDir(dir)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }
}
