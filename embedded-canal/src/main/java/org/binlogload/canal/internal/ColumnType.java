package org.binlogload.canal.internal;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How one column's value, as Canal's binlog row reader extracts it, becomes its typed value; chosen once per table
 * shape from the column's definition ({@code SHOW CREATE TABLE} text such as {@code bigint(20) unsigned} or
 * {@code enum('a','b')}).
 */
final class ColumnType {
  enum Kind { INTEGER, BIGINT_UNSIGNED, DECIMAL, DOUBLE, BIT, STRING, ENUM, SET, BYTES, DATE, DATETIME, TIMESTAMP, TIME,
    YEAR, INET6, UUID }

  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  final Kind kind;
  /** Whether Canal's row reader must hand the value over as bytes, not as text decoded with the connection charset. */
  final boolean binary;
  private final boolean unsigned;
  private final String[] members;
  private final int binaryLength;

  private ColumnType(Kind kind, boolean binary, boolean unsigned, String[] members, int binaryLength) {
    this.kind = kind;
    this.binary = binary;
    this.unsigned = unsigned;
    this.members = members;
    this.binaryLength = binaryLength;
  }

  /** Whether the column is an unsigned number. */
  boolean unsigned() {
    return unsigned;
  }

  static ColumnType of(String mysqlType) {
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
    boolean binary = lower.contains("binary"); // BINARY, VARBINARY and text with a binary collation, as Canal decides
    return switch (base) {
      case "tinyint", "smallint", "mediumint", "int", "integer" -> new ColumnType(Kind.INTEGER, binary, unsigned, null,
          0);
      case "bigint" -> new ColumnType(unsigned ? Kind.BIGINT_UNSIGNED : Kind.INTEGER, binary, unsigned, null, 0);
      case "decimal", "numeric", "dec", "fixed" -> new ColumnType(Kind.DECIMAL, binary, unsigned, null, 0);
      case "float", "double", "real" -> new ColumnType(Kind.DOUBLE, binary, unsigned, null, 0);
      case "bit" -> new ColumnType(Kind.BIT, binary, false, null, 0);
      case "enum" -> new ColumnType(Kind.ENUM, binary, false, members(t), 0);
      case "set" -> new ColumnType(Kind.SET, binary, false, members(t), 0);
      case "binary" -> new ColumnType(Kind.BYTES, true, false, null, length(lower, 1));
      case "varbinary", "tinyblob", "blob", "mediumblob", "longblob", "geometry", "point", "linestring", "polygon",
          "multipoint", "multilinestring", "multipolygon", "geometrycollection" -> new ColumnType(Kind.BYTES, binary,
          false, null, 0);
      case "date" -> new ColumnType(Kind.DATE, binary, false, null, 0);
      case "datetime" -> new ColumnType(Kind.DATETIME, binary, false, null, 0);
      case "timestamp" -> new ColumnType(Kind.TIMESTAMP, binary, false, null, 0);
      case "time" -> new ColumnType(Kind.TIME, binary, false, null, 0);
      case "year" -> new ColumnType(Kind.YEAR, binary, false, null, 0);
      case "inet6" -> new ColumnType(Kind.INET6, true, false, null, 16);
      case "uuid" -> new ColumnType(Kind.UUID, true, false, null, 16);
      default -> new ColumnType(Kind.STRING, binary, false, null, 0); // char, varchar, text, json, ...
    };
  }

  /**
   * The typed value of {@code value}, as Canal's row reader extracted it; {@code length} is the reader's length of an
   * integer column (1 for TINYINT ... 8 for BIGINT), which tells how to read a negative value of an unsigned one.
   */
  Object typed(Serializable value, int length) {
    switch (kind) {
      case INTEGER: {
        long v = ((Number) value).longValue();
        return unsigned && v < 0 && length < 8 ? v + (1L << (8 * length)) : v;
      }
      case BIGINT_UNSIGNED: {
        long v = ((Number) value).longValue();
        return v >= 0 ? BigInteger.valueOf(v) : BigInteger.valueOf(v).add(TWO_64);
      }
      case DECIMAL: {
        BigDecimal d = (BigDecimal) value;
        return d.scale() < 0 ? d.setScale(0) : d;
      }
      case DOUBLE:
        // FLOAT keeps its shortest decimal form (1.1f is 1.1, not 1.100000023841858), as MySQL shows it.
        return value instanceof Float f ? Double.parseDouble(Float.toString(f)) : ((Number) value).doubleValue();
      case BIT: { // BIT(64) with its top bit set exceeds a Long: its number, as Doris's LARGEINT holds it
        long bits = ((Number) value).longValue();
        return bits >= 0 ? (Object) bits : new BigInteger(Long.toUnsignedString(bits));
      }
      case STRING:
        return value instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : value.toString();
      case ENUM:
        return value instanceof Number n ? enumValue(n.intValue()) : value.toString();
      case SET:
        return value instanceof Number n ? setValue(n.longValue()) : value.toString();
      case BYTES:
        return bytes(value instanceof byte[] b ? b : value.toString().getBytes(StandardCharsets.ISO_8859_1));
      case DATE: {
        String v = value.toString();
        return isZeroDate(v) ? null : parseDate(v);
      }
      case DATETIME: {
        String v = value.toString();
        return isZeroDate(v) ? null : parseDateTime(v);
      }
      case TIMESTAMP: {
        // Canal formats TIMESTAMP from epoch seconds with java.sql.Timestamp in this JVM's zone; parsing it back the
        // same way gives the original instant whatever the zone (the repeated hour of a DST fall-back aside).
        String v = value.toString();
        return isZeroDate(v) ? null : Timestamp.valueOf(v).toInstant();
      }
      case TIME:
        return value.toString();
      case YEAR:
        return Integer.parseInt(value.toString());
      case INET6:
        return inet6(bytes((byte[]) value));
      case UUID:
        return uuid(bytes((byte[]) value));
      default:
        throw new IllegalStateException("unknown kind " + kind);
    }
  }

