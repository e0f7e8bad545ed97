package org.binlogload.connector.doris;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.binlogload.connector.load.LoadColumns;
import org.binlogload.connector.load.LoadRow;
import org.binlogload.connector.load.RowCursor;
import org.binlogload.connector.load.ValueSink;

/**
 * Writes one row of a load as a JSON object in the form Doris's JSON reader loads without loss:
 * decimals and big integers as strings, dates as {@code yyyy-MM-dd}, datetimes as {@code yyyy-MM-dd HH:mm:ss[.ffffff]},
 * byte arrays per {@link BinaryEncoding}, plus the delete sign and the sequence column. It formats dates, decimals and
 * binaries in a buffer of its own: one encoder per body, never shared between threads.
 */
final class JsonRowEncoder {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
  private static final int MAX_SCRATCH = 64 * 1024;
  private static final SerializableString DELETE_SIGN = new SerializedString(DorisConfig.DELETE_SIGN_COLUMN);
  private static final SerializableString SEQUENCE_SOURCE = new SerializedString(DorisConfig.SEQUENCE_SOURCE_FIELD);

  private final String sequenceColumn;
  private final BinaryEncoding binaryEncoding;
  private char[] scratch = new char[64];
  private final Fields fields = new Fields();

  JsonRowEncoder(String sequenceColumn, BinaryEncoding binaryEncoding) {
    // only the hidden column is fed from LoadRow.sequence(); a named sequence column (function_column.sequence_col)
    // is an ordinary column whose value the row carries itself
    this.sequenceColumn = DorisConfig.HIDDEN_SEQUENCE_COLUMN.equals(sequenceColumn) ? sequenceColumn : null;
    this.binaryEncoding = binaryEncoding;
  }

  /**
   * The JSON field names of {@code columns}, quoted once for all the rows sharing them; null where the row's own delete
   * flag or sequence wins over a column of that name.
   */
  SerializableString[] fieldNames(LoadColumns columns) {
    SerializableString[] names = new SerializableString[columns.size()];
    for (int i = 0; i < names.length; i++) {
      String column = columns.name(i);
      boolean own = column.equals(DorisConfig.DELETE_SIGN_COLUMN) || column.equals(sequenceColumn)
          || column.equals(DorisConfig.SEQUENCE_SOURCE_FIELD);
      names[i] = own ? null : new SerializedString(column);
    }
    return names;
  }

  /** Writes the current row of {@code row}, whose columns' {@link #fieldNames} are {@code names}. */
  void write(JsonGenerator g, RowCursor row, SerializableString[] names, long rowNumber) throws IOException {
    g.writeStartObject();
    fields.start(g, names, rowNumber);
    row.values(fields);
    g.writeFieldName(DELETE_SIGN);
    g.writeNumber(row.isDelete() ? 1 : 0);
    if (sequenceColumn != null) {
      g.writeFieldName(SEQUENCE_SOURCE);
      g.writeNumber(row.sequence());
    }
    g.writeEndObject();
  }

  /** Writes each value it is given as the next column's field, skipping the columns without a field name. */
  private final class Fields implements ValueSink {
    private JsonGenerator g;
    private SerializableString[] names;
    private long rowNumber;
    private int column;

    void start(JsonGenerator g, SerializableString[] names, long rowNumber) {
      this.g = g;
      this.names = names;
      this.rowNumber = rowNumber;
      this.column = 0;
    }

    /** The next column's field name, written; null (and nothing written) when the column has none. */
    private SerializableString field() throws IOException {
      SerializableString name = names[column++];
      if (name != null) {
        g.writeFieldName(name);
      }
      return name;
    }

    @Override
    public void nullValue() throws IOException {
      if (field() != null) {
        g.writeNull();
      }
    }

    @Override
    public void integer(long v) throws IOException {
      if (field() != null) {
        g.writeNumber(v);
      }
    }

    @Override
    public void text(char[] chars, int length) throws IOException {
      if (field() != null) {
        g.writeString(chars, 0, length);
      }
    }

    @Override
    public void decimal(long unscaled, int scale) throws IOException {
      if (field() != null) {
        int n = ValueText.decimal(scratch, unscaled, scale);
        if (n >= 0) {
          g.writeString(scratch, 0, n);
        } else {
          g.writeString(BigDecimal.valueOf(unscaled, scale).toPlainString());
        }
      }
    }

    @Override
    public void dateTime(long epochDay, long nanoOfDay) throws IOException {
      if (field() != null) {
        LocalDateTime t = LocalDateTime.of(LocalDate.ofEpochDay(epochDay), LocalTime.ofNanoOfDay(nanoOfDay));
        g.writeString(scratch, 0, ValueText.datetime(scratch, t));
      }
    }

    @Override
    public void date(long epochDay) throws IOException {
      if (field() != null) {
        g.writeString(scratch, 0, ValueText.date(scratch, LocalDate.ofEpochDay(epochDay)));
      }
    }

    @Override
    public void doubleValue(double v) throws IOException {
      if (field() != null) {
        writeDouble(g, v);
      }
    }

    @Override
    public void floatValue(float v) throws IOException {
      if (field() != null) {
        writeFloat(g, v);
      }
    }

    @Override
    public void bool(boolean v) throws IOException {
      if (field() != null) {
        g.writeBoolean(v);
      }
    }

    @Override
    public void value(Object v) throws IOException {
      SerializableString name = field();
      if (name != null) {
        writeValue(g, v, name.getValue(), rowNumber);
      }
    }
  }

