package org.binlogload.canal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.TimeZone;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(MariaDbExtension.class)
class ValueTypesTest {
  private static final String COLUMNS = "id INT PRIMARY KEY, ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT,"
      + " mi MEDIUMINT UNSIGNED, i INT, iu INT UNSIGNED, bi BIGINT, biu BIGINT UNSIGNED, de DECIMAL(20,6), f FLOAT,"
      + " d DOUBLE, b1 BIT(1), b10 BIT(10), c CHAR(5), vc VARCHAR(50), tx TEXT, e ENUM('red','green','blue'),"
      + " s SET('a','b','c','d'), j JSON, bin BINARY(4), vb VARBINARY(10), bl BLOB, dt DATE, dtm DATETIME(6),"
      + " ts TIMESTAMP(6) NULL, tm TIME(3), y YEAR";

  @Test
  void everyTypeDecodesToItsJavaType(TestDatabase db, @TempDir Path dir) {
    TimeZone jvmZone = TimeZone.getDefault();
    // A JVM zone far from the server's: TIMESTAMP values must not move.
    TimeZone.setDefault(TimeZone.getTimeZone("America/St_Johns"));
    db.execute("CREATE TABLE types (" + COLUMNS + ")");
    try (EmbeddedCanal canal = Readers.builder(db, dir).build()) {
      canal.start();
      db.execute("SET time_zone = '+00:00'",
          "INSERT INTO types VALUES (1, -128, 255, -32768, 16777215, -2147483648, 4294967295,"
              + " -9223372036854775808, 18446744073709551615, 12345678901234.123456, 1.5, -2.25, b'1', b'1000000001',"
              + " 'ab', 'h\u00e9llo \uD83D\uDE00', 'text \u2713', 'green', 'a,d', '{\"k\": [1, \"\u00fc\"]}', x'0102',"
              + " x'00FF10', x'DEADBEEF00', '2024-02-29', '2024-02-29 23:59:58.123456',"
              + " '2024-03-10 12:34:56.654321', '-123:45:06.789', 2024)",
          "INSERT INTO types (id) VALUES (2)",
          "INSERT INTO types (id, tiu, biu, b1, e, s) VALUES (3, 1, 5, b'0', 'red', '')",
          "SET sql_mode = ''",
          "INSERT INTO types (id, dt, dtm) VALUES (4, '0000-00-00', '0000-00-00 00:00:00')");
      List<RowChange> rows = Readers.rows(Readers.drain(canal, Duration.ofSeconds(30), Readers.rowCount("types", 4)),
          "types");
      List<Object> r1 = rows.get(0).after();
      assertThat(r1.subList(0, 9)).containsExactly(1L, -128L, 255L, -32768L, 16777215L, -2147483648L, 4294967295L,
          Long.MIN_VALUE, new BigInteger("18446744073709551615"));
      assertThat(r1.get(9)).isEqualTo(new BigDecimal("12345678901234.123456"));
      assertThat(r1.subList(10, 14)).containsExactly(1.5d, -2.25d, 1L, 513L);
      assertThat(r1.subList(14, 20)).containsExactly("ab", "h\u00e9llo \uD83D\uDE00", "text \u2713", "green", "a,d",
          "{\"k\": [1, \"\u00fc\"]}");
      assertThat((byte[]) r1.get(20)).containsExactly(1, 2, 0, 0);
      assertThat((byte[]) r1.get(21)).containsExactly(0, 0xFF, 0x10);
      assertThat((byte[]) r1.get(22)).containsExactly(0xDE, 0xAD, 0xBE, 0xEF, 0);
      assertThat(r1.get(23)).isEqualTo(LocalDate.of(2024, 2, 29));
      assertThat(r1.get(24)).isEqualTo(LocalDateTime.parse("2024-02-29T23:59:58.123456"));
      assertThat(r1.get(25)).isEqualTo(Instant.parse("2024-03-10T12:34:56.654321Z"));
      assertThat(r1.get(26)).isEqualTo("-123:45:06.789");
      assertThat(r1.get(27)).isEqualTo(2024);

      List<Object> r2 = rows.get(1).after();
      assertThat(r2.get(0)).isEqualTo(2L);
      assertThat(r2.subList(1, r2.size())).containsOnlyNulls();

      List<Object> r3 = rows.get(2).after();
      assertThat(Arrays.asList(r3.get(2), r3.get(8), r3.get(12), r3.get(17), r3.get(18)))
          .containsExactly(1L, BigInteger.valueOf(5), 0L, "red", "");

      List<Object> r4 = rows.get(3).after();
      assertThat(r4.get(23)).isNull();
      assertThat(r4.get(24)).isNull();

      RowChange first = rows.get(0);
      assertThat(first.after().get(8)).isInstanceOf(BigInteger.class);
      assertThat(first.columns().get(0).key()).isTrue();
      assertThat(first.after("vc")).isEqualTo("h\u00e9llo \uD83D\uDE00");
    } finally {
      TimeZone.setDefault(jvmZone);
    }
  }
}
