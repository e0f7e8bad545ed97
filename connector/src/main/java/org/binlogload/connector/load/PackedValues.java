package org.binlogload.connector.load;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;

/**
 * The byte form of a {@link PackedRows} row: a delete flag, the sequence, then each value as a tag and its bytes. Every
 * value type the binlog decoder produces comes back equal and of the same class; strings keep each char, so any
 * String comes back as it was.
 */
final class PackedValues {
  private static final byte NULL = 0;
  private static final byte LONG = 1;
  private static final byte INT = 2;
  private static final byte SHORT = 3;
  private static final byte BYTE = 4;
  private static final byte STRING = 5;
  private static final byte DECIMAL = 6;
  private static final byte BIG_DECIMAL = 7;
  private static final byte DATETIME = 8;
  private static final byte DATE = 9;
  private static final byte DOUBLE = 10;
  private static final byte FLOAT = 11;
  private static final byte TRUE = 12;
  private static final byte FALSE = 13;
  private static final byte BYTES = 14;
  private static final byte BIG_INTEGER = 15;
  private static final byte TIME = 16;
  private static final byte INSTANT = 17;

  private PackedValues() {}

  /** Packs {@code v} into {@code s}; false when its type is not packed. */
  private static boolean packValue(Writer s, Object v) {
    if (v == null) {
      s.put(NULL);
    } else if (v instanceof String str) {
      s.put(STRING);
      s.putString(str);
    } else if (v instanceof Long l) {
      s.put(LONG);
      s.putLong(l);
    } else if (v instanceof Integer x) {
      s.put(INT);
      s.putInt(x);
    } else if (v instanceof BigDecimal d) {
      BigInteger u = d.unscaledValue();
      s.put(u.bitLength() < 64 ? DECIMAL : BIG_DECIMAL);
      s.putInt(d.scale());
      if (u.bitLength() < 64) {
        s.putLong(u.longValue());
      } else {
        s.putBytes(u.toByteArray());
      }
    } else if (v instanceof LocalDateTime t) {
      s.put(DATETIME);
      s.putLong(t.toLocalDate().toEpochDay());
      s.putLong(t.toLocalTime().toNanoOfDay());
    } else if (v instanceof LocalDate d) {
      s.put(DATE);
      s.putLong(d.toEpochDay());
    } else if (v instanceof Double d) {
      s.put(DOUBLE);
      s.putLong(Double.doubleToRawLongBits(d));
    } else if (v instanceof Float f) {
      s.put(FLOAT);
      s.putInt(Float.floatToRawIntBits(f));
    } else if (v instanceof Short x) {
      s.put(SHORT);
      s.putInt(x);
    } else if (v instanceof Byte x) {
      s.put(BYTE);
      s.putInt(x);
    } else if (v instanceof Boolean b) {
      s.put(b ? TRUE : FALSE);
    } else if (v instanceof byte[] b) {
      s.put(BYTES);
      s.putBytes(b);
    } else if (v instanceof BigInteger b) {
      s.put(BIG_INTEGER);
      s.putBytes(b.toByteArray());
    } else if (v instanceof LocalTime t) {
      s.put(TIME);
      s.putLong(t.toNanoOfDay());
    } else if (v instanceof Instant t) {
      s.put(INSTANT);
      s.putLong(t.getEpochSecond());
      s.putInt(t.getNano());
    } else {
      return false;
    }
    return true;
  }

  /** Packs one row at a time into a buffer of its own, reused for the next. */
  static final class Writer {
    private byte[] buf = new byte[256];
    private int n;

    /** The packed row's bytes, valid up to {@link #size()} until the next {@link #pack}. */
    byte[] bytes() {
      return buf;
    }

    /** The packed row's length. */
    int size() {
      return n;
    }

    /** Packs {@code row}; false when one of its values is of a type not packed. */
    boolean pack(LoadRow row) {
      n = 0;
      put(row.isDelete() ? (byte) 1 : (byte) 0);
      putLong(row.sequence());
      for (int i = 0, size = row.columns().size(); i < size; i++) {
        if (!packValue(this, row.value(i))) {
          return false;
        }
      }
      return true;
    }

    private void ensure(int more) {
      if (n + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
      }
    }

    void put(byte b) {
      ensure(1);
      buf[n++] = b;
    }

    void putInt(int v) {
      ensure(4);
      buf[n++] = (byte) (v >>> 24);
      buf[n++] = (byte) (v >>> 16);
      buf[n++] = (byte) (v >>> 8);
      buf[n++] = (byte) v;
    }

    void putLong(long v) {
      putInt((int) (v >>> 32));
      putInt((int) v);
    }

    void putBytes(byte[] b) {
      putInt(b.length);
      ensure(b.length);
      System.arraycopy(b, 0, buf, n, b.length);
      n += b.length;
    }

