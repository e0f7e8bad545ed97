package org.binlogload.connector.load;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.RandomAccess;
import java.util.Set;
import org.binlogload.canal.BinlogPosition;

/**
 * Rows in binlog order packed into byte pages until they are loaded: a buffered row costs its packed bytes and two
 * references instead of a dozen objects that every young collection copies again. A row holding a value of a type
 * not packed here is kept as it is. One thread adds and drops rows; a {@link #head} view may be read by another.
 */
public final class PackedRows {
  static final int PAGE = 64 * 1024;

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

  private final List<byte[]> pages = new ArrayList<>();
  /** The offset of the first page's first byte among all bytes ever written. */
  private long pageBase;
  /** The offset the next row is written at. */
  private long end;
  private final Scratch scratch = new Scratch();

  // rows [first, first + count) of the arrays; a packed row's meta is its LoadColumns, a kept row's the row itself
  private long[] starts = new long[64];
  private long[] sizes = new long[64];
  private Object[] metas = new Object[64];
  private BinlogPosition[] positions = new BinlogPosition[64];
  private int first;
  private int count;
  private long bytes;

  /** Adds {@code row} after the others. */
  public void add(LoadRow row) {
    if (first + count == starts.length) {
      grow();
    }
    int i = first + count;
    starts[i] = end;
    sizes[i] = row.estimatedBytes();
    positions[i] = row.position();
    if (pack(row)) {
      metas[i] = row.columns();
      write(scratch.buf, scratch.n);
    } else {
      metas[i] = row;
    }
    count++;
    bytes += row.estimatedBytes();
  }

  /** How many rows are held. */
  public int size() {
    return count;
  }

  /** The position of row {@code i} (0 is the oldest held). */
  public BinlogPosition position(int i) {
    return positions[first + checkIndex(i)];
  }

  /** The sum of the held rows' {@link LoadRow#estimatedBytes()}. */
  public long estimatedBytes() {
    return bytes;
  }

  /** The first {@code n} rows as an unmodifiable list that later adds and drops do not change. */
  public List<LoadRow> head(int n) {
    if (n < 0 || n > count) {
      throw new IndexOutOfBoundsException("n " + n + " of " + count + " rows");
    }
    if (n == 0) {
      return List.of();
    }
    long from = starts[first];
    long to = n == count ? end : starts[first + n];
    List<byte[]> viewPages = List.of();
    long base = from;
    if (to > from) { // else only kept rows
      int firstPage = (int) ((from - pageBase) / PAGE);
      int lastPage = (int) ((to - 1 - pageBase) / PAGE);
      viewPages = List.copyOf(pages.subList(firstPage, lastPage + 1));
      base = pageBase + (long) firstPage * PAGE;
    }
    return new View(viewPages, base, Arrays.copyOfRange(starts, first, first + n), to,
        Arrays.copyOfRange(metas, first, first + n), Arrays.copyOfRange(positions, first, first + n));
  }

  /** Drops the first {@code n} rows; returns the sum of their estimated bytes. */
  public long dropHead(int n) {
    if (n < 0 || n > count) {
      throw new IndexOutOfBoundsException("n " + n + " of " + count + " rows");
    }
    long dropped = 0;
    for (int i = first; i < first + n; i++) {
      dropped += sizes[i];
      metas[i] = null;
      positions[i] = null;
    }
    first += n;
    count -= n;
    bytes -= dropped;
    long keepFrom = count == 0 ? end : starts[first];
    int freed = (int) ((keepFrom - pageBase) / PAGE);
    if (count == 0 && end > pageBase) {
      freed = pages.size(); // nothing held: the partly written page goes too, the next row starts a new one
      end = pageBase + (long) pages.size() * PAGE;
    }
    if (freed > 0) {
      pages.subList(0, freed).clear();
      pageBase += (long) freed * PAGE;
    }
    if (count == 0) {
      first = 0;
    }
    return dropped;
  }

  /** The pages held, for tests of what dropping frees. */
  int pages() {
    return pages.size();
  }

  /** Drops every row. */
  public void clear() {
    dropHead(count);
  }

  private int checkIndex(int i) {
    if (i < 0 || i >= count) {
      throw new IndexOutOfBoundsException("row " + i + " of " + count);
    }
    return i;
  }

