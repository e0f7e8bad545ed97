package org.binlogload.connector.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.connector.load.LoadRow;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Watermarks, table inspection, chunk planning and chunk reading against the private MariaDB, as the repl user. */
@ExtendWith(MariaDbExtension.class)
class SnapshotSourceMariaDbTest {
  private static SourceConnections repl(TestDatabase db) {
    return new SourceConnections(db.host(), db.port(), db.server().replUser(), db.server().replPassword());
  }

  @Test
  void theWatermarkIsTheBinlogEndAndOrdersBelowTheNextRowEvent(TestDatabase db) throws SQLException {
    db.execute("CREATE TABLE w (id INT PRIMARY KEY)");
    try (Connection c = repl(db).open()) {
      Watermark before = WatermarkReader.read(c);
      String[] admin = db.masterStatus();
      assertThat(before.toString()).isEqualTo(admin[0] + ":" + admin[1]);
      db.execute("INSERT INTO w VALUES (1)");
      Watermark after = WatermarkReader.read(c);
      assertThat(after).isGreaterThan(before);
      // a row event starting exactly at the watermark already carries a larger sequence
      assertThat(BinlogPosition.row(before.file(), before.offset(), 0).sequence()).isGreaterThan(before.sequence());
      assertThat(BinlogPosition.row(before.file(), before.offset() - 1, 4094).sequence()).isLessThan(before.sequence());
      assertThat(Watermark.parse(after.toString())).isEqualTo(new Watermark(after.file(), after.offset(), null));
    }
  }

  @Test
  void aChunkReadsInASnapshotWhoseBinlogPositionIsItsWatermark(TestDatabase db) throws SQLException {
    db.execute("CREATE TABLE cs (id INT PRIMARY KEY)", "INSERT INTO cs VALUES (1)");
    try (Connection c = repl(db).open()) {
      Watermark low = WatermarkReader.startRead(c);
      String[] head = db.masterStatus();
      assertThat(low.toString()).isEqualTo(head[0] + ":" + head[1]);
      db.execute("INSERT INTO cs VALUES (2)"); // after the snapshot: above the watermark, invisible to the chunk
      SnapshotTable t = TableInspector.inspect(c, db.schema(), "cs");
      assertThat(readIds(c, t, List.of(new Chunk(t.qualifiedName(), 0, null, null)))).containsExactly(1L);
      assertThat(WatermarkReader.read(c)).isGreaterThan(low);
      WatermarkReader.endRead(c);
      assertThat(readIds(c, t, List.of(new Chunk(t.qualifiedName(), 0, null, null)))).containsExactly(1L, 2L);
    }
  }

  @Test
  void inspectionFindsThePrimaryKeyAUniqueNotNullKeyOrNone(TestDatabase db) throws SQLException {
    db.execute("CREATE TABLE pk (a INT, b VARCHAR(10), c BIGINT UNSIGNED, PRIMARY KEY (b, a))",
        "CREATE TABLE uk (a INT NULL, b INT NOT NULL, UNIQUE KEY ua (a), UNIQUE KEY ub (b))",
        "CREATE TABLE nokey (a INT, b INT, KEY (a))");
    try (Connection c = repl(db).open()) {
      SnapshotTable pk = TableInspector.inspect(c, db.schema(), "pk");
      assertThat(pk.key()).containsExactly("b", "a");
      assertThat(pk.columns()).extracting(SnapshotTable.Column::kind)
          .containsExactly(ColumnKind.INTEGER, ColumnKind.STRING, ColumnKind.BIGINT_UNSIGNED);
      assertThat(TableInspector.inspect(c, db.schema(), "uk").key()).containsExactly("b");
      SnapshotTable nokey = TableInspector.inspect(c, db.schema(), "nokey");
      assertThat(nokey.keyless()).isTrue();
      assertThat(nokey.keylessReason()).contains(db.schema() + ".nokey").contains("left out");
      assertThatThrownBy(() -> new Snapshot.Target(nokey, "d", "t")).hasMessageContaining("no primary key");
      assertThatThrownBy(() -> TableInspector.inspect(c, db.schema(), "absent")).hasMessageContaining("absent");
    }
  }

  @Test
  void aDenseIntegerKeyIsSplitEvenlyAndEveryRowIsReadOnce(TestDatabase db) throws SQLException {
    db.execute("CREATE TABLE dense (id BIGINT PRIMARY KEY, v INT)");
    insertSeries(db, "dense", 1, 1000, 1);
    db.execute("ANALYZE TABLE dense");
    try (Connection c = repl(db).open()) {
      SnapshotTable t = TableInspector.inspect(c, db.schema(), "dense");
      List<Chunk> chunks = plan(c, t, 100, true);
      assertThat(chunks.size()).isBetween(8, 12);
      assertThat(readIds(c, t, chunks)).hasSize(1000).containsExactlyInAnyOrderElementsOf(series(1, 1000, 1));
    }
  }