  /**
   * The text of a CHAR/VARCHAR/TEXT value from its stored bytes in the character set of MySQL collation
   * {@code collation} (the table map's, binlog_row_metadata MINIMAL or FULL); null when the reader decodes it as
   * UTF-8 (utf8mb3, utf8mb4, or a collation the table map did not name) and for a collation
   * {@link MysqlCharsets#refusal} refuses.
   */
  static Decoder textDecoder(int collation) {
    return MysqlCharsets.decoder(collation);
  }

  /** Stored bytes to text. */
  @FunctionalInterface
  interface Decoder {
    String text(byte[] stored);
  }

  private static final char[] CP1252_80_9F = cp1252High();

  /**
   * MySQL's latin1: Windows-1252, whose five unassigned bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) MySQL maps to the C1
   * control characters of the same value.
   */
  static String latin1(byte[] b) {
    char[] c = new char[b.length];
    for (int i = 0; i < b.length; i++) {
      int x = b[i] & 0xff;
      c[i] = x >= 0x80 && x < 0xa0 ? CP1252_80_9F[x - 0x80] : (char) x;
    }
    return new String(c);
  }

  private static char[] cp1252High() {
    byte[] high = new byte[32];
    for (int i = 0; i < 32; i++) {
      high[i] = (byte) (0x80 + i);
    }
    char[] c = new String(high, java.nio.charset.Charset.forName("windows-1252")).toCharArray();
    for (int i = 0; i < 32; i++) {
      if (c[i] == '\uFFFD') {
        c[i] = (char) (0x80 + i);
      }
    }
    return c;
  }

  /** {@code yyyy-MM-dd}, as Canal writes DATE. */
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

  private static boolean isZeroDate(String v) {
    return v.startsWith("0000-00-00") || v.startsWith("-") || v.contains("-00");
  }

  /** BINARY(n) comes without its trailing zero bytes: padded back to n. */
  private byte[] bytes(byte[] b) {
    if (binaryLength > b.length) {
      byte[] padded = new byte[binaryLength];
      System.arraycopy(b, 0, padded, 0, b.length);
      return padded;
    }
    return b;
  }

  /** MariaDB's text of an INET6: IPv4-mapped and -compatible addresses with a dotted tail, else RFC 5952 form. */
  static String inet6(byte[] a) {
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
    }
    boolean zero80 = g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0;
    if (zero80 && g[5] == 0xffff) {
      return "::ffff:" + dotted(a);
    }
    if (zero80 && g[5] == 0 && (g[6] != 0 || g[7] > 1)) {
      return "::" + dotted(a);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLength - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }

  private static String dotted(byte[] a) {
    return (a[12] & 0xff) + "." + (a[13] & 0xff) + "." + (a[14] & 0xff) + "." + (a[15] & 0xff);
  }

  /** The 8-4-4-4-12 text of the 16 bytes of a MariaDB UUID, lower case, in the order the binlog carries them. */
  static String uuid(byte[] a) {
    char[] c = new char[36];
    int p = 0;
    for (int i = 0; i < 16; i++) {
      if (i == 4 || i == 6 || i == 8 || i == 10) {
        c[p++] = '-';
      }
      c[p++] = HEX[(a[i] >> 4) & 0xf];
      c[p++] = HEX[a[i] & 0xf];
    }
    return new String(c);
  }

  private String enumValue(int index) {
    if (index == 0) {
      return "";
    }
    if (index < 1 || index > members.length) {
      throw new IllegalArgumentException("enum index " + index + " out of range 1.." + members.length);
    }
    return members[index - 1];
  }

  private String setValue(long mask) {
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
