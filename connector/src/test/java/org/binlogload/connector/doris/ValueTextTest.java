package org.binlogload.connector.doris;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ValueTextTest {
  private final char[] out = new char[64];

  private String date(LocalDate d) {
    return new String(out, 0, ValueText.date(out, d));
  }

  private String datetime(LocalDateTime t) {
    return new String(out, 0, ValueText.datetime(out, t));
  }

  private String instant(Instant i) {
    return new String(out, 0, ValueText.instant(out, i));
  }

  @Test
  void writesTheFormsDorisReads() {
    assertThat(date(LocalDate.of(2024, 2, 29))).isEqualTo("2024-02-29");
    assertThat(date(LocalDate.of(999, 1, 2))).isEqualTo("0999-01-02");
    assertThat(datetime(LocalDateTime.of(2024, 2, 29, 23, 59, 58, 123_456_789))).isEqualTo("2024-02-29 23:59:58.123456");
    assertThat(datetime(LocalDateTime.of(1000, 1, 1, 0, 0))).isEqualTo("1000-01-01 00:00:00");
    assertThat(datetime(LocalDateTime.of(9999, 12, 31, 23, 59, 59, 500_000_000))).isEqualTo("9999-12-31 23:59:59.5");
    assertThat(datetime(LocalDateTime.of(2000, 1, 1, 0, 0, 0, 1_000))).isEqualTo("2000-01-01 00:00:00.000001");
    assertThat(datetime(LocalDateTime.of(2000, 1, 1, 0, 0, 0, 999))).isEqualTo("2000-01-01 00:00:00");
    assertThat(instant(Instant.ofEpochSecond(0))).isEqualTo("1970-01-01 00:00:00");
    assertThat(instant(Instant.ofEpochSecond(2_147_483_647L, 999_999_000))).isEqualTo("2038-01-19 03:14:07.999999");
    assertThat(instant(Instant.ofEpochSecond(-1))).isEqualTo("1969-12-31 23:59:59");
  }

  @Test
  void yearsOutsideFourDigitsKeepTheirSign() {
    assertThat(date(LocalDate.of(10_000, 1, 1))).isEqualTo("+10000-01-01");
    assertThat(datetime(LocalDateTime.of(-1, 1, 1, 0, 0))).isEqualTo("-0001-01-01 00:00:00");
    assertThat(instant(LocalDateTime.of(12_345, 6, 7, 8, 9).toInstant(ZoneOffset.UTC)))
        .isEqualTo("+12345-06-07 08:09:00");
  }

  @Test
  void agreesWithTheStringFormattingOnRandomValues() {
    SplittableRandom random = new SplittableRandom(11);
    for (int n = 0; n < 200_000; n++) {
      long second = random.nextLong(LocalDateTime.of(1, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC),
          LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC));
      int nano = random.nextBoolean() ? random.nextInt(1_000_000) * 1000 : random.nextInt(1_000_000_000);
      LocalDateTime t = LocalDateTime.ofEpochSecond(second, nano, ZoneOffset.UTC);
      String expected = JsonRowEncoder.datetime(t);
      assertThat(datetime(t)).isEqualTo(expected);
      assertThat(instant(t.toInstant(ZoneOffset.UTC))).isEqualTo(expected);
      assertThat(date(t.toLocalDate())).isEqualTo(t.toLocalDate().toString());
    }
  }

  @Test
  void decimalsUpToEighteenDigitsAreWrittenAsToPlainString() {
    String[] cases = {"0", "0.00", "-0.5", "0.000001", "123.45", "-123.45", "999999999999999999",
        "-999999999999999999", "0.999999999999999999", "-0.000000000000000001", "100", "1E+3", "12.3E+2",
        "1234567890123456789", "0.1234567890123456789", "1E-19", "5"};
    for (String c : cases) {
      java.math.BigDecimal d = new java.math.BigDecimal(c);
      int n = ValueText.decimal(out, d);
      if (d.scale() < 0 || d.scale() > 18 || d.precision() > 18) {
        assertThat(n).as(c).isEqualTo(-1);
      } else {
        assertThat(new String(out, 0, n)).as(c).isEqualTo(d.toPlainString());
      }
    }
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 200_000; i++) {
      long unscaled = random.nextLong() / (long) Math.pow(10, random.nextInt(0, 19));
      java.math.BigDecimal d = java.math.BigDecimal.valueOf(unscaled, random.nextInt(0, 19));
      int n = ValueText.decimal(out, d);
      if (d.precision() > 18) {
        assertThat(n).isEqualTo(-1);
      } else {
        assertThat(new String(out, 0, n)).isEqualTo(d.toPlainString());
      }
    }
  }
}
