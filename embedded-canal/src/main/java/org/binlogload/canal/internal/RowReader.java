package org.binlogload.canal.internal;

import com.taobao.tddl.dbsync.binlog.LogBuffer;
import com.taobao.tddl.dbsync.binlog.LogEvent;
import com.taobao.tddl.dbsync.binlog.event.RowsLogEvent;
import com.taobao.tddl.dbsync.binlog.event.TableMapLogEvent;
import java.lang.reflect.Field;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.BitSet;

/**
 * Reads the rows of a rows event from the binlog's own layout straight into typed values, dates and times included
 * (no text in between), for tables whose every column is of a type it knows (the MariaDB and MySQL 5.6+ layouts:
 * TIMESTAMP2, DATETIME2, TIME2); {@link RowDecoder} uses Canal's row reader for any other.
 */
final class RowReader {
  private static final Field ROWS = rowsField();
  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

  private final LogBuffer buffer;
  private final int[] types;
  private final int[] metas;
  private final ColumnType[] columns;
  private final ColumnType.Decoder[] text;
  private final BitSet nulls;

  private RowReader(LogBuffer buffer, int[] types, int[] metas, ColumnType[] columns, ColumnType.Decoder[] text) {
    this.buffer = buffer;
    this.types = types;
    this.metas = metas;
    this.columns = columns;
    this.text = text;
    this.nulls = new BitSet(columns.length);
  }

  /** A reader of {@code event}'s rows, or null when its layout or a column's type is one only Canal's reader knows. */
  static RowReader of(RowsLogEvent event, TableMapLogEvent.ColumnInfo[] info, ColumnType[] columns,
      ColumnType.Decoder[] text) {
    if (ROWS == null || event.getHeader().getType() == LogEvent.PARTIAL_UPDATE_ROWS_EVENT) {
      return null;
    }
    int n = columns.length;
    int[] types = new int[n];
    int[] metas = new int[n];
    for (int i = 0; i < n; i++) {
      int type = info[i].type;
      int meta = info[i].meta;
      if (type == LogEvent.MYSQL_TYPE_STRING && meta >= 256) {
        int byte0 = meta >> 8;
        int byte1 = meta & 0xff;
        if ((byte0 & 0x30) != 0x30) { // a CHAR longer than 255 bytes: two bits of its length in the type byte
          meta = byte1 | (((byte0 & 0x30) ^ 0x30) << 4);
          type = byte0 | 0x30;
        } else {
          type = byte0;
          meta = byte1;
        }
      }
      if (!known(type, columns[i].kind)) {
        return null;
      }
      types[i] = type;
      metas[i] = meta;
    }
    try {
      return new RowReader((LogBuffer) ROWS.get(event), types, metas, columns, text);
    } catch (IllegalAccessException e) {
      return null;
    }
  }

  /** Whether this reader decodes binlog {@code type} for a column of {@code kind} exactly as Canal's reader would. */
  private static boolean known(int type, ColumnType.Kind kind) {
    return switch (type) {
      case LogEvent.MYSQL_TYPE_TINY, LogEvent.MYSQL_TYPE_SHORT, LogEvent.MYSQL_TYPE_INT24, LogEvent.MYSQL_TYPE_LONG,
          LogEvent.MYSQL_TYPE_LONGLONG -> kind == ColumnType.Kind.INTEGER || kind == ColumnType.Kind.BIGINT_UNSIGNED;
      case LogEvent.MYSQL_TYPE_NEWDECIMAL -> kind == ColumnType.Kind.DECIMAL;
      case LogEvent.MYSQL_TYPE_FLOAT, LogEvent.MYSQL_TYPE_DOUBLE -> kind == ColumnType.Kind.DOUBLE;
      case LogEvent.MYSQL_TYPE_BIT -> kind == ColumnType.Kind.BIT;
      case LogEvent.MYSQL_TYPE_TIMESTAMP2 -> kind == ColumnType.Kind.TIMESTAMP;
      case LogEvent.MYSQL_TYPE_DATETIME2 -> kind == ColumnType.Kind.DATETIME;
      case LogEvent.MYSQL_TYPE_DATE -> kind == ColumnType.Kind.DATE;
      case LogEvent.MYSQL_TYPE_TIME2 -> kind == ColumnType.Kind.TIME;
      case LogEvent.MYSQL_TYPE_YEAR -> kind == ColumnType.Kind.YEAR;
      case LogEvent.MYSQL_TYPE_ENUM -> kind == ColumnType.Kind.ENUM;
      case LogEvent.MYSQL_TYPE_SET -> kind == ColumnType.Kind.SET;
      case LogEvent.MYSQL_TYPE_STRING, LogEvent.MYSQL_TYPE_VARCHAR, LogEvent.MYSQL_TYPE_VAR_STRING,
          LogEvent.MYSQL_TYPE_BLOB -> kind == ColumnType.Kind.STRING || kind == ColumnType.Kind.BYTES
          || kind == ColumnType.Kind.INET6 || kind == ColumnType.Kind.UUID;
      case LogEvent.MYSQL_TYPE_GEOMETRY -> kind == ColumnType.Kind.BYTES;
      default -> false;
    };
  }

