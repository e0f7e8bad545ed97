package org.binlogload.canal.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alibaba.otter.canal.parse.inbound.TableMeta;
import com.alibaba.otter.canal.parse.inbound.mysql.MysqlConnection;
import com.alibaba.otter.canal.protocol.position.EntryPosition;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.binlogload.canal.BinlogException;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.internal.schema.HistoryCodec;
import org.binlogload.canal.internal.schema.HistoryRecord;
import org.binlogload.canal.internal.schema.SchemaHistory;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The schema history against the private MariaDB: each DDL runs on the server and is applied at its real position. */
@ExtendWith(MariaDbExtension.class)
class SchemaHistoryTest {
  private final List<MysqlConnection> connections = new ArrayList<>();

  @AfterEach
  void closeConnections() throws Exception {
    for (MysqlConnection c : connections) {
      c.disconnect();
    }
  }

  @Test
  void restartRebuildsTheSchemaAsOfEachResumePosition(TestDatabase db) {
    MemoryStore store = new MemoryStore();
    db.execute("CREATE TABLE a_t (id INT PRIMARY KEY, v VARCHAR(10))");
    SchemaHistory h = history(db, store, "a_");
    EntryPosition p0 = now(db);
    h.rollback(p0);
    assertThat(columns(h, db, "a_t")).containsExactly("id", "v");

    EntryPosition p1 = ddl(db, h, "ALTER TABLE a_t ADD COLUMN c INT FIRST");
    assertThat(columns(h, db, "a_t")).containsExactly("c", "id", "v");
    EntryPosition p2 = ddl(db, h, "ALTER TABLE a_t DROP COLUMN v");
    EntryPosition p3 = ddl(db, h, "RENAME TABLE a_t TO a_u");
    EntryPosition p4 = ddl(db, h, "ALTER TABLE a_u CHANGE c cc BIGINT");
    EntryPosition end = now(db);
    assertThat(columns(h, db, "a_u")).containsExactly("cc", "id");

    // A restart at each position sees the definitions as they were there, whatever the server has now.
    assertThat(columns(restarted(db, store, p0), db, "a_t")).containsExactly("id", "v");
    assertThat(columns(restarted(db, store, p1), db, "a_t")).containsExactly("id", "v");
    assertThat(columns(restarted(db, store, p2), db, "a_t")).containsExactly("c", "id", "v");
    assertThat(columns(restarted(db, store, p3), db, "a_t")).containsExactly("c", "id");
    assertThat(columns(restarted(db, store, p4), db, "a_u")).containsExactly("c", "id");
    assertThat(columns(restarted(db, store, end), db, "a_u")).containsExactly("cc", "id");
    assertThat(restarted(db, store, end).find(db.schema(), "a_u").getFields().get(0).getColumnType())
        .isEqualToIgnoringCase("bigint");
  }

  @Test
  void rollbackDropsWhatWillBeReadAgainAndTheReplayGivesTheSameSchema(TestDatabase db) {
    MemoryStore store = new MemoryStore();
    db.execute("CREATE TABLE b_t (id INT PRIMARY KEY, v VARCHAR(10))");
    SchemaHistory h = history(db, store, "b_");
    h.rollback(now(db));
    String add = "ALTER TABLE b_t ADD COLUMN c INT FIRST";
    EntryPosition p1 = ddl(db, h, add);
    int records = records(store).size();

    SchemaHistory again = history(db, store, "b_");
    again.rollback(p1);
    assertThat(records(store)).hasSize(records - 1);
    again.apply(p1, db.schema(), add, null);
    assertThat(records(store)).hasSize(records);
    assertThat(columns(again, db, "b_t")).containsExactly("c", "id", "v");
  }

  @Test
  void theStoredHistoryCarriesItsFormatVersionAndACorruptedOneStopsWithAClearError(TestDatabase db) {
    MemoryStore store = new MemoryStore();
    db.execute("CREATE TABLE c_t (id INT PRIMARY KEY)");
    SchemaHistory h = history(db, store, "c_");
    h.rollback(now(db));
    ddl(db, h, "ALTER TABLE c_t ADD COLUMN v INT");
    EntryPosition end = now(db);
    byte[] good = store.get(h.key()).orElseThrow();
    assertThat(new String(good, 0, 4)).isEqualTo("BLSH");
    assertThat(((good[4] & 0xff) << 8) | (good[5] & 0xff)).isEqualTo(HistoryCodec.FORMAT_VERSION);
    assertThat(records(store)).hasSize(2).first().isInstanceOf(HistoryRecord.Snapshot.class);

    byte[] newer = good.clone();
    newer[5] = 9;
    assertThat(corrupted(db, newer, end)).hasMessageContaining("schema history format 9")
        .hasMessageContaining("reads format 1").hasMessageContaining("schema-history/job");
    byte[] flipped = good.clone();
    flipped[good.length / 2] ^= 0x40;
    assertThat(corrupted(db, flipped, end)).hasMessageContaining("is corrupted: checksum mismatch");
    assertThat(corrupted(db, java.util.Arrays.copyOf(good, good.length - 7), end)).hasMessageContaining("corrupted");
    assertThat(corrupted(db, "{}".getBytes(), end)).hasMessageContaining("is not a schema history");
  }

