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
import java.util.Locale;
import java.util.Map;

/**
 * The conversion of a loaded value into a column type's stored value, refusing what the type cannot hold.
 *
 * <p>Follows the Doris docs "data-types" (ranges, VARCHAR length in bytes) and "load-strict-mode" (a value that fails
 * conversion becomes NULL when strict mode is off, and the row is filtered when strict mode is on or the column is NOT
 * NULL).
 */
final class ValueConversion {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BigInteger LARGEINT_MAX = BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE);
    private static final BigInteger LARGEINT_MIN = BigInteger.ONE.shiftLeft(127).negate();

    private ValueConversion() {
    }

    /**
     * Converts a value parsed from a JSON load (String, Number, Boolean, Map, List) or a SQL literal into the type's
     * canonical Java value: Integer (TINYINT..INT), Long, BigInteger, Float, Double, BigDecimal, Boolean, LocalDate,
     * LocalDateTime, or String (CHAR, VARCHAR, STRING, JSON as normalized JSON text).
     */
    static Object convert(DataType t, Object v) throws DataType.ConversionException {
        if (v == null) {
            return null;
        }
        switch (t.kind) {
            case BOOLEAN: return toBoolean(t, v);
            case TINYINT: return (int) integer(t, v, -128, 127);
            case SMALLINT: return (int) integer(t, v, -32768, 32767);
            case INT: return (int) integer(t, v, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case BIGINT: return integer(t, v, Long.MIN_VALUE, Long.MAX_VALUE);
            case LARGEINT: return largeint(t, v);
            case FLOAT: return (float) floating(t, v);
            case DOUBLE: return floating(t, v);
            case DECIMAL: return toDecimal(t, v);
            case DATE: return toDateTime(t, v).toLocalDate();
            case DATETIME: return truncate(t, toDateTime(t, v));
            case CHAR:
            case VARCHAR: {
                String s = text(v);
                int bytes = s.getBytes(StandardCharsets.UTF_8).length;
                if (bytes > t.length) {
                    throw new DataType.ConversionException("the length of input is too long than schema. input "
                            + "length: " + bytes + ", schema length: " + t.length);
                }
                return s;
            }
            case STRING: return text(v);
            case JSON: return toJson(v);
            default: throw new IllegalStateException(t.kind.name());
        }
    }

    private static DataType.ConversionException invalid(DataType t, Object v) {
        return new DataType.ConversionException("value [" + text(v) + "] is invalid for type " + t.toSql());
    }

    private static DataType.ConversionException outOfRange(DataType t, Object v) {
        return new DataType.ConversionException("value [" + text(v) + "] is out of range for type " + t.toSql());
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
            return DateTimeText.format((LocalDateTime) v, 6);
        }
        return String.valueOf(v);
    }

    private static Boolean toBoolean(DataType t, Object v) throws DataType.ConversionException {
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        String s = text(v).trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "true": case "1": return Boolean.TRUE;
            case "false": case "0": return Boolean.FALSE;
            default: throw invalid(t, v);
        }
    }

    private static long integer(DataType t, Object v, long min, long max) throws DataType.ConversionException {
        BigInteger b = bigInteger(t, v);
        if (b.bitLength() > 63 || b.longValue() < min || b.longValue() > max) {
            throw outOfRange(t, v);
        }
        return b.longValue();
    }

    private static BigInteger largeint(DataType t, Object v) throws DataType.ConversionException {
        BigInteger b = bigInteger(t, v);
        if (b.compareTo(LARGEINT_MAX) > 0 || b.compareTo(LARGEINT_MIN) < 0) {
            throw outOfRange(t, v);
        }
        return b;
    }

    private static BigInteger bigInteger(DataType t, Object v) throws DataType.ConversionException {
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
            throw invalid(t, v);
        }
        String s = text(v).trim();
        try {
            return new BigInteger(s);
        } catch (NumberFormatException e) {
            throw invalid(t, v);
        }
    }

    private static double floating(DataType t, Object v) throws DataType.ConversionException {
        if (v instanceof Number) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof Map || v instanceof java.util.List || v instanceof Boolean) {
            throw invalid(t, v);
        }
        try {
            return Double.parseDouble(text(v).trim());
        } catch (NumberFormatException e) {
            throw invalid(t, v);
        }
    }

    private static BigDecimal toDecimal(DataType t, Object v) throws DataType.ConversionException {
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
                throw invalid(t, v);
            }
        } else {
            throw invalid(t, v);
        }
        d = d.setScale(t.scale, RoundingMode.HALF_UP);
        if (d.precision() - d.scale() > t.length - t.scale) {
            throw outOfRange(t, v);
        }
        return d;
    }

    private static LocalDateTime toDateTime(DataType t, Object v) throws DataType.ConversionException {
        if (v instanceof LocalDateTime) {
            return (LocalDateTime) v;
        }
        if (v instanceof LocalDate) {
            return ((LocalDate) v).atStartOfDay();
        }
        if (!(v instanceof String)) {
            throw invalid(t, v);
        }
        try {
            return DateTimeText.parse((String) v);
        } catch (RuntimeException e) {
            throw invalid(t, v);
        }
    }

    private static LocalDateTime truncate(DataType t, LocalDateTime dt) {
        int fsp = Math.max(t.length, 0);
        long unit = (long) Math.pow(10, 9 - fsp);
        return dt.withNano((int) (dt.getNano() / unit * unit));
    }

    private static Object toJson(Object v) throws DataType.ConversionException {
        try {
            if (v instanceof String) {
                JsonNode n = JSON.readTree((String) v);
                if (n == null) {
                    throw new DataType.ConversionException("invalid json [" + v + "]");
                }
                return JSON.writeValueAsString(n);
            }
            return JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new DataType.ConversionException("invalid json [" + v + "]");
        }
    }
}
