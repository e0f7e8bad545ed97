package org.binlogload.canal.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns Canal's text value of one column into its typed value, driven by the column's MySQL type
 * ({@code SHOW CREATE TABLE} text such as {@code bigint(20) unsigned} or {@code enum('a','b')}).
 */
final class ColumnCodec {
  enum Kind { INTEGER, BIGINT_UNSIGNED, DECIMAL, DOUBLE, BIT, STRING, ENUM, SET, BYTES, DATE, DATETIME, TIMESTAMP, TIME,
    YEAR }

  final Kind kind;
  private final String[] members;
  private final int binaryLength;

  private ColumnCodec(Kind kind, String[] members, int binaryLength) {
    this.kind = kind;
    this.members = members;
    this.binaryLength = binaryLength;
  }

  static ColumnCodec forType(String mysqlType) {
    String t = mysqlType == null ? "" : mysqlType.trim();
    String lower = t.toLowerCase(Locale.ROOT);
    int paren = lower.indexOf('(');
    int space = lower.indexOf(' ');
    int end = paren >= 0 ? paren : (space >= 0 ? space : lower.length());
    if (space >= 0 && space < end) {
      end = space;
    }
    String base = lower.substring(0, end);
    boolean unsigned = lower.contains("unsigned");
    switch (base) {
      case "tinyint":
        return new ColumnCodec(Kind.INTEGER, null, 0);
      case "smallint":
        return new ColumnCodec(Kind.INTEGER, null, 0);
      case "mediumint":
      case "int":
      case "integer":
        return new ColumnCodec(Kind.INTEGER, null, 0);
      case "bigint":
        return unsigned ? new ColumnCodec(Kind.BIGINT_UNSIGNED, null, 0)
            : new ColumnCodec(Kind.INTEGER, null, 0);
      case "decimal":
      case "numeric":
      case "dec":
      case "fixed":
        return new ColumnCodec(Kind.DECIMAL, null, 0);
      case "float":
        return new ColumnCodec(Kind.DOUBLE, null, 0);
      case "double":
      case "real":
        return new ColumnCodec(Kind.DOUBLE, null, 0);
      case "bit":
        return new ColumnCodec(Kind.BIT, null, 0);
      case "enum":
        return new ColumnCodec(Kind.ENUM, members(t), 0);
      case "set":
        return new ColumnCodec(Kind.SET, members(t), 0);
      case "binary":
        return new ColumnCodec(Kind.BYTES, null, length(lower, 1));
      case "varbinary":
        return new ColumnCodec(Kind.BYTES, null, 0);
      case "tinyblob":
      case "blob":
      case "mediumblob":
      case "longblob":
      case "geometry":
      case "point":
      case "linestring":
      case "polygon":
      case "multipoint":
      case "multilinestring":
      case "multipolygon":
      case "geometrycollection":
        return new ColumnCodec(Kind.BYTES, null, 0);
      case "date":
        return new ColumnCodec(Kind.DATE, null, 0);
      case "datetime":
        return new ColumnCodec(Kind.DATETIME, null, 0);
      case "timestamp":
        return new ColumnCodec(Kind.TIMESTAMP, null, 0);
      case "time":
        return new ColumnCodec(Kind.TIME, null, 0);
      case "year":
        return new ColumnCodec(Kind.YEAR, null, 0);
      case "char":
        return new ColumnCodec(Kind.STRING, null, 0);
      case "varchar":
        return new ColumnCodec(Kind.STRING, null, 0);
      case "json":
      case "tinytext":
      case "text":
      case "mediumtext":
      case "longtext":
        return new ColumnCodec(Kind.STRING, null, 0);
      default:
        return new ColumnCodec(Kind.STRING, null, 0);
    }
  }

  /**
   * The typed value of Canal's text {@code value}; {@code canalSqlType} tells whether Canal decoded the bytes as
   * ISO-8859-1 (then text columns are re-decoded as UTF-8).
   */
  Object decode(String value, int canalSqlType) {
    switch (kind) {
      case INTEGER:
        return Long.parseLong(value);
      case BIGINT_UNSIGNED:
        return new BigInteger(value);
      case DECIMAL:
        return new BigDecimal(value);
      case DOUBLE:
        return Double.parseDouble(value);
      case BIT: { // BIT(64) with its top bit set exceeds a Long: its number, as Doris's LARGEINT holds it
        long bits = Long.parseUnsignedLong(value);
        return bits >= 0 ? (Object) bits : new BigInteger(value);
      }
      case STRING:
        return isBinary(canalSqlType) ? new String(value.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)
            : value;
      case ENUM:
        return enumValue(value);
      case SET:
        return setValue(value);
      case BYTES:
        return bytes(value);
      case DATE:
        return isZeroDate(value) ? null : parseDate(value);
      case DATETIME:
        return isZeroDate(value) ? null : parseDateTime(value);
      case TIMESTAMP:
        // Canal formats TIMESTAMP from epoch seconds with java.sql.Timestamp in this JVM's zone; parsing it back the
        // same way gives the original instant whatever the zone (the repeated hour of a DST fall-back aside).
        return isZeroDate(value) ? null : Timestamp.valueOf(value).toInstant();
      case TIME:
        return value;
      case YEAR:
        return Integer.parseInt(value);
      default:
        throw new IllegalStateException("unknown kind " + kind);
    }
  }