  @Test
  void anUnparsableDdlIsRecoveredFromTheServerWhenNothingChangedTheTableSince(TestDatabase db) {
    MemoryStore store = new MemoryStore();
    db.execute("CREATE TABLE d_t (id INT PRIMARY KEY)");
    SchemaHistory h = history(db, store, "d_");
    h.rollback(now(db));
    EntryPosition p1 = ddl(db, h, "ALTER TABLE d_t ADD COLUMN IF NOT EXISTS x INT FIRST");
    assertThat(columns(h, db, "d_t")).containsExactly("x", "id");
    EntryPosition p2 = ddl(db, h, "ALTER TABLE d_t ADD COLUMN y INT");
    assertThat(columns(h, db, "d_t")).containsExactly("x", "id", "y");
    assertThat(records(store)).anySatisfy(r -> assertThat(r).isInstanceOf(HistoryRecord.Define.class));

    assertThat(columns(restarted(db, store, p1), db, "d_t")).containsExactly("id");
    assertThat(columns(restarted(db, store, p2), db, "d_t")).containsExactly("x", "id");
  }

  @Test
  void anUnparsableDdlFollowedByAnotherChangeOfItsTableStopsNamingTheStatement(TestDatabase db) {
    MemoryStore store = new MemoryStore();
    db.execute("CREATE TABLE e_t (id INT PRIMARY KEY)");
    SchemaHistory h = history(db, store, "e_");
    h.rollback(now(db));
    EntryPosition before = now(db);
    String unparsable = "ALTER TABLE e_t ADD COLUMN IF NOT EXISTS x INT";
    db.execute(unparsable, "ALTER TABLE e_t ADD COLUMN y INT");
    EntryPosition p1 = queryEvent(db, before, unparsable);

    assertThatThrownBy(() -> h.apply(p1, db.schema(), unparsable, null))
        .isInstanceOfSatisfying(BinlogException.class, e -> {
          assertThat(e.reason()).isEqualTo(BinlogException.Reason.UNPARSABLE_DDL);
          assertThat(e.fatal()).isTrue();
        })
        .hasMessageContaining(p1.getJournalName() + ":" + p1.getPosition())
        .hasMessageContaining(unparsable)
        .hasMessageContaining("ADD COLUMN y INT")
        .hasMessageContaining("druid cannot parse it");
    assertThat(h.failure()).isPresent();
    assertThatThrownBy(() -> h.find(db.schema(), "e_t")).isSameAs(h.failure().get());
  }

  @Test
  void aTableChangedAfterTheStartPositionIsUnknownAndItsRowsStop(TestDatabase db) {
    db.execute("CREATE TABLE f_t (id INT PRIMARY KEY)", "CREATE TABLE f_ok (id INT PRIMARY KEY)");
    EntryPosition start = now(db);
    db.execute("ALTER TABLE f_t ADD COLUMN v INT FIRST");
    SchemaHistory h = history(db, new MemoryStore(), "f_");
    h.setSnapshotsAhead(false); // the proof by a scan from the start position (a server without FULL row metadata)
    h.rollback(start);
    assertThat(columns(h, db, "f_ok")).containsExactly("id");
    // the reader with its row decoder asks first and hands the rows on as undecodable: the history goes on
    String refusal = h.unknownRefusal(db.schema(), "f_t");
    assertThat(refusal).contains("`" + db.schema() + "`.`f_t`").contains("is unknown")
        .contains("so its rows cannot be decoded safely");
    assertThat(h.unknownRefusal(db.schema(), "f_ok")).isNull();
    assertThat(h.failure()).isEmpty();
    assertThat(columns(h, db, "f_ok")).containsExactly("id");
    assertThatThrownBy(() -> h.find(db.schema(), "f_t"))
        .hasMessage(refusal)
        .isInstanceOfSatisfying(BinlogException.class,
            e -> assertThat(e.reason()).isEqualTo(BinlogException.Reason.SCHEMA_MISMATCH))
        .hasMessageContaining("`" + db.schema() + "`.`f_t`")
        .hasMessageContaining("is unknown")
        .hasMessageContaining("ADD COLUMN v INT FIRST");
  }

