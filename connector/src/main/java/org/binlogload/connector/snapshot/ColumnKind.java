package org.binlogload.connector.snapshot;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;

/**
 * How a source column's value is read, bound and written down, typed exactly as the binlog reader types it
 * (embedded-canal's {@code RowChange}): integers Long, BIGINT UNSIGNED BigInteger, DECIMAL BigDecimal, FLOAT and
 * DOUBLE Double, BIT Long (BigInteger above 2^63 - 1), text String, binary byte[], DATE LocalDate, DATETIME LocalDateTime, TIMESTAMP Instant,
 * TIME String, YEAR Integer; zero dates null.
 */
public enum ColumnKind {
  INTEGER, BIGINT_UNSIGNED, DECIMAL, DOUBLE, BIT, STRING, BYTES, DATE, DATETIME, TIMESTAMP, TIME, YEAR;

  private static final DateTimeFormatter SQL_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

  /** The kind of a column of MySQL type {@code mysqlType} ({@code information_schema.COLUMNS.COLUMN_TYPE}). */
  public static ColumnKind of(String mysqlType) {
    String t = mysqlType.trim().toLowerCase(Locale.ROOT);
    String base = t.split("[ (]", 2)[0];
    switch (base) {
      case "tinyint": case "smallint": case "mediumint": case "int": case "integer":
        return INTEGER;
      case "bigint":
        return t.contains("unsigned") ? BIGINT_UNSIGNED : INTEGER;
      case "decimal": case "numeric": case "dec": case "fixed":
        return DECIMAL;
      case "float": case "double": case "real":
        return DOUBLE;
      case "bit":
        return BIT;
      case "binary": case "varbinary": case "tinyblob": case "blob": case "mediumblob": case "longblob":
      case "geometry": case "point": case "linestring": case "polygon": case "multipoint": case "multilinestring":
      case "multipolygon": case "geometrycollection":
        return BYTES;
      case "date":
        return DATE;
      case "datetime":
        return DATETIME;
      case "timestamp":
        return TIMESTAMP;
      case "time":
        return TIME;
      case "year":
        return YEAR;
      default:
        return STRING; // char, varchar, text, enum and set (member names), json, inet4/6, uuid
    }
  }

  /**
   * The value of column {@code i} of the current row (the session's time zone is UTC). Text-protocol values are taken
   * as the server's bytes and parsed here: the driver's own String of a DATE, DATETIME or DOUBLE is formatted anew
   * per value ({@code String.format}) and was most of a snapshot's CPU.
   */
  public Object read(ResultSet rs, int i) throws SQLException {
    switch (this) {
      case INTEGER: case YEAR: {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : this == YEAR ? (Object) (int) v : (Object) v;
      }
      case STRING:
        return rs.getString(i);
      case BYTES:
        return rs.getBytes(i);
      default: {
        byte[] b = rs.getBytes(i);
        return b == null ? null : this == BIT ? bits(b) : parse(b);
      }
    }
  }

  /** The value of the server's ASCII text {@code b}, without a detour through the driver's formatting. */
  private Object parse(byte[] b) {
    if (this == DATE || this == DATETIME || this == TIMESTAMP) {
      if (b.length < 10 || b[5] == '0' && b[6] == '0' || b[8] == '0' && b[9] == '0') {
        return null; // a zero date, or a zero month or day: null, as the binlog reader gives it
      }
      LocalDate d = LocalDate.of(digits(b, 0, 4), digits(b, 5, 7), digits(b, 8, 10));
      if (this == DATE) {
        return d;
      }
      int nanos = 0;
      if (b.length > 20) {
        nanos = digits(b, 20, b.length);
        for (int k = b.length - 20; k < 9; k++) {
          nanos *= 10;
        }
      }
      LocalDateTime t = d.atTime(digits(b, 11, 13), digits(b, 14, 16), digits(b, 17, 19), nanos);
      return this == DATETIME ? t : t.toInstant(ZoneOffset.UTC);
    }
    return parse(new String(b, java.nio.charset.StandardCharsets.US_ASCII));
  }

  private static int digits(byte[] b, int from, int to) {
    int x = 0;
    for (int k = from; k < to; k++) {
      if (b[k] < '0' || b[k] > '9') {
        throw new IllegalArgumentException("not a date: " + new String(b, java.nio.charset.StandardCharsets.US_ASCII));
      }
      x = x * 10 + (b[k] - '0');
    }
    return x;
  }

  /** The value of the server's text {@code s} of a value of this kind (also a key's stored text). */
  public Object parse(String s) {
    switch (this) {
      case INTEGER:
        return Long.parseLong(s);
      case BIT: {
        BigInteger n = new BigInteger(s);
        return n.bitLength() < 64 ? (Object) n.longValue() : n;
      }
      case BIGINT_UNSIGNED:
        return new BigInteger(s);
      case DECIMAL:
        return new BigDecimal(s);
      case DOUBLE:
        return Double.parseDouble(s);
      case YEAR:
        return Integer.parseInt(s);
      case BYTES:
        return HexFormat.of().parseHex(s);
      case DATE:
        return isZeroDate(s) ? null : LocalDate.parse(s);
      case DATETIME:
        return isZeroDate(s) ? null : LocalDateTime.parse(s.replace(' ', 'T'));
      case TIMESTAMP:
        return isZeroDate(s) ? null : LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
      default:
        return s;
    }
  }

  /** The text {@link #parse} reads back: how a chunk's last key is stored in the snapshot progress. */
  public String text(Object v) {
    if (v instanceof byte[] b) {
      return HexFormat.of().formatHex(b);
    } else if (v instanceof BigDecimal d) {
      return d.toPlainString();
    } else if (v instanceof LocalDateTime t) {
      return t.toString();
    } else if (v instanceof java.time.Instant t) {
      return LocalDateTime.ofInstant(t, ZoneOffset.UTC).format(SQL_DATETIME);
    }
    return String.valueOf(v);
  }

  /** Binds {@code v}, a value of this kind, as parameter {@code i}, so the server compares it as the column's type. */
  public void bind(PreparedStatement st, int i, Object v) throws SQLException {
    switch (this) {
      case INTEGER:
        st.setLong(i, (Long) v);
        break;
      case BIT:
        if (v instanceof BigInteger n) {
          st.setBigDecimal(i, new BigDecimal(n));
        } else {
          st.setLong(i, (Long) v);
        }
        break;
      case BIGINT_UNSIGNED:
        st.setBigDecimal(i, new BigDecimal((BigInteger) v));
        break;
      case DECIMAL:
        st.setBigDecimal(i, (BigDecimal) v);
        break;
      case DOUBLE:
        st.setDouble(i, (Double) v);
        break;
      case YEAR:
        st.setInt(i, (Integer) v);
        break;
      case BYTES:
        st.setBytes(i, (byte[]) v);
        break;
      case DATETIME:
        st.setString(i, ((LocalDateTime) v).format(SQL_DATETIME));
        break;
      default:
        st.setString(i, text(v)); // dates, UTC timestamps (the session's zone), TIME and text
    }
  }

  /** A BIT value as the binlog reader gives it: a Long, or above 2^63 - 1 (BIT(64)) a BigInteger. */
  private static Object bits(byte[] b) {
    long x = 0;
    for (byte v : b) {
      x = (x << 8) | (v & 0xff);
    }
    return x >= 0 ? (Object) x : new java.math.BigInteger(1, b);
  }

  /** As the binlog reader: {@code 0000-00-00}, and dates with a zero month or day, are null. */
  private static boolean isZeroDate(String v) {
    return v.startsWith("0000-00-00") || v.startsWith("-") || v.contains("-00");
  }
}
