package org.binlogload.dorisdouble;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;

/** The text form of DATE and DATETIME values: parsing what a load sends and printing what a query shows. */
final class DateTimeText {

    private static final DateTimeFormatter DATE_TIME_IN = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd")
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalEnd()
            .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
            .toFormatter(Locale.ROOT)
            .withResolverStyle(java.time.format.ResolverStyle.STRICT);

    private DateTimeText() {
    }

    /**
     * Parses {@code yyyy-MM-dd}, optionally followed (after a space or {@code T}) by {@code HH:mm:ss} and a fraction.
     *
     * @throws RuntimeException when the text is no such date or date-time
     */
    static LocalDateTime parse(String s) {
        LocalDateTime fast = fastDateTime(s);
        if (fast != null) {
            return fast;
        }
        return LocalDateTime.parse(s.trim(), DATE_TIME_IN);
    }

    /** Parses {@code yyyy-MM-dd[ HH:mm:ss[.f{1,9}]]} without a formatter; null when the text has another shape. */
    private static LocalDateTime fastDateTime(String s) {
        int n = s.length();
        if (n != 10 && n != 19 && (n < 21 || n > 29)) {
            return null;
        }
        try {
            if (s.charAt(4) != '-' || s.charAt(7) != '-') {
                return null;
            }
            int year = digits(s, 0, 4);
            int month = digits(s, 5, 7);
            int day = digits(s, 8, 10);
            if (year < 0 || month < 0 || day < 0) {
                return null;
            }
            if (n == 10) {
                return LocalDateTime.of(year, month, day, 0, 0);
            }
            char sep = s.charAt(10);
            if ((sep != ' ' && sep != 'T') || s.charAt(13) != ':' || s.charAt(16) != ':') {
                return null;
            }
            int h = digits(s, 11, 13);
            int mi = digits(s, 14, 16);
            int se = digits(s, 17, 19);
            if (h < 0 || mi < 0 || se < 0) {
                return null;
            }
            int nano = 0;
            if (n > 19) {
                if (s.charAt(19) != '.') {
                    return null;
                }
                int f = digits(s, 20, n);
                if (f < 0) {
                    return null;
                }
                for (int i = n - 20; i < 9; i++) {
                    f *= 10;
                }
                nano = f;
            }
            return LocalDateTime.of(year, month, day, h, mi, se, nano);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Prints {@code yyyy-MM-dd HH:mm:ss} and, when {@code fsp > 0}, that many fractional digits (truncated). */
    static String format(LocalDateTime t, int fsp) {
        String base = String.format(Locale.ROOT, "%04d-%02d-%02d %02d:%02d:%02d", t.getYear(), t.getMonthValue(),
                t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond());
        if (fsp <= 0) {
            return base;
        }
        String nanos = String.format(Locale.ROOT, "%09d", t.getNano());
        return base + "." + nanos.substring(0, fsp);
    }
}