  @Test
  void aStartBehindTheEndTakesTheSnapshotAtTheEndWithoutScanningAndHoldsItsDdlUntilThere(TestDatabase db) {
    db.execute("CREATE TABLE a_t (id INT PRIMARY KEY)", "CREATE TABLE a_ok (id INT PRIMARY KEY)");
    EntryPosition start = now(db);
    String alter = "ALTER TABLE a_t ADD COLUMN v INT FIRST";
    db.execute(alter);
    EntryPosition p1 = queryEvent(db, start, alter);
    EntryPosition end = now(db);
    MemoryStore store = new MemoryStore();
    SchemaHistory h = history(db, store, "a_");
    h.rollback(start);
    BinlogPosition before = BinlogPosition.of(p1.getJournalName(), p1.getPosition());
    BinlogPosition atEnd = BinlogPosition.of(end.getJournalName(), end.getPosition());
    assertThat(HistoryCodec.decode(store.get(h.key()).orElseThrow(), h.key())).singleElement()
        .satisfies(r -> assertThat(r.position()).isEqualTo(atEnd));
    assertThat(columns(h, db, "a_t")).containsExactly("v", "id"); // the server's, taken on trust before the end
    assertThat(h.provisional(db.schema(), "a_t", before)).isTrue();
    assertThat(h.provisional(db.schema(), "a_t", atEnd)).isFalse();
    h.apply(p1, db.schema(), alter, null); // already in the definition: not applied twice
    assertThat(columns(h, db, "a_t")).containsExactly("v", "id");
    assertThat(h.failure()).isEmpty();

    SchemaHistory again = history(db, store, "a_"); // a restart before the end keeps the snapshot ahead
    again.rollback(start);
    assertThat(again.provisional(db.schema(), "a_t", before)).isTrue();
    assertThat(columns(again, db, "a_t")).containsExactly("v", "id");
  }

  @Test
  void anUnknownTableBecomesKnownAtItsLastChangeAndStaysUnknownBeforeAnEarlierOne(TestDatabase db) {
    db.execute("CREATE TABLE k_t (id INT PRIMARY KEY)");
    EntryPosition start = now(db);
    String first = "ALTER TABLE k_t ADD COLUMN a INT";
    String second = "ALTER TABLE k_t ADD COLUMN b INT FIRST";
    db.execute(first, second);
    EntryPosition p1 = queryEvent(db, start, first);
    EntryPosition p2 = queryEvent(db, start, second);
    SchemaHistory h = history(db, new MemoryStore(), "k_");
    h.setSnapshotsAhead(false);
    h.rollback(start);
    h.apply(p1, db.schema(), first, null); // the second ALTER follows: still unknown
    h.apply(p2, db.schema(), second, null); // its last change: the server's definition is the one after it
    assertThat(columns(h, db, "k_t")).containsExactly("b", "id", "a");

    SchemaHistory early = history(db, new MemoryStore(), "k_");
    early.setSnapshotsAhead(false);
    early.rollback(start);
    early.apply(p1, db.schema(), first, null);
    assertThatThrownBy(() -> early.find(db.schema(), "k_t")).isInstanceOf(BinlogException.class)
        .hasMessageContaining("is unknown");
  }

  @Test
  void aTableCreatedInTheStreamAndRecreatedAfterAnUnknownStateIsTracked(TestDatabase db) {
    MemoryStore store = new MemoryStore();
    db.execute("CREATE TABLE g_t (id INT PRIMARY KEY)");
    EntryPosition start = now(db);
    db.execute("ALTER TABLE g_t ADD COLUMN v INT");
    SchemaHistory h = history(db, store, "g_");
    h.rollback(start);
    // The ALTER after the start is read from the binlog next; the table stays unknown until it is re-created.
    h.apply(queryEvent(db, start, "ADD COLUMN v INT"), db.schema(), "ALTER TABLE g_t ADD COLUMN v INT", null);
    ddl(db, h, "DROP TABLE g_t");
    ddl(db, h, "CREATE TABLE g_t (id BIGINT PRIMARY KEY, w TEXT)");
    ddl(db, h, "CREATE TABLE g_new (a INT, b INT)");
    assertThat(columns(h, db, "g_t")).containsExactly("id", "w");
    assertThat(columns(h, db, "g_new")).containsExactly("a", "b");
  }