  private void grow() {
    if (first > 0 && count <= starts.length / 2) { // room at the front: move the rows there
      System.arraycopy(starts, first, starts, 0, count);
      System.arraycopy(sizes, first, sizes, 0, count);
      System.arraycopy(metas, first, metas, 0, count);
      System.arraycopy(positions, first, positions, 0, count);
      Arrays.fill(metas, count, first + count, null);
      Arrays.fill(positions, count, first + count, null);
      first = 0;
      return;
    }
    int size = starts.length * 2;
    starts = Arrays.copyOf(starts, size);
    sizes = Arrays.copyOf(sizes, size);
    metas = Arrays.copyOf(metas, size);
    positions = Arrays.copyOf(positions, size);
  }

  private void write(byte[] b, int n) {
    int off = 0;
    while (off < n) {
      int inPage = (int) ((end - pageBase) % PAGE);
      if (inPage == 0 && end - pageBase == (long) pages.size() * PAGE) {
        pages.add(new byte[PAGE]);
      }
      byte[] page = pages.get((int) ((end - pageBase) / PAGE));
      int k = Math.min(n - off, PAGE - inPage);
      System.arraycopy(b, off, page, inPage, k);
      off += k;
      end += k;
    }
  }

  /** Packs {@code row} into the scratch buffer; false when one of its values is of a type not packed. */
  private boolean pack(LoadRow row) {
    Scratch s = scratch;
    s.n = 0;
    s.put(row.isDelete() ? (byte) 1 : (byte) 0);
    s.putLong(row.sequence());
    for (int i = 0, size = row.columns().size(); i < size; i++) {
      if (!packValue(s, row.value(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean packValue(Scratch s, Object v) {
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

  /** The rows of a {@link #head}: unpacked each time one is got. */
  static final class View extends AbstractList<LoadRow> implements RandomAccess {
    private final List<byte[]> pages;
    private final long base;
    private final long[] starts;
    private final long end;
    private final Object[] metas;
    private final BinlogPosition[] positions;

    private View(List<byte[]> pages, long base, long[] starts, long end, Object[] metas,
        BinlogPosition[] positions) {
      this.pages = pages;
      this.base = base;
      this.starts = starts;
      this.end = end;
      this.metas = metas;
      this.positions = positions;
    }

    @Override
    public int size() {
      return starts.length;
    }

    @Override
    public LoadRow get(int i) {
      if (metas[i] instanceof LoadRow kept) {
        return kept;
      }
      LoadColumns columns = (LoadColumns) metas[i];
      long from = starts[i];
      long to = i + 1 < starts.length ? starts[i + 1] : end;
      Reader r = reader(from, to);
      boolean delete = r.get() != 0;
      long sequence = r.getLong();
      Object[] values = new Object[columns.size()];
      for (int c = 0; c < values.length; c++) {
        values[c] = r.value();
      }
      return LoadRow.of(columns, values, delete, sequence, positions[i]);
    }

    /** The distinct column lists of the rows, in first-seen order, without unpacking a row. */
    List<LoadColumns> shapes() {
      Set<LoadColumns> out = new LinkedHashSet<>();
      Object last = null;
      for (Object m : metas) {
        LoadColumns c = m instanceof LoadRow kept ? kept.columns() : (LoadColumns) m;
        if (c != last) {
          out.add(c);
          last = c;
        }
      }
      return List.copyOf(out);
    }

    private Reader reader(long from, long to) {
      int page = (int) ((from - base) / PAGE);
      int off = (int) ((from - base) % PAGE);
      int len = (int) (to - from);
      if (off + len <= PAGE) {
        return new Reader(pages.get(page), off);
      }
      byte[] row = new byte[len]; // a row across pages: gathered once
      for (int n = 0; n < len; ) {
        int k = Math.min(len - n, PAGE - off);
        System.arraycopy(pages.get(page), off, row, n, k);
        n += k;
        page++;
        off = 0;
      }
      return new Reader(row, 0);
    }
  }

  /** The distinct column lists of {@code rows} if it is a {@link #head} view, else null. */
  public static List<LoadColumns> shapesOf(Iterable<LoadRow> rows) {
    return rows instanceof View v ? v.shapes() : null;
  }

  /** A growable buffer a row is packed into before it is copied into the pages. */
  private static final class Scratch {
    byte[] buf = new byte[256];
    int n;

    void ensure(int more) {
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

  /** Reads one packed row. */
  private static final class Reader {
    private final byte[] b;
    private int p;

    Reader(byte[] b, int p) {
      this.b = b;
      this.p = p;
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
      int len = getInt();
      char[] out = new char[len];
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
      return new String(out);
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
