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
 * Text columns decode in their own character set (CJK, Cyrillic, Greek, Hebrew, Thai, UTF-16/32 and the rest
 * MariaDB offers) whatever the character sets of the table's ENUM and SET columns (the table map's ENUM/SET default
 * charset is not theirs) and whichever way the table map packs the charsets: every text value equals the server's own
 * conversion to utf8mb4, by both parsers and both row readers; a charset the reader cannot read as the server does
 * hands its rows on undecodable.
 */
@ExtendWith(MariaDbExtension.class)
class TextCharsetTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  /** Each table and the columns whose values are compared. */
  private static final Map<String, String> TABLES = new LinkedHashMap<>();

  static {
    TABLES.put("CREATE TABLE cjk (id INT PRIMARY KEY, gbk VARCHAR(20), big5 VARCHAR(20) CHARACTER SET big5,"
        + " sjis VARCHAR(20) CHARACTER SET sjis, cp932 CHAR(10) CHARACTER SET cp932, euckr TEXT CHARACTER SET euckr,"
        + " gb2312 VARCHAR(20) CHARACTER SET gb2312, ujis VARCHAR(20) CHARACTER SET ujis,"
        + " utf16 VARCHAR(20) CHARACTER SET utf16, utf16le TEXT CHARACTER SET utf16le, ucs2 CHAR(10) CHARACTER SET"
        + " ucs2, utf32 VARCHAR(20) CHARACTER SET utf32, u14 VARCHAR(20) COLLATE utf16_uca1400_ai_ci,"
        + " e ENUM('x','y') CHARACTER SET utf8mb4) DEFAULT CHARSET=gbk",
        "gbk, big5, sjis, cp932, euckr, gb2312, ujis, utf16, utf16le, ucs2, utf32, u14, e");
    TABLES.put("CREATE TABLE eur (id INT PRIMARY KEY, latin2 VARCHAR(40) CHARACTER SET latin2,"
        + " cp1250 CHAR(10) CHARACTER SET cp1250, cp1251 VARCHAR(20), koi8r TEXT CHARACTER SET koi8r,"
        + " koi8u VARCHAR(20) CHARACTER SET koi8u, greek VARCHAR(20) CHARACTER SET greek,"
        + " hebrew VARCHAR(20) CHARACTER SET hebrew, latin5 VARCHAR(20) CHARACTER SET latin5,"
        + " latin7 VARCHAR(20) CHARACTER SET latin7, cp866 VARCHAR(20) CHARACTER SET cp866,"
        + " tis620 VARCHAR(20) CHARACTER SET tis620) DEFAULT CHARSET=cp1251",
        "latin2, cp1250, cp1251, koi8r, koi8u, greek, hebrew, latin5, latin7, cp866, tis620");
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
      "INSERT INTO cjk VALUES (1, '\u4e2d\u6587\u6d4b\u8bd5', '\u4e2d\u6587\u6e2c\u8a66',"
          + " '\u65e5\u672c\u8a9e\u30c6\u30ad\u30b9\u30c8\u2015', '\u2460\u65e5\u672c\u8a9e\uff5e',"
          + " '\ud55c\uad6d\uc5b4 \ud14d\uc2a4\ud2b8', '\u7b80\u4f53\u4e2d\u6587', '\u304b\u306a\u6f22\u5b57\u2015',"
          + " '\u4e2d\u6587 \ud83d\ude00', '\u4e2d\ud83d\ude00', '\u03a9\u03bb\u4e2d', '\u03a9\ud83d\ude00\u4e2d',"
          + " '\u00e9\u4e2d\ud83d\ude00', 'x'),"
          + " (2, '\u7898', '\u7881', '\uff76\uff80\uff76\uff85', '\u2252', '\uac02', '\u554a', '\uffe5\\\\', 'a', 'b',"
          + " 'c', 'd', 'e', 'y')",
      "UPDATE cjk SET gbk = '\u66f4\u65b0', sjis = '\u2015\\\\', e = 'y' WHERE id = 1",
      "INSERT INTO eur VALUES (1, 'Za\u017c\u00f3\u0142\u0107 g\u0119\u015bl\u0105 ja\u017a\u0144', '\u0141\u00f3d\u017a',"
          + " '\u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440', '\u041f\u0440\u0438\u0432\u0435\u0442',"
          + " '\u0407\u0436\u0430\u043a \u0491', '\u039a\u03b1\u03bb\u03b7\u03bc\u03ad\u03c1\u03b1 \u02bd',"
          + " '\u05e9\u05dc\u05d5\u05dd \u203e', '\u0130stanbul \u011f\u015f', '\u0104\u017euolas \u0173',"
          + " '\u041f\u0440\u0438\u0432\u0435\u0442 \u00b2', '\u0e20\u0e32\u0e29\u0e32\u0e44\u0e17\u0e22')",
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

  @Test
  void aCharsetReadUnlikeTheServerHandsItsRowsOnUndecodable(TestDatabase db, @TempDir Path dir) {
    db.execute("DROP TABLE IF EXISTS ms", "DROP TABLE IF EXISTS after_ms",
        "CREATE TABLE ms (id INT PRIMARY KEY, t VARCHAR(20) CHARACTER SET eucjpms)",
        "CREATE TABLE after_ms (id INT PRIMARY KEY, t VARCHAR(20) CHARACTER SET sjis)");
    List<ChangeEvent> events;
    try (EmbeddedCanal canal = Readers.builder(db, dir).build()) {
      canal.start();
      db.execute("INSERT INTO ms VALUES (1, '\u304b\u306a')", "INSERT INTO after_ms VALUES (1, '\u304b\u306a')");
      events = Readers.drain(canal, WAIT, Readers.rowCount("after_ms", 1));
    }
    List<UndecodableRows> undecodable = events.stream().filter(e -> e instanceof UndecodableRows)
        .map(e -> (UndecodableRows) e).toList();
    assertThat(undecodable).hasSize(1);
    assertThat(undecodable.get(0).table()).isEqualTo("ms");
    assertThat(undecodable.get(0).reason()).contains("column t of ").contains("ms").contains("eucjpms")
        .contains("convert the column to utf8mb4");
    assertThat(Readers.rows(events, "after_ms").get(0).after("t")).isEqualTo("\u304b\u306a");
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
      // The server's own conversion to utf8mb4: the driver reads some charsets' bytes with Java's decoder itself.
      String converted = String.join(", ", java.util.Arrays.stream(columns).map(c -> "CONVERT(" + c
          + " USING utf8mb4)").toList());
      for (List<Object> row : db.query("SELECT id, " + converted + " FROM " + table + " ORDER BY id")) {
        expected.put(((Number) row.get(0)).longValue(), new ArrayList<>(row.subList(1, row.size())));
      }
      assertThat(decoded).as(table).isEqualTo(expected);
    }
  }
}