  /** {@code yyyy-MM-dd}, as Canal writes DATE; faster than a formatter on the hot path. */
  static LocalDate parseDate(String v) {
    if (v.length() != 10 || v.charAt(4) != '-' || v.charAt(7) != '-') {
      return LocalDate.parse(v);
    }
    return LocalDate.of(digits(v, 0, 4), digits(v, 5, 7), digits(v, 8, 10));
  }

  /** {@code yyyy-MM-dd HH:mm:ss[.f{1,9}]}, as Canal writes DATETIME. */
  static LocalDateTime parseDateTime(String v) {
    int n = v.length();
    if (n < 19 || v.charAt(4) != '-' || v.charAt(7) != '-' || v.charAt(10) != ' ' || v.charAt(13) != ':'
        || v.charAt(16) != ':' || (n > 19 && (v.charAt(19) != '.' || n > 29))) {
      return LocalDateTime.parse(v.replace(' ', 'T'));
    }
    int nanos = 0;
    if (n > 20) {
      nanos = digits(v, 20, n);
      for (int i = n - 20; i < 9; i++) {
        nanos *= 10;
      }
    }
    return LocalDateTime.of(digits(v, 0, 4), digits(v, 5, 7), digits(v, 8, 10), digits(v, 11, 13),
        digits(v, 14, 16), digits(v, 17, 19), nanos);
  }

  private static int digits(String v, int from, int to) {
    int x = 0;
    for (int i = from; i < to; i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("not a number in " + v);
      }
      x = x * 10 + (c - '0');
    }
    return x;
  }

  private static boolean isBinary(int sqlType) {
    return sqlType == Types.BLOB || sqlType == Types.BINARY || sqlType == Types.VARBINARY
        || sqlType == Types.LONGVARBINARY;
  }

  private static boolean isZeroDate(String v) {
    return v.startsWith("0000-00-00") || v.startsWith("-") || v.contains("-00");
  }

  private byte[] bytes(String value) {
    byte[] b = value.getBytes(StandardCharsets.ISO_8859_1);
    if (binaryLength > b.length) {
      byte[] padded = new byte[binaryLength];
      System.arraycopy(b, 0, padded, 0, b.length);
      return padded;
    }
    return b;
  }

  private String enumValue(String value) {
    int index;
    try {
      index = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return value; // already the member's name
    }
    if (index == 0) {
      return "";
    }
    if (index < 1 || index > members.length) {
      throw new IllegalArgumentException("enum index " + index + " out of range 1.." + members.length);
    }
    return members[index - 1];
  }

  private String setValue(String value) {
    long mask;
    try {
      mask = Long.parseLong(value);
    } catch (NumberFormatException e) {
      return value;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < members.length && i < 64; i++) {
      if ((mask & (1L << i)) != 0) {
        if (sb.length() > 0) {
          sb.append(',');
        }
        sb.append(members[i]);
      }
    }
    return sb.toString();
  }

  private static int length(String lowerType, int dflt) {
    int open = lowerType.indexOf('(');
    int close = lowerType.indexOf(')', open + 1);
    if (open < 0 || close < 0) {
      return dflt;
    }
    try {
      return Integer.parseInt(lowerType.substring(open + 1, close).trim());
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  /** The members of {@code enum('a','b')} or {@code set('x','y')}, with '' and \' unescaped. */
  static String[] members(String type) {
    int open = type.indexOf('(');
    int close = type.lastIndexOf(')');
    List<String> out = new ArrayList<>();
    if (open < 0 || close < open) {
      return new String[0];
    }
    String body = type.substring(open + 1, close);
    int i = 0;
    while (i < body.length()) {
      char c = body.charAt(i);
      if (c == '\'') {
        StringBuilder sb = new StringBuilder();
        i++;
        while (i < body.length()) {
          char d = body.charAt(i);
          if (d == '\'' && i + 1 < body.length() && body.charAt(i + 1) == '\'') {
            sb.append('\'');
            i += 2;
          } else if (d == '\\' && i + 1 < body.length()) {
            sb.append(body.charAt(i + 1));
            i += 2;
          } else if (d == '\'') {
            i++;
            break;
          } else {
            sb.append(d);
            i++;
          }
        }
        out.add(sb.toString());
      } else {
        i++;
      }
    }
    return out.toArray(new String[0]);
  }
}