  @Test
  void sparseAndSkewedKeysAreCutByKeysetQueriesIntoChunksOfAtMostTheChunkSize(TestDatabase db) throws SQLException {
    db.execute("CREATE TABLE sparse (id BIGINT PRIMARY KEY)");
    insertSeries(db, "sparse", 1, 300, 1);
    insertSeries(db, "sparse", 1_000_000_000L, 1_000_000_000L + 300L * 1_000_000, 1_000_000);
    db.execute("ANALYZE TABLE sparse");
    try (Connection c = repl(db).open()) {
      SnapshotTable t = TableInspector.inspect(c, db.schema(), "sparse");
      List<Chunk> chunks = plan(c, t, 50, false);
      List<Long> ids = readIds(c, t, chunks);
      assertThat(ids).hasSize(601).doesNotHaveDuplicates();
      for (Chunk chunk : chunks) {
        assertThat(readIds(c, t, List.of(chunk))).hasSizeLessThanOrEqualTo(50);
      }
    }
  }

  @Test
  void compoundAndStringKeysAreCutByKeysetAndResumeAfterTheLastKey(TestDatabase db) throws SQLException {
    db.execute("CREATE TABLE comp (tenant VARCHAR(20), seq INT, note VARCHAR(20), PRIMARY KEY (tenant, seq))");
    StringBuilder ins = new StringBuilder("INSERT INTO comp VALUES ");
    for (int i = 0; i < 250; i++) {
      ins.append(i > 0 ? "," : "").append("('t").append(i % 7).append(" \u00e9',").append(i).append(",'n")
          .append(i).append("')");
    }
    db.execute(ins.toString());
    try (Connection c = repl(db).open()) {
      SnapshotTable t = TableInspector.inspect(c, db.schema(), "comp");
      List<Chunk> chunks = all(c, ChunkPlanner.start(c, t, 40, null, 0));
      assertThat(chunks).hasSize(7);
      assertThat(readCount(c, t, chunks)).isEqualTo(250);
      // resume after the third chunk: the rest is planned from its last key, numbered on
      List<Chunk> rest = all(c, ChunkPlanner.start(c, t, 40, chunks.get(2).upper(), 3));
      assertThat(rest.get(0).index()).isEqualTo(3);
      assertThat(readCount(c, t, chunks.subList(0, 3)) + readCount(c, t, rest)).isEqualTo(250);
      // a key's stored text reads back as the same key
      for (int i = 0; i < t.key().size(); i++) {
        ColumnKind kind = t.keyColumns().get(i).kind();
        Object v = chunks.get(2).upper().get(i);
        assertThat(kind.parse(kind.text(v))).isEqualTo(v);
      }
    }
  }

  /** Every chunk of {@code t} in chunks of {@code size}, checking whether they are cut evenly. */
  private static List<Chunk> plan(Connection c, SnapshotTable t, int size, boolean even) throws SQLException {
    ChunkPlanner planner = ChunkPlanner.start(c, t, size, null, 0);
    assertThat(planner.even()).as("even chunks of " + t.qualifiedName()).isEqualTo(even);
    return all(c, planner);
  }

  static List<Chunk> all(Connection c, ChunkPlanner planner) throws SQLException {
    List<Chunk> out = new ArrayList<>();
    for (Chunk ch = planner.next(c); ch != null; ch = planner.next(c)) {
      out.add(ch);
    }
    return out;
  }

  private static List<Long> readIds(Connection c, SnapshotTable t, List<Chunk> chunks) {
    List<Long> ids = new ArrayList<>();
    try (ChunkReader reader = new ChunkReader(c)) {
      for (Chunk ch : chunks) {
        for (var it = reader.rows(t, ch, 7).open(); it.hasNext(); ) {
          LoadRow r = it.next();
          assertThat(r.sequence()).isEqualTo(7);
          ids.add((Long) r.value(r.columns().names().indexOf("id")));
        }
      }
    }
    return ids;
  }

  private static long readCount(Connection c, SnapshotTable t, List<Chunk> chunks) {
    Set<List<Object>> keys = new HashSet<>();
    long n = 0;
    try (ChunkReader reader = new ChunkReader(c)) {
      for (Chunk ch : chunks) {
        for (var it = reader.rows(t, ch, 1).open(); it.hasNext(); n++) {
          LoadRow r = it.next();
          List<String> names = r.columns().names();
          assertThat(keys.add(List.of(r.value(names.indexOf("tenant")), r.value(names.indexOf("seq"))))).isTrue();
        }
      }
    }
    return n;
  }

  static void insertSeries(TestDatabase db, String table, long from, long to, long step) {
    List<Long> ids = series(from, to, step);
    for (int s = 0; s < ids.size(); s += 1000) {
      StringBuilder ins = new StringBuilder("INSERT INTO " + table + " (id) VALUES ");
      for (int i = s; i < Math.min(ids.size(), s + 1000); i++) {
        ins.append(i > s ? "," : "").append('(').append(ids.get(i)).append(')');
      }
      db.execute(ins.toString());
    }
  }

  private static List<Long> series(long from, long to, long step) {
    List<Long> l = new ArrayList<>();
    for (long i = from; i <= to; i += step) {
      l.add(i);
    }
    return l;
  }
}
