package org.binlogload.connector.doris;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * Dates, datetimes and decimals written as Doris reads them ({@code yyyy-MM-dd}, {@code yyyy-MM-dd HH:mm:ss[.ffffff]},
 * plain decimals) into a caller's char buffer of at least 32 chars, without a String per value; the length written is
 * returned.
 */
final class ValueText {
  private ValueText() {
  }

  /** {@code d} as {@code yyyy-MM-dd}, as {@link LocalDate#toString()} writes it. */
  static int date(char[] out, LocalDate d) {
    return date(out, 0, d.getYear(), d.getMonthValue(), d.getDayOfMonth(), d);
  }

  /** {@code t} as {@code yyyy-MM-dd HH:mm:ss[.ffffff]}: microseconds at most, as DATETIMEV2(6) stores. */
  static int datetime(char[] out, LocalDateTime t) {
    int n = date(out, 0, t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t);
    out[n++] = ' ';
    return time(out, n, t.getHour(), t.getMinute(), t.getSecond(), t.getNano());
  }

  /** {@code i} in UTC, as {@link #datetime} writes it. */
  static int instant(char[] out, Instant i) {
    long seconds = i.getEpochSecond();
    long days = Math.floorDiv(seconds, 86_400L);
    int second = (int) Math.floorMod(seconds, 86_400L);
    LocalDate d = LocalDate.ofEpochDay(days);
    int n = date(out, 0, d.getYear(), d.getMonthValue(), d.getDayOfMonth(), d);
    out[n++] = ' ';
    return time(out, n, second / 3600, second / 60 % 60, second % 60, i.getNano());
  }

  /** Years outside 0-9999 take {@code toString()}'s sign and width: {@code whole} is the value to format then. */
  private static int date(char[] out, int at, int year, int month, int day, Object whole) {
    if (year < 0 || year > 9999) {
      String s = whole instanceof LocalDateTime t ? t.toLocalDate().toString() : LocalDate.of(year, month, day)
          .toString();
      s.getChars(0, s.length(), out, at);
      return at + s.length();
    }
    out[at] = (char) ('0' + year / 1000);
    out[at + 1] = (char) ('0' + year / 100 % 10);
    out[at + 2] = (char) ('0' + year / 10 % 10);
    out[at + 3] = (char) ('0' + year % 10);
    out[at + 4] = '-';
    two(out, at + 5, month);
    out[at + 7] = '-';
    two(out, at + 8, day);
    return at + 10;
  }

  private static int time(char[] out, int at, int h, int m, int s, int nano) {
    two(out, at, h);
    out[at + 2] = ':';
    two(out, at + 3, m);
    out[at + 5] = ':';
    two(out, at + 6, s);
    int n = at + 8;
    int micros = nano / 1000;
    if (micros != 0) {
      out[n++] = '.';
      int div = 100_000;
      while (micros != 0) {
        out[n++] = (char) ('0' + micros / div);
        micros %= div;
        div /= 10;
      }
    }
    return n;
  }

  /**
   * {@code d} as {@link BigDecimal#toPlainString()} writes it, for up to 18 digits and a scale of 0 to 18 (every
   * MySQL DECIMAL(18,s)); -1, with nothing written, for any other decimal.
   */
  static int decimal(char[] out, BigDecimal d) {
    int scale = d.scale();
    if (scale < 0 || scale > 18 || d.precision() > 18) {
      return -1;
    }
    return decimal(out, d.unscaledValue().longValue(), scale);
  }

  /** The decimal {@code u} x 10^-{@code scale} as {@link #decimal(char[], BigDecimal)} writes it, or -1 likewise. */
  static int decimal(char[] out, long u, int scale) {
    if (scale < 0 || scale > 18 || u <= -1_000_000_000_000_000_000L || u >= 1_000_000_000_000_000_000L) {
      return -1;
    }
    int n = 0;
    if (u < 0) {
      out[n++] = '-';
      u = -u;
    }
    int digits = Math.max(digits(u), scale + 1);
    int end = n + digits + (scale > 0 ? 1 : 0);
    int at = end;
    for (int i = 0; i < digits; i++) {
      if (i == scale && scale > 0) {
        out[--at] = '.';
      }
      out[--at] = (char) ('0' + u % 10);
      u /= 10;
    }
    return end;
  }

  private static int digits(long v) {
    int n = 1;
    while (v >= 10) {
      v /= 10;
      n++;
    }
    return n;
  }

  private static void two(char[] out, int at, int v) {
    out[at] = (char) ('0' + v / 10);
    out[at + 1] = (char) ('0' + v % 10);
  }
}
