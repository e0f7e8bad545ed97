package org.binlogload.canal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.binlogload.canal.internal.RowDecoder;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text columns decode in their own character set whatever the character sets of the table's ENUM and SET columns
 * (the table map's ENUM/SET default charset is not theirs) and whichever way the table map packs the charsets: every
 * text value equals what MariaDB returns over JDBC, by both parsers and both row readers.
 */
@ExtendWith(MariaDbExtension.class)
class TextCharsetTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  /** Each table and the columns whose values are compared. */
  private static final Map<String, String> TABLES = new LinkedHashMap<>();

  static {
    TABLES.put("CREATE TABLE lat (id INT PRIMARY KEY, c CHAR(10), v VARCHAR(20), t TEXT,"
        + " e ENUM('x','y') CHARACTER SET utf8mb4, s SET('a','b') CHARACTER SET utf8mb4) DEFAULT CHARSET=latin1",
        "c, v, t, e, s");
    TABLES.put("CREATE TABLE utf (id INT PRIMARY KEY, c CHAR(10), v VARCHAR(20), t TEXT,"
        + " e ENUM('x','y') CHARACTER SET latin1, s SET('a','b') CHARACTER SET latin1) DEFAULT CHARSET=utf8mb4",
        "c, v, t, e, s");
    TABLES.put("CREATE TABLE lat_only (id INT PRIMARY KEY, c CHAR(10), v VARCHAR(20), t TEXT) DEFAULT CHARSET=latin1",
        "c, v, t");
    TABLES.put("CREATE TABLE mix (id INT PRIMARY KEY, g GEOMETRY NULL, b BINARY(2), c CHAR(10) CHARACTER SET latin1,"
        + " j JSON, v VARCHAR(20) CHARACTER SET utf8mb4, t TEXT CHARACTER SET latin1,"
        + " e ENUM('x','y') CHARACTER SET latin1, s SET('a','b') CHARACTER SET utf8mb4) DEFAULT CHARSET=latin1",
        "c, j, v, t, e, s");
  }

  private static final String[] WRITES = {
      "INSERT INTO lat VALUES (1, '\u00e9\u20ac', 'Stra\u00dfe', 's\u00f8ster \u20ac5', 'x', 'a,b'),"
          + " (2, '\u00f8', 'na\u00efve', 'd\u00e9j\u00e0 vu', 'y', 'b')",
      "UPDATE lat SET v = 'gr\u00f6\u00dfer', e = 'y' WHERE id = 1",
      "INSERT INTO utf VALUES (1, '\u00e9\u20ac', 'Stra\u00dfe \u4e2d', 's\u00f8ster \uD83D\uDE00', 'x', 'a,b'),"
          + " (2, '\u00f8', 'na\u00efve', 'd\u00e9j\u00e0 vu', 'y', 'b')",
      "UPDATE utf SET v = 'gr\u00f6\u00dfer', s = 'a' WHERE id = 1",
      "INSERT INTO lat_only VALUES (1, '\u00e9\u20ac', 'Stra\u00dfe', 's\u00f8ster \u20ac5')",
      "INSERT INTO mix VALUES (1, NULL, x'00ff', '\u00e9\u20ac', '{\"k\": \"\u00f8\u4e2d\"}', '\u00df\u4e2d',"
          + " 'd\u00e9j\u00e0 \u20ac', 'y', 'a')",
      "UPDATE mix SET t = 'gr\u00f6\u00dfer', c = '\u00f8' WHERE id = 1"};

  @Test
  void textDecodesInItsOwnCharsetBesideEnumAndSet(TestDatabase db, @TempDir Path dir) {
    check(db, Readers.builder(db, dir));
  }

  @Test
  void canalsRowReaderDecodesTheSame(TestDatabase db, @TempDir Path dir) {
    RowDecoder.directReading(false);
    try {
      check(db, Readers.builder(db, dir));
    } finally {
      RowDecoder.directReading(true);
    }
  }

  @Test
  void parallelParsingDecodesTheSame(TestDatabase db, @TempDir Path dir) {
    check(db, Readers.builder(db, dir).parallelParsing(true));
  }

  private static void check(TestDatabase db, EmbeddedCanal.Builder builder) {
    List<String> ddl = new ArrayList<>();
    for (String create : TABLES.keySet()) {
      String table = create.split(" ")[2];
      ddl.add("DROP TABLE IF EXISTS " + table);
      ddl.add(create);
    }
    db.execute(ddl.toArray(new String[0]));
    List<ChangeEvent> events;
    try (EmbeddedCanal canal = builder.build()) {
      canal.start();
      db.execute(WRITES);
      events = Readers.drain(canal, WAIT, e -> Readers.rows(e, "mix").size() >= 2);
    }
    assertThat(events).noneMatch(e -> e instanceof UndecodableRows);
    for (Map.Entry<String, String> t : TABLES.entrySet()) {
      String table = t.getKey().split(" ")[2];
      String[] columns = t.getValue().split(", ");
      Map<Object, List<Object>> decoded = new LinkedHashMap<>();
      for (RowChange r : Readers.rows(events, table)) {
        List<Object> values = new ArrayList<>();
        for (String c : columns) {
          values.add(r.after(c));
        }
        decoded.put(r.after("id"), values);
      }
      Map<Object, List<Object>> expected = new LinkedHashMap<>();
      for (List<Object> row : db.query("SELECT id, " + t.getValue() + " FROM " + table + " ORDER BY id")) {
        expected.put(((Number) row.get(0)).longValue(), new ArrayList<>(row.subList(1, row.size())));
      }
      assertThat(decoded).as(table).isEqualTo(expected);
    }
  }
}