  void writeValue(JsonGenerator g, Object v, String column, long rowNumber) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof String) {
      g.writeString((String) v);
    } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      g.writeNumber(((Number) v).longValue());
    } else if (v instanceof BigDecimal) {
      int n = ValueText.decimal(scratch, (BigDecimal) v);
      if (n >= 0) {
        g.writeString(scratch, 0, n);
      } else {
        g.writeString(((BigDecimal) v).toPlainString());
      }
    } else if (v instanceof LocalDateTime) {
      g.writeString(scratch, 0, ValueText.datetime(scratch, (LocalDateTime) v));
    } else if (v instanceof Instant) {
      g.writeString(scratch, 0, ValueText.instant(scratch, (Instant) v));
    } else if (v instanceof LocalDate) {
      g.writeString(scratch, 0, ValueText.date(scratch, (LocalDate) v));
    } else if (v instanceof BigInteger) {
      g.writeString(v.toString()); // LARGEINT: a JSON number over 2^63 would be read as a double
    } else if (v instanceof Double d) {
      writeDouble(g, d);
    } else if (v instanceof Float f) {
      writeFloat(g, f);
    } else if (v instanceof Boolean) {
      g.writeBoolean((Boolean) v);
    } else if (v instanceof byte[]) {
      writeBinary(g, (byte[]) v);
    } else {
      String temporal = temporal(v);
      if (temporal != null) {
        g.writeString(temporal);
      } else {
        writeOther(g, v, column, rowNumber);
      }
    }
  }

  private static void writeDouble(JsonGenerator g, double d) throws IOException {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      g.writeString(Double.toString(d)); // not valid JSON as a number; strict mode rejects the row visibly
    } else {
      g.writeNumber(d);
    }
  }

  private static void writeFloat(JsonGenerator g, float f) throws IOException {
    if (Float.isNaN(f) || Float.isInfinite(f)) {
      g.writeString(Double.toString(f)); // as a double's text, "NaN" or "Infinity"
    } else {
      g.writeNumber(f);
    }
  }

  /** Other dates, times and timestamps as Doris reads them, or null when {@code v} is none. */
  private static String temporal(Object v) {
    if (v instanceof java.sql.Timestamp) {
      return datetime(((java.sql.Timestamp) v).toLocalDateTime());
    } else if (v instanceof java.sql.Date) {
      return ((java.sql.Date) v).toLocalDate().toString();
    } else if (v instanceof java.sql.Time) {
      return time(((java.sql.Time) v).toLocalTime());
    } else if (v instanceof LocalTime) {
      return time((LocalTime) v);
    } else if (v instanceof OffsetDateTime) {
      return datetime(((OffsetDateTime) v).toLocalDateTime());
    } else if (v instanceof ZonedDateTime) {
      return datetime(((ZonedDateTime) v).toLocalDateTime());
    }
    return null;
  }

  /** Other numbers, JSON objects and arrays (JSONB), enums and characters; anything else is refused. */
  private void writeOther(JsonGenerator g, Object v, String column, long rowNumber) throws IOException {
    if (v instanceof Number) {
      g.writeString(v.toString());
    } else if (v instanceof Map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        writeValue(g, e.getValue(), column, rowNumber);
      }
      g.writeEndObject();
    } else if (v instanceof Collection) {
      g.writeStartArray();
      for (Object o : (Collection<?>) v) {
        writeValue(g, o, column, rowNumber);
      }
      g.writeEndArray();
    } else if (v instanceof Enum || v instanceof Character || v instanceof CharSequence) {
      g.writeString(v.toString());
    } else {
      throw new IllegalArgumentException("column " + column + " of row " + rowNumber + " has unsupported type "
          + v.getClass().getName());
    }
  }

  private void writeBinary(JsonGenerator g, byte[] bytes) throws IOException {
    if (binaryEncoding == BinaryEncoding.HEX) {
      if (scratch.length < bytes.length * 2 && bytes.length <= MAX_SCRATCH / 2) {
        scratch = new char[Math.min(MAX_SCRATCH, Math.max(bytes.length * 2, scratch.length * 2))];
      }
      // a large BLOB gets an array of its own, not kept for the rest of the load
      char[] out = scratch.length >= bytes.length * 2 ? scratch : new char[bytes.length * 2];
      for (int i = 0; i < bytes.length; i++) {
        out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
        out[2 * i + 1] = HEX[bytes[i] & 0xf];
      }
      g.writeString(out, 0, bytes.length * 2);
    } else {
      g.writeString(Base64.getEncoder().encodeToString(bytes));
    }
  }

  /** {@code yyyy-MM-dd HH:mm:ss[.ffffff]}: microseconds at most, as DATETIMEV2(6) stores. */
  static String datetime(LocalDateTime t) {
    StringBuilder b = new StringBuilder(26);
    b.append(t.toLocalDate()).append(' ');
    appendTime(b, t.getHour(), t.getMinute(), t.getSecond(), t.getNano());
    return b.toString();
  }

  static String time(LocalTime t) {
    StringBuilder b = new StringBuilder(15);
    appendTime(b, t.getHour(), t.getMinute(), t.getSecond(), t.getNano());
    return b.toString();
  }

  private static void appendTime(StringBuilder b, int h, int m, int s, int nano) {
    two(b, h).append(':');
    two(b, m).append(':');
    two(b, s);
    int micros = nano / 1000;
    if (micros != 0) {
      String f = Integer.toString(micros + 1_000_000).substring(1);
      int end = f.length();
      while (end > 1 && f.charAt(end - 1) == '0') {
        end--;
      }
      b.append('.').append(f, 0, end);
    }
  }

  private static StringBuilder two(StringBuilder b, int v) {
    if (v < 10) {
      b.append('0');
    }
    return b.append(v);
  }
}