  /** Moves to the next row image (every column present); false after the last. */
  boolean next() {
    if (!buffer.hasRemaining()) {
      return false;
    }
    nulls.clear();
    buffer.fillBitmap(nulls, columns.length);
    return true;
  }

  /** The typed values of the current row image. */
  Object[] values() {
    Object[] v = new Object[columns.length];
    for (int i = 0; i < v.length; i++) {
      if (!nulls.get(i)) {
        v[i] = value(i);
      }
    }
    return v;
  }

  private Object value(int i) {
    int meta = metas[i];
    ColumnType c = columns[i];
    switch (types[i]) {
      case LogEvent.MYSQL_TYPE_TINY:
        return integer(c, buffer.getInt8(), 1);
      case LogEvent.MYSQL_TYPE_SHORT:
        return integer(c, (short) buffer.getInt16(), 2);
      case LogEvent.MYSQL_TYPE_INT24:
        return integer(c, buffer.getInt24(), 3);
      case LogEvent.MYSQL_TYPE_LONG:
        return integer(c, buffer.getInt32(), 4);
      case LogEvent.MYSQL_TYPE_LONGLONG:
        return integer(c, buffer.getLong64(), 8);
      case LogEvent.MYSQL_TYPE_NEWDECIMAL:
        return c.typed(buffer.getDecimal(meta >> 8, meta & 0xff), 0);
      case LogEvent.MYSQL_TYPE_FLOAT:
        return Double.parseDouble(Float.toString(buffer.getFloat32())); // its shortest decimal form, as MySQL shows
      case LogEvent.MYSQL_TYPE_DOUBLE:
        return buffer.getDouble64();
      case LogEvent.MYSQL_TYPE_BIT: {
        int bits = (meta >> 8) * 8 + (meta & 0xff);
        return bits > 1 ? bigEndian((bits + 7) / 8) : (long) buffer.getInt8();
      }
      case LogEvent.MYSQL_TYPE_TIMESTAMP2: {
        long seconds = buffer.getBeUint32();
        int micros = fraction(meta);
        return seconds == 0 ? null : Instant.ofEpochSecond(seconds, micros * 1000L); // 0: the zero TIMESTAMP
      }
      case LogEvent.MYSQL_TYPE_DATETIME2:
        return datetime(buffer.getBeUlong40() - 0x8000000000L, fraction(meta));
      case LogEvent.MYSQL_TYPE_DATE: {
        int d = buffer.getUint24();
        int month = d / 32 % 16;
        int day = d % 32;
        return month == 0 || day == 0 ? null : LocalDate.of(d / (16 * 32), month, day);
      }
      case LogEvent.MYSQL_TYPE_TIME2:
        return time(meta);
      case LogEvent.MYSQL_TYPE_YEAR: {
        int y = buffer.getUint8();
        return y == 0 ? 0 : 1900 + y;
      }
      case LogEvent.MYSQL_TYPE_ENUM:
        return c.typed(meta == 1 ? buffer.getUint8() : buffer.getUint16(), meta);
      case LogEvent.MYSQL_TYPE_SET:
        return c.typed(littleEndian(meta), meta);
      case LogEvent.MYSQL_TYPE_VARCHAR:
      case LogEvent.MYSQL_TYPE_VAR_STRING:
      case LogEvent.MYSQL_TYPE_STRING:
        return bytesOrText(i, c, meta < 256 ? buffer.getUint8() : buffer.getUint16());
      case LogEvent.MYSQL_TYPE_BLOB:
      case LogEvent.MYSQL_TYPE_GEOMETRY:
        return bytesOrText(i, c, (int) littleEndian(meta));
      default:
        throw new IllegalStateException("binlog type " + types[i] + " reached the direct reader");
    }
  }

