package org.binlogload.dorisdouble;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Map;

/**
 * A Doris column type and the conversion of loaded values into it.
 *
 * <p>Follows the Doris docs "data-types" (ranges, VARCHAR length in bytes, DECIMALV3, DATEV2, DATETIMEV2) and
 * "load-strict-mode" (a value that fails conversion becomes NULL when strict mode is off, and the row is filtered
 * when strict mode is on or the column is NOT NULL).
 */
final class DataType {

    enum Kind {
        BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, LARGEINT, FLOAT, DOUBLE, DECIMAL, DATE, DATETIME, CHAR, VARCHAR,
        STRING, JSON;

        boolean isInteger() {
            return this == TINYINT || this == SMALLINT || this == INT || this == BIGINT || this == LARGEINT;
        }

        boolean isNumeric() {
            return isInteger() || this == FLOAT || this == DOUBLE || this == DECIMAL;
        }

        boolean isStringLike() {
            return this == CHAR || this == VARCHAR || this == STRING;
        }
    }

    /** Doris's VARCHAR limit (docs "data-types": VARCHAR(M), M in 1..65533). */
    static final int MAX_VARCHAR = 65533;
    static final int MAX_CHAR = 255;
    static final int MAX_DECIMAL_PRECISION = 38;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BigInteger LARGEINT_MAX = BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE);
    private static final BigInteger LARGEINT_MIN = BigInteger.ONE.shiftLeft(127).negate();
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

    final Kind kind;
    /** CHAR/VARCHAR length in bytes, DECIMAL precision, DATETIME fractional digits; -1 when meaningless. */
    final int length;
    final int scale;

    private DataType(Kind kind, int length, int scale) {
        this.kind = kind;
        this.length = length;
        this.scale = scale;
    }

    static DataType of(Kind kind) {
        return new DataType(kind, -1, 0);
    }

    static DataType varchar(int len) {
        return new DataType(Kind.VARCHAR, len, 0);
    }

    static DataType charType(int len) {
        return new DataType(Kind.CHAR, len, 0);
    }

    static DataType decimal(int precision, int scale) {
        return new DataType(Kind.DECIMAL, precision, scale);
    }

    static DataType datetime(int fsp) {
        return new DataType(Kind.DATETIME, fsp, 0);
    }

    /** The type as DESC and SHOW CREATE TABLE print it, e.g. {@code varchar(10)}, {@code decimal(10,2)}. */
    String toSql() {
        switch (kind) {
            case CHAR: return "char(" + length + ")";
            case VARCHAR: return "varchar(" + length + ")";
            case STRING: return "text";
            case DECIMAL: return "decimal(" + length + "," + scale + ")";
            case DATETIME: return length > 0 ? "datetime(" + length + ")" : "datetime";
            case JSON: return "json";
            default: return kind.name().toLowerCase(Locale.ROOT);
        }
    }

    /** The internal type name DESC ... ALL prints, e.g. {@code DECIMALV3(10,2)}, {@code DATETIMEV2(3)}. */
    String internalName() {
        switch (kind) {
            case CHAR: return "CHAR(" + length + ")";
            case VARCHAR: return "VARCHAR(" + length + ")";
            case STRING: return "TEXT";
            case DECIMAL: return "DECIMALV3(" + length + ", " + scale + ")";
            case DATE: return "DATEV2";
            case DATETIME: return "DATETIMEV2(" + length + ")";
            case JSON: return "JSONB";
            default: return kind.name();
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DataType)) {
            return false;
        }
        DataType t = (DataType) o;
        return kind == t.kind && length == t.length && scale == t.scale;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + length * 7 + scale;
    }

    @Override
    public String toString() {
        return toSql();
    }

    /** Integer range rank for widening checks; -1 for non-integers. */
    int integerRank() {
        switch (kind) {
            case TINYINT: return 1;
            case SMALLINT: return 2;
            case INT: return 3;
            case BIGINT: return 4;
            case LARGEINT: return 5;
            default: return -1;
        }
    }

    /** A conversion failure of one value; the message becomes the filtered row's reason. */
    static final class ConversionException extends Exception {
        ConversionException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Converts a value parsed from a JSON load (String, Number, Boolean, Map, List) or a SQL literal into this type's
     * canonical Java value: Integer (TINYINT..INT), Long, BigInteger, Float, Double, BigDecimal, Boolean, LocalDate,
     * LocalDateTime, or String (CHAR, VARCHAR, STRING, JSON as normalized JSON text).
     */
    Object convert(Object v) throws ConversionException {
        if (v == null) {
            return null;
        }
        switch (kind) {
            case BOOLEAN: return toBoolean(v);
            case TINYINT: return (int) integer(v, -128, 127);
            case SMALLINT: return (int) integer(v, -32768, 32767);
            case INT: return (int) integer(v, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case BIGINT: return integer(v, Long.MIN_VALUE, Long.MAX_VALUE);
            case LARGEINT: return largeint(v);
            case FLOAT: return (float) floating(v);
            case DOUBLE: return floating(v);
            case DECIMAL: return toDecimal(v);
            case DATE: return toDateTime(v).toLocalDate();
            case DATETIME: return truncate(toDateTime(v));
            case CHAR:
            case VARCHAR: {
                String s = text(v);
                int bytes = s.getBytes(StandardCharsets.UTF_8).length;
                if (bytes > length) {
                    throw new ConversionException("the length of input is too long than schema. input length: "
                            + bytes + ", schema length: " + length);
                }
                return s;
            }
            case STRING: return text(v);
            case JSON: return toJson(v);
            default: throw new IllegalStateException(kind.name());
        }
    }

    private String describe(Object v) {
        return "value [" + text(v) + "] is invalid for type " + toSql();
    }

    private static String text(Object v) {
        if (v instanceof String) {
            return (String) v;
        }
        if (v instanceof BigDecimal) {
            return ((BigDecimal) v).toPlainString();
        }
        if (v instanceof Map || v instanceof java.util.List) {
            try {
                return JSON.writeValueAsString(v);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        if (v instanceof LocalDateTime) {
            return formatDateTime((LocalDateTime) v, 6);
        }
        return String.valueOf(v);
    }

    private Boolean toBoolean(Object v) throws ConversionException {
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        String s = text(v).trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "true": case "1": return Boolean.TRUE;
            case "false": case "0": return Boolean.FALSE;
            default: throw new ConversionException(describe(v));
        }
    }

    private long integer(Object v, long min, long max) throws ConversionException {
        BigInteger b = bigInteger(v);
        if (b.bitLength() > 63 || b.longValue() < min || b.longValue() > max) {
            throw new ConversionException("value [" + text(v) + "] is out of range for type " + toSql());
        }
        return b.longValue();
    }

    private BigInteger largeint(Object v) throws ConversionException {
        BigInteger b = bigInteger(v);
        if (b.compareTo(LARGEINT_MAX) > 0 || b.compareTo(LARGEINT_MIN) < 0) {
            throw new ConversionException("value [" + text(v) + "] is out of range for type " + toSql());
        }
        return b;
    }

    private BigInteger bigInteger(Object v) throws ConversionException {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return BigInteger.valueOf(((Number) v).longValue());
        }
        if (v instanceof BigInteger) {
            return (BigInteger) v;
        }
        if (v instanceof Boolean) {
            return ((Boolean) v) ? BigInteger.ONE : BigInteger.ZERO;
        }
        if (v instanceof Map || v instanceof java.util.List) {
            throw new ConversionException(describe(v));
        }
        String s = text(v).trim();
        try {
            return new BigInteger(s);
        } catch (NumberFormatException e) {
            throw new ConversionException(describe(v));
        }
    }

    private double floating(Object v) throws ConversionException {
        if (v instanceof Number) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof Map || v instanceof java.util.List || v instanceof Boolean) {
            throw new ConversionException(describe(v));
        }
        try {
            return Double.parseDouble(text(v).trim());
        } catch (NumberFormatException e) {
            throw new ConversionException(describe(v));
        }
    }

    private BigDecimal toDecimal(Object v) throws ConversionException {
        BigDecimal d;
        if (v instanceof BigDecimal) {
            d = (BigDecimal) v;
        } else if (v instanceof BigInteger) {
            d = new BigDecimal((BigInteger) v);
        } else if (v instanceof Integer || v instanceof Long) {
            d = BigDecimal.valueOf(((Number) v).longValue());
        } else if (v instanceof Double || v instanceof Float) {
            d = new BigDecimal(v.toString());
        } else if (v instanceof String) {
            try {
                d = new BigDecimal(((String) v).trim());
            } catch (NumberFormatException e) {
                throw new ConversionException(describe(v));
            }
        } else {
            throw new ConversionException(describe(v));
        }
        d = d.setScale(scale, RoundingMode.HALF_UP);
        if (d.precision() - d.scale() > length - scale) {
            throw new ConversionException("value [" + text(v) + "] is out of range for type " + toSql());
        }
        return d;
    }

    private LocalDateTime toDateTime(Object v) throws ConversionException {
        if (v instanceof LocalDateTime) {
            return (LocalDateTime) v;
        }
        if (v instanceof LocalDate) {
            return ((LocalDate) v).atStartOfDay();
        }
        if (!(v instanceof String)) {
            throw new ConversionException(describe(v));
        }
        LocalDateTime fast = fastDateTime((String) v);
        if (fast != null) {
            return fast;
        }
        try {
            return LocalDateTime.parse(((String) v).trim(), DATE_TIME_IN);
        } catch (RuntimeException e) {
            throw new ConversionException(describe(v));
        }
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

    private LocalDateTime truncate(LocalDateTime t) {
        int fsp = Math.max(length, 0);
        long unit = (long) Math.pow(10, 9 - fsp);
        return t.withNano((int) (t.getNano() / unit * unit));
    }

    private static Object toJson(Object v) throws ConversionException {
        try {
            if (v instanceof String) {
                JsonNode n = JSON.readTree((String) v);
                if (n == null) {
                    throw new ConversionException("invalid json [" + v + "]");
                }
                return JSON.writeValueAsString(n);
            }
            return JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new ConversionException("invalid json [" + v + "]");
        }
    }

    /** Formats a stored value the way Doris prints it in query results. */
    String format(Object v) {
        if (v == null) {
            return null;
        }
        switch (kind) {
            case BOOLEAN: return ((Boolean) v) ? "1" : "0";
            case DECIMAL: return ((BigDecimal) v).toPlainString();
            case DATETIME: return formatDateTime((LocalDateTime) v, Math.max(length, 0));
            default: return v.toString();
        }
    }

    static String formatDateTime(LocalDateTime t, int fsp) {
        String base = String.format(Locale.ROOT, "%04d-%02d-%02d %02d:%02d:%02d", t.getYear(), t.getMonthValue(),
                t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond());
        if (fsp <= 0) {
            return base;
        }
        String nanos = String.format(Locale.ROOT, "%09d", t.getNano());
        return base + "." + nanos.substring(0, fsp);
    }
}