  @Test
  void aTrackedTableMissingFromTheHistoryIsReadFromTheServerOnlyWhenProvablyCurrent(TestDatabase db) {
    MemoryStore store = new MemoryStore();
    db.execute("CREATE TABLE h_a (id INT PRIMARY KEY)");
    SchemaHistory narrow = history(db, store, "h_a");
    narrow.rollback(now(db));
    db.execute("CREATE TABLE h_b (id INT PRIMARY KEY, v INT)");
    // Widening the filter: h_b was never tracked; nothing changed it since, so the server's definition is right.
    SchemaHistory wide = history(db, store, "h_");
    wide.rollback(now(db));
    assertThat(columns(wide, db, "h_b")).containsExactly("id", "v");

    db.execute("CREATE TABLE h_c (id INT PRIMARY KEY)");
    SchemaHistory behind = history(db, store.copy(), "h_");
    EntryPosition before = now(db);
    db.execute("ALTER TABLE h_c ADD COLUMN z INT FIRST");
    behind.rollback(before);
    // h_c is in the new snapshot at `before` but marked unknown: its later ALTER is in the binlog.
    assertThatThrownBy(() -> behind.find(db.schema(), "h_c")).isInstanceOf(BinlogException.class)
        .hasMessageContaining("ADD COLUMN z INT FIRST");
  }

  private BinlogException corrupted(TestDatabase db, byte[] bytes, EntryPosition at) {
    MemoryStore store = new MemoryStore();
    store.put("schema-history/job", bytes);
    SchemaHistory h = history(db, store, "c_");
    try {
      h.rollback(at);
    } catch (BinlogException e) {
      assertThat(e.reason()).isEqualTo(BinlogException.Reason.CORRUPT_STATE);
      assertThat(e.fatal()).isTrue();
      return e;
    }
    throw new AssertionError("a corrupted history was accepted");
  }

  private List<HistoryRecord> records(MemoryStore store) {
    return HistoryCodec.decode(store.get("schema-history/job").orElseThrow(), "test");
  }

  private SchemaHistory restarted(TestDatabase db, MemoryStore store, EntryPosition at) {
    SchemaHistory h = history(db, store.copy(), "");
    h.rollback(at);
    return h;
  }

  private SchemaHistory history(TestDatabase db, MemoryStore store, String prefix) {
    SchemaHistory h = new SchemaHistory(store, "job");
    h.setConnection(connect(db));
    h.setInclude(t -> t.schema().equals(db.schema()) && t.table().startsWith(prefix));
    return h;
  }

  private MysqlConnection connect(TestDatabase db) {
    MysqlConnection c = new MysqlConnection(new InetSocketAddress(db.host(), db.port()), db.server().replUser(),
        db.server().replPassword());
    try {
      c.connect();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    connections.add(c);
    return c;
  }

  /** Runs {@code sql} on the server and applies it to {@code h} at the position where the server logged it. */
  private static EntryPosition ddl(TestDatabase db, SchemaHistory h, String sql) {
    EntryPosition before = now(db);
    db.execute(sql);
    EntryPosition at = queryEvent(db, before, sql);
    h.apply(at, db.schema(), sql, null);
    return at;
  }

  /** The position of the query event logging {@code sql} at or after {@code from} (MariaDB logs a GTID event first). */
  static EntryPosition queryEvent(TestDatabase db, EntryPosition from, String sql) {
    for (List<Object> row : db.query("SHOW BINLOG EVENTS IN '" + from.getJournalName() + "' FROM " + from.getPosition())) {
      if ("Query".equals(String.valueOf(row.get(2))) && String.valueOf(row.get(5)).replace("`", "").contains(sql.replace("`", ""))) {
        return new EntryPosition(String.valueOf(row.get(0)), Long.parseLong(String.valueOf(row.get(1))),
            System.currentTimeMillis(), 1L);
      }
    }
    throw new AssertionError("no query event for " + sql + " after " + from);
  }

  /** The current end of the binlog: where the next statement is logged. */
  private static EntryPosition now(TestDatabase db) {
    String[] s = db.masterStatus();
    return new EntryPosition(s[0], Long.parseLong(s[1]), System.currentTimeMillis(), 1L);
  }

  private static List<String> columns(SchemaHistory h, TestDatabase db, String table) {
    TableMeta meta = h.find(db.schema(), table);
    assertThat(meta).as(table).isNotNull();
    List<String> names = new ArrayList<>();
    meta.getFields().forEach(f -> names.add(f.getColumnName()));
    return names;
  }
}