    /** Each char as one to three bytes (UTF-8's forms, surrogates one by one), so any String comes back as it was. */
    void putString(String s) {
      int len = s.length();
      putInt(len);
      ensure(len * 3);
      byte[] b = buf;
      int p = n;
      for (int i = 0; i < len; i++) {
        char c = s.charAt(i);
        if (c < 0x80) {
          b[p++] = (byte) c;
        } else if (c < 0x800) {
          b[p++] = (byte) (0xc0 | (c >> 6));
          b[p++] = (byte) (0x80 | (c & 0x3f));
        } else {
          b[p++] = (byte) (0xe0 | (c >> 12));
          b[p++] = (byte) (0x80 | ((c >> 6) & 0x3f));
          b[p++] = (byte) (0x80 | (c & 0x3f));
        }
      }
      n = p;
    }
  }

  /** Reads the values of one packed row. */
  static final class Reader {
    private byte[] b;
    private int p;
    private char[] chars = new char[64];

    Reader(byte[] b, int p) {
      this.b = b;
      this.p = p;
    }

    /** Reads from {@code p} of {@code b} from now on. */
    void reset(byte[] b, int p) {
      this.b = b;
      this.p = p;
    }

    /** Hands the next value to {@code sink}: the common types unboxed, a String's chars without a String. */
    void visit(ValueSink sink) throws java.io.IOException {
      byte tag = b[p];
      switch (tag) {
        case NULL -> {
          p++;
          sink.nullValue();
        }
        case LONG -> {
          p++;
          sink.integer(getLong());
        }
        case INT, SHORT, BYTE -> {
          p++;
          sink.integer(getInt());
        }
        case STRING -> {
          p++;
          int len = getChars();
          sink.text(chars, len);
        }
        case DECIMAL -> {
          p++;
          int scale = getInt();
          sink.decimal(getLong(), scale);
        }
        case DATETIME -> {
          p++;
          long day = getLong();
          sink.dateTime(day, getLong());
        }
        case DATE -> {
          p++;
          sink.date(getLong());
        }
        case DOUBLE -> {
          p++;
          sink.doubleValue(Double.longBitsToDouble(getLong()));
        }
        case FLOAT -> {
          p++;
          sink.floatValue(Float.intBitsToFloat(getInt()));
        }
        case TRUE, FALSE -> {
          p++;
          sink.bool(tag == TRUE);
        }
        default -> sink.value(value());
      }
    }

    /** Decodes the next String's chars into {@link #chars}; returns how many. */
    private int getChars() {
      int len = getInt();
      if (chars.length < len) {
        chars = new char[Math.max(len, chars.length * 2)];
      }
      char[] out = chars;
      for (int i = 0; i < len; i++) {
        int c = b[p++] & 0xff;
        if (c >= 0xe0) {
          c = ((c & 0x0f) << 12) | ((b[p] & 0x3f) << 6) | (b[p + 1] & 0x3f);
          p += 2;
        } else if (c >= 0xc0) {
          c = ((c & 0x1f) << 6) | (b[p++] & 0x3f);
        }
        out[i] = (char) c;
      }
      return len;
    }

    byte get() {
      return b[p++];
    }

    int getInt() {
      int v = ((b[p] & 0xff) << 24) | ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
      p += 4;
      return v;
    }

    long getLong() {
      return ((long) getInt() << 32) | (getInt() & 0xffffffffL);
    }

    byte[] getBytes() {
      int len = getInt();
      byte[] out = Arrays.copyOfRange(b, p, p + len);
      p += len;
      return out;
    }

    String getString() {
      int len = getChars(); // first: it may give chars a larger array
      return new String(chars, 0, len);
    }

    Object value() {
      byte tag = get();
      return switch (tag) {
        case NULL -> null;
        case LONG -> getLong();
        case INT -> getInt();
        case SHORT -> (short) getInt();
        case BYTE -> (byte) getInt();
        case STRING -> getString();
        case DECIMAL -> {
          int scale = getInt();
          yield BigDecimal.valueOf(getLong(), scale);
        }
        case BIG_DECIMAL -> {
          int scale = getInt();
          yield new BigDecimal(new BigInteger(getBytes()), scale);
        }
        case DATETIME -> {
          long day = getLong();
          yield LocalDateTime.of(LocalDate.ofEpochDay(day), LocalTime.ofNanoOfDay(getLong()));
        }
        case DATE -> LocalDate.ofEpochDay(getLong());
        case DOUBLE -> Double.longBitsToDouble(getLong());
        case FLOAT -> Float.intBitsToFloat(getInt());
        case TRUE -> Boolean.TRUE;
        case FALSE -> Boolean.FALSE;
        case BYTES -> getBytes();
        case BIG_INTEGER -> new BigInteger(getBytes());
        case TIME -> LocalTime.ofNanoOfDay(getLong());
        case INSTANT -> {
          long seconds = getLong();
          yield Instant.ofEpochSecond(seconds, getInt());
        }
        default -> throw new IllegalStateException("packed value tag " + tag);
      };
    }
  }
}
