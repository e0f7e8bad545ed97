package org.binlogload.dorisdouble;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.Locale;

/**
 * A Doris column type: its kind and parameters, and how DESC and query results print it.
 *
 * <p>Follows the Doris docs "data-types" (VARCHAR length in bytes, DECIMALV3, DATEV2, DATETIMEV2); loaded values are
 * converted into it by {@link ValueConversion}.
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

    /** Converts a loaded value into this type's stored value, as {@link ValueConversion#convert} describes. */
    Object convert(Object v) throws ConversionException {
        return ValueConversion.convert(this, v);
    }

    /** Formats a stored value the way Doris prints it in query results. */
    String format(Object v) {
        if (v == null) {
            return null;
        }
        switch (kind) {
            case BOOLEAN: return ((Boolean) v) ? "1" : "0";
            case DECIMAL: return ((BigDecimal) v).toPlainString();
            case DATETIME: return DateTimeText.format((LocalDateTime) v, Math.max(length, 0));
            default: return v.toString();
        }
    }
}