  private static Object integer(ColumnType c, long v, int length) {
    if (c.kind == ColumnType.Kind.BIGINT_UNSIGNED) {
      return v >= 0 ? BigInteger.valueOf(v) : BigInteger.valueOf(v).add(TWO_64);
    }
    return c.unsigned() && v < 0 && length < 8 ? v + (1L << (8 * length)) : v;
  }

  private Object bytesOrText(int i, ColumnType c, int length) {
    ColumnType.Decoder d = text == null ? null : text[i];
    if (c.kind == ColumnType.Kind.STRING && d == null) {
      return buffer.getFullString(length, StandardCharsets.UTF_8);
    }
    byte[] b = new byte[length];
    buffer.fillBytes(b, 0, length);
    return d != null ? d.text(b) : c.typed(b, 0);
  }

  /** The fraction of a TIMESTAMP2/DATETIME2 of precision {@code meta}, in microseconds. */
  private int fraction(int meta) {
    return switch (meta) {
      case 1, 2 -> buffer.getInt8() * 10000;
      case 3, 4 -> buffer.getBeInt16() * 100;
      case 5, 6 -> buffer.getBeInt24();
      default -> 0;
    };
  }

  private static LocalDateTime datetime(long packed, int micros) {
    if (packed == 0) {
      return null; // the zero DATETIME
    }
    long ymd = packed >> 17;
    long ym = ymd >> 5;
    int month = (int) (ym % 13);
    int day = (int) (ymd % 32);
    if (month == 0 || day == 0) {
      return null; // a zero date part
    }
    long hms = packed % (1 << 17);
    return LocalDateTime.of((int) (ym / 13), month, day, (int) (hms >> 12), (int) ((hms >> 6) % 64), (int) (hms % 64),
        micros * 1000);
  }

  /** A TIME2 of precision {@code meta} as the text {@code [-]HH[H]:mm:ss[.f{meta}]}. */
  private String time(int meta) {
    long whole;
    long packed;
    int micros;
    switch (meta) {
      case 1, 2: {
        whole = buffer.getBeUint24() - 0x800000L;
        int f = buffer.getUint8();
        if (whole < 0 && f > 0) { // negative values keep the fraction in reverse order
          whole++;
          f -= 0x100;
        }
        micros = f * 10000;
        packed = whole << 24;
        break;
      }
      case 3, 4: {
        whole = buffer.getBeUint24() - 0x800000L;
        int f = buffer.getBeUint16();
        if (whole < 0 && f > 0) {
          whole++;
          f -= 0x10000;
        }
        micros = f * 100;
        packed = whole << 24;
        break;
      }
      case 5, 6:
        whole = buffer.getBeUlong48() - 0x800000000000L;
        packed = whole;
        micros = (int) (whole % (1L << 24));
        break;
      default:
        whole = buffer.getBeUint24() - 0x800000L;
        packed = whole << 24;
        micros = 0;
        break;
    }
    StringBuilder sb = new StringBuilder(18);
    if (whole == 0) {
      sb.append(micros < 0 ? "-00:00:00" : "00:00:00");
    } else {
      long seconds = Math.abs(packed) >> 24;
      if (packed < 0) {
        sb.append('-');
      }
      int hours = (int) ((seconds >> 12) % 1024);
      if (hours < 10) {
        sb.append('0');
      }
      sb.append(hours).append(':');
      two(sb, (int) ((seconds >> 6) % 64));
      sb.append(':');
      two(sb, (int) (seconds % 64));
    }
    if (meta >= 1) {
      String digits = Integer.toString(Math.abs(micros));
      sb.append('.');
      for (int k = digits.length(); k < 6; k++) {
        sb.append('0');
      }
      sb.append(digits);
      sb.setLength(sb.length() - (6 - Math.min(meta, 6)));
    }
    return sb.toString();
  }

  private static void two(StringBuilder sb, int v) {
    if (v < 10) {
      sb.append('0');
    }
    sb.append(v);
  }

  private long bigEndian(int bytes) {
    long v = 0;
    for (int k = 0; k < bytes; k++) {
      v = (v << 8) | buffer.getUint8();
    }
    return v;
  }

  private long littleEndian(int bytes) {
    long v = 0;
    for (int k = 0; k < bytes; k++) {
      v |= (long) buffer.getUint8() << (8 * k);
    }
    return v;
  }

  private static Field rowsField() {
    try {
      Field f = RowsLogEvent.class.getDeclaredField("rowsBuf");
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null; // another Canal version: Canal's own reader decodes every row
    }
  }
}
