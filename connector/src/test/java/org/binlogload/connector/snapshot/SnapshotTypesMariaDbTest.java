package org.binlogload.connector.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.binlogload.canal.Batch;
import org.binlogload.canal.ChangeEvent;
import org.binlogload.canal.EmbeddedCanal;
import org.binlogload.canal.RowChange;
import org.binlogload.canal.StartPosition;
import org.binlogload.connector.load.LoadRow;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot row and a binlog row of the same data carry the same Java values (same class, equal value), so the Doris
 * client writes the same JSON for both: every type of the type table, NULLs and zero dates.
 */
@ExtendWith(MariaDbExtension.class)
class SnapshotTypesMariaDbTest {
  private static final String COLUMNS = "id INT PRIMARY KEY, t1 TINYINT(1), ti TINYINT, tiu TINYINT UNSIGNED,"
      + " si SMALLINT, siu SMALLINT UNSIGNED, mi MEDIUMINT, mi_u MEDIUMINT UNSIGNED, i INT, iu INT UNSIGNED,"
      + " bi BIGINT, biu BIGINT UNSIGNED, de DECIMAL(20,6), de0 DECIMAL(10,0), f FLOAT, d DOUBLE, b1 BIT(1),"
      + " b10 BIT(10), b64 BIT(64), c CHAR(5), vc VARCHAR(50), tx TEXT, lt LONGTEXT, e ENUM('red','green','blue'),"
      + " s SET('a','b','c','d'), j JSON, bin BINARY(4), vb VARBINARY(10), bl BLOB, dt DATE, dtm DATETIME,"
      + " dtm6 DATETIME(6), ts TIMESTAMP NULL, ts3 TIMESTAMP(3) NULL, tm TIME, tm3 TIME(3), y YEAR,"
      + " g GEOMETRY NULL, ip INET6 NULL, u UUID NULL";

  @Test
  void everyTypeReadsAsTheBinlogReaderTypesIt(TestDatabase db, @TempDir Path dir) throws Exception {
    TimeZone jvmZone = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("America/St_Johns")); // TIMESTAMP must not move with the JVM's zone
    try {
      db.execute("CREATE TABLE types (" + COLUMNS + ")");
      String[] at = db.masterStatus();
      db.execute("SET time_zone = '+05:30'",
          "INSERT INTO types VALUES (1, 1, -128, 255, -32768, 65535, -8388608, 16777215, -2147483648, 4294967295,"
              + " -9223372036854775808, 18446744073709551615, -12345678901234.123456, 42, 1.1, -2.25e-300, b'1',"
              + " b'1000000001', b'1111111111111111111111111111111111111111111111111111111111111111', 'ab ',"
              + " 'h\u00e9llo \uD83D\uDE00', 'text \u2713', REPEAT('x', 70000), 'green', 'a,d',"
              + " '{\"k\": [1, \"\u00fc\"], \"n\": 1.50}', x'0102', x'00FF10', x'DEADBEEF00', '2024-02-29',"
              + " '2024-02-29 23:59:58', '2024-02-29 23:59:58.000123', '2024-03-10 12:34:56',"
              + " '1999-12-31 23:59:59.999', '-838:59:59', '12:34:56.780', 2024, ST_GeomFromText('POINT(1 2)'),"
              + " '2001:db8::1', '123e4567-e89b-12d3-a456-426614174000')",
          "INSERT INTO types (id) VALUES (2)",
          "INSERT INTO types (id, tiu, biu, b1, e, s, f, de) VALUES (3, 0, 0, b'0', 'red', '', 3.4e38, 0.5)",
          "SET sql_mode = ''",
          "INSERT INTO types (id, dt, dtm, ts) VALUES (4, '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00')");
      List<RowChange> binlog = binlogRows(db, dir, at, 4);
      List<LoadRow> snapshot = snapshotRows(db);
      assertThat(snapshot).hasSize(4);
      for (int r = 0; r < 4; r++) {
        RowChange b = binlog.get(r);
        Map<String, Object> s = values(snapshot.get(r));
        for (int i = 0; i < b.columns().size(); i++) {
          String name = b.columns().get(i).name();
          Object bv = b.after().get(i);
          Object sv = s.get(name);
          String where = "row " + (r + 1) + " column " + name;
          if (r == 0 && (name.equals("ip") || name.equals("u"))) {
            // MariaDB's INET6 and UUID: their text on both paths, as the type table promises
            assertThat(bv).as(where).isEqualTo(name.equals("ip") ? "2001:db8::1"
                : "123e4567-e89b-12d3-a456-426614174000");
          }
          if (bv == null || sv == null) {
            assertThat(sv).as(where).isEqualTo(bv);
          } else if (bv instanceof byte[]) {
            assertThat(sv).as(where).isInstanceOf(byte[].class);
            assertThat(Arrays.equals((byte[]) sv, (byte[]) bv)).as(where).isTrue();
          } else {
            assertThat(sv).as(where).isInstanceOf(bv.getClass()).isEqualTo(bv);
          }
        }
      }
    } finally {
      TimeZone.setDefault(jvmZone);
    }
  }

  private static Map<String, Object> values(LoadRow r) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < r.columns().size(); i++) {
      m.put(r.columns().name(i), r.value(i));
    }
    return m;
  }

  private static List<LoadRow> snapshotRows(TestDatabase db) throws Exception {
    SourceConnections repl = new SourceConnections(db.host(), db.port(), db.server().replUser(),
        db.server().replPassword());
    List<LoadRow> rows = new ArrayList<>();
    try (Connection c = repl.open(); ChunkReader reader = new ChunkReader(c)) {
      SnapshotTable t = TableInspector.inspect(c, db.schema(), "types");
      for (Chunk ch : SnapshotSourceMariaDbTest.all(c, ChunkPlanner.start(c, t, 2, null, 0))) {
        for (Iterator<LoadRow> it = reader.rows(t, ch, 1).open(); it.hasNext(); ) {
          rows.add(it.next());
        }
      }
    }
    rows.sort((a, b) -> Long.compare((Long) values(a).get("id"), (Long) values(b).get("id")));
    return rows;
  }

  private static List<RowChange> binlogRows(TestDatabase db, Path dir, String[] at, int n) {
    List<RowChange> rows = new ArrayList<>();
    try (EmbeddedCanal canal = EmbeddedCanal.builder().name("snaptypes").host(db.host()).port(db.port())
        .user(db.server().replUser()).password(db.server().replPassword())
        .serverId(7000 + ProcessHandle.current().pid() % 1000).include(db.schema() + ".types").dataDir(dir)
        .startPosition(StartPosition.at(at[0], Long.parseLong(at[1]))).connectTimeout(Duration.ofSeconds(5))
        .build()) {
      canal.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (rows.size() < n) {
        assertThat(System.nanoTime()).as("binlog rows of types within 60 s, got " + rows.size())
            .isLessThan(deadline);
        Batch b = canal.get(100, Duration.ofMillis(200));
        for (ChangeEvent e : b.events()) {
          if (e instanceof RowChange r && r.table().equals("types")) {
            rows.add(r);
          }
        }
        if (!b.isEmpty()) {
          canal.ack(b.id());
        }
      }
    }
    return rows;
  }
}
