package org.binlogload.canal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TimeZone;
import org.binlogload.canal.internal.RowDecoder;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every type of the type table, through inserts, updates and a delete, gives exactly the values of the fixture
 * {@code type-table.expected}: one line per value, {@code row kind image column = Class value} (byte[] in hex), read
 * once by the direct row reader and once by Canal's. The fixture's lines for the columns up to {@code u} were written by
 * the reader that typed Canal's text values (ColumnCodec), so the direct decoding gives the same classes and values;
 * the intended differences: MariaDB's INET6 and UUID are their text (they were 16 raw bytes in a String), and latin1
 * text is decoded as latin1 (it was decoded as UTF-8, each accented letter a U+FFFD). The columns from {@code cw} on
 * (long CHAR, two-byte lengths, wide SET, every BLOB/TEXT size, DATETIME(3)) came later, checked on both readers.
 */
@ExtendWith(MariaDbExtension.class)
class TypeTableTest {
  static final String COLUMNS = "id INT PRIMARY KEY, t1 TINYINT(1), ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT,"
      + " siu SMALLINT UNSIGNED, mi MEDIUMINT, miu MEDIUMINT UNSIGNED, i INT, iu INT UNSIGNED, bi BIGINT,"
      + " biu BIGINT UNSIGNED, de DECIMAL(20,6), de0 DECIMAL(10,0), de5 DECIMAL(5,5), de65 DECIMAL(65,30), f FLOAT,"
      + " d DOUBLE, b1 BIT(1), b10 BIT(10), b64 BIT(64), c CHAR(5), vc VARCHAR(50), tx TEXT, lt LONGTEXT,"
      + " cl CHAR(5) CHARACTER SET latin1, vl VARCHAR(50) CHARACTER SET latin1, tl TEXT CHARACTER SET latin1,"
      + " vu VARCHAR(50) CHARACTER SET utf8mb4, e ENUM('red','green','blue'), s SET('a','b','c','d'), j JSON,"
      + " bin BINARY(4), vb VARBINARY(10), bl BLOB, dt DATE, dtm DATETIME, dtm1 DATETIME(1), dtm6 DATETIME(6),"
      + " ts TIMESTAMP NULL, ts3 TIMESTAMP(3) NULL, ts6 TIMESTAMP(6) NULL, tm TIME, tm1 TIME(1), tm3 TIME(3),"
      + " tm6 TIME(6), y YEAR, g GEOMETRY NULL, ip INET6 NULL, u UUID NULL, cw CHAR(100), vw VARCHAR(300),"
      + " s10 SET('a','b','c','d','e','f','g','h','i','j'), tb TINYBLOB, mb MEDIUMBLOB, lb LONGBLOB, tt TINYTEXT,"
      + " mt MEDIUMTEXT, dtm3 DATETIME(3), y2 YEAR";

  static final String[] WRITES = {
      "SET time_zone = '+05:30'",
      "INSERT INTO types VALUES (1, 1, -128, 255, -32768, 65535, -8388608, 16777215, -2147483648, 4294967295,"
          + " -9223372036854775808, 18446744073709551615, -12345678901234.123456, 42, 0.12345,"
          + " 12345678901234567890123456789012345.123456789012345678901234567890, 1.1, -2.25e-300, b'1',"
          + " b'1000000001', b'1111111111111111111111111111111111111111111111111111111111111111', 'ab ',"
          + " 'h\u00e9llo \uD83D\uDE00', 'text \u2713', REPEAT('x', 70000), 'caf\u00e9', 'na\u00efve \u00e0 la \u20ac5',"
          + " 'd\u00e9j\u00e0 vu', '\u4e2d\u6587 \uD83D\uDE00', 'green', 'a,d', '{\"k\": [1, \"\u00fc\"], \"n\": 1.50}',"
          + " x'0102', x'00FF10', x'DEADBEEF00', '2024-02-29', '2024-02-29 23:59:58', '2024-02-29 23:59:58.1',"
          + " '2024-02-29 23:59:58.000123', '2024-03-10 12:34:56', '1999-12-31 23:59:59.999',"
          + " '2038-01-19 03:14:07.999999', '-838:59:59', '-00:00:01.5', '12:34:56.780', '838:59:58.999999', 2024,"
          + " ST_GeomFromText('POINT(1 2)'), '2001:db8::1', '123e4567-e89b-12d3-a456-426614174000',"
          + " 'wide \u2713', REPEAT('\u00e9', 300), 'a,j', x'01', x'0203', x'040506', 'tiny \u00fc',"
          + " 'medium \uD83D\uDE00', '2000-01-01 00:00:00.004', 2155)",
      "INSERT INTO types (id) VALUES (2)",
      "INSERT INTO types (id, t1, ti, tiu, si, siu, mi, miu, i, iu, bi, biu, de, de0, de5, de65, f, d, b1, b10, b64,"
          + " c, vc, tx, e, s, bin, vb, bl, dtm1, tm, tm1, tm6, y, ip, u) VALUES (3, 0, 127, 0, 32767, 0, 8388607, 0,"
          + " 2147483647, 0, 9223372036854775807, 0, 0.5, -1, -0.00001, -0.000000000000000000000000000001, 3.4e38,"
          + " 1e-10, b'0', b'0', b'0', '', '', '', 'red', '', x'', x'', x'', '1000-01-01 00:00:00.0', '00:00:00',"
          + " '-12:00:00.1', '-00:00:00.000001', 1901, '::ffff:192.0.2.1', '00000000-0000-0000-0000-000000000000')",
      "UPDATE types SET tm3 = '-01:02:03.004', dtm3 = '9999-12-31 23:59:59.999', s10 = '', cw = '' WHERE id = 3",
      "SET sql_mode = ''",
      "INSERT INTO types (id, dt, dtm, dtm6, ts, ts6, y) VALUES (4, '0000-00-00', '0000-00-00 00:00:00',"
          + " '2024-00-00 00:00:00', '0000-00-00 00:00:00', '0000-00-00 00:00:00', 0)",
      "UPDATE types SET vc = 'changed', biu = 9223372036854775808, ip = 'fe80::1:2', u = 'ffffffff-ffff-1fff-8fff-"
          + "ffffffffffff', tm3 = '00:00:00.5', s = 'b,c', e = NULL WHERE id = 1",
      "DELETE FROM types WHERE id = 3"};

  @Test
  void everyValueIsTheFixturesValue(TestDatabase db, @TempDir Path dir) throws IOException {
    check(db, dir);
  }

  @Test
  void canalsRowReaderGivesTheSameValues(TestDatabase db, @TempDir Path dir) throws IOException {
    RowDecoder.directReading(false); // the reader of tables with a column type only Canal's reader knows
    try {
      check(db, dir);
    } finally {
      RowDecoder.directReading(true);
    }
  }

  @Test
  void aTimestampInTheRepeatedHourOfTheJvmZoneKeepsItsInstant(TestDatabase db, @TempDir Path dir) {
    TimeZone jvmZone = TimeZone.getDefault();
    // 2024-11-03 01:30 happens twice in New York: 05:30Z (EDT) and 06:30Z (EST). Canal's row reader formats a
    // TIMESTAMP in the JVM's zone, which loses which of the two it was; the direct reader reads epoch seconds.
    TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
    try (EmbeddedCanal canal = Readers.builder(db, dir).build()) {
      db.execute("DROP TABLE IF EXISTS fallback", "CREATE TABLE fallback (id INT PRIMARY KEY, ts TIMESTAMP(3) NULL)");
      canal.start();
      db.execute("SET time_zone = '+00:00'",
          "INSERT INTO fallback VALUES (1, '2024-11-03 05:30:00.250'), (2, '2024-11-03 06:30:00.250')");
      List<RowChange> rows = Readers.rows(Readers.drain(canal, Duration.ofSeconds(30),
          Readers.rowCount("fallback", 2)), "fallback");
      assertThat(rows.get(0).after("ts")).isEqualTo(java.time.Instant.parse("2024-11-03T05:30:00.250Z"));
      assertThat(rows.get(1).after("ts")).isEqualTo(java.time.Instant.parse("2024-11-03T06:30:00.250Z"));
    } finally {
      TimeZone.setDefault(jvmZone);
    }
  }

  private static void check(TestDatabase db, Path dir) throws IOException {
    TimeZone jvmZone = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("America/St_Johns")); // TIMESTAMP must not move with the JVM's zone
    try {
      db.execute("DROP TABLE IF EXISTS types", "CREATE TABLE types (" + COLUMNS + ")");
      List<String> got;
      try (EmbeddedCanal canal = Readers.builder(db, dir).build()) {
        canal.start();
        db.execute(WRITES);
        got = render(Readers.rows(Readers.drain(canal, Duration.ofSeconds(60), Readers.rowCount("types", 7)),
            "types"));
      }
      String dump = System.getProperty("typeTable.dump");
      if (dump != null) {
        Files.write(Path.of(dump), got, StandardCharsets.UTF_8);
      }
      assertThat(got).containsExactlyElementsOf(expected());
    } finally {
      TimeZone.setDefault(jvmZone);
    }
  }

  static List<String> render(List<RowChange> rows) {
    List<String> out = new ArrayList<>();
    for (int r = 0; r < rows.size(); r++) {
      RowChange c = rows.get(r);
      render(out, r, c, "before", c.before());
      render(out, r, c, "after", c.after());
    }
    return out;
  }

  private static void render(List<String> out, int r, RowChange c, String image, List<Object> values) {
    if (values == null) {
      return;
    }
    for (int i = 0; i < values.size(); i++) {
      Object v = values.get(i);
      String text = v == null ? "null" : v instanceof byte[] b ? "byte[] " + HexFormat.of().formatHex(b)
          : v.getClass().getSimpleName() + " " + v;
      if (text.length() > 120) {
        text = text.substring(0, 100) + "...(" + text.length() + " chars, hash " + text.hashCode() + ")";
      }
      out.add(r + " " + c.kind() + " " + image + " " + c.columns().get(i).name() + " = " + text);
    }
  }

  private static List<String> expected() throws IOException {
    try (InputStream in = TypeTableTest.class.getResourceAsStream("/type-table.expected")) {
      assertThat(in).as("fixture type-table.expected").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }
}
