package org.binlogload.connector.load;

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

  private final List<byte[]> pages = new ArrayList<>();
  /** The offset of the first page's first byte among all bytes ever written. */
  private long pageBase;
  /** The offset the next row is written at. */
  private long end;
  private final PackedValues.Writer writer = new PackedValues.Writer();

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
    if (writer.pack(row)) {
      metas[i] = row.columns();
      write(writer.bytes(), writer.size());
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
      PackedValues.Reader r = reader(from, to);
      boolean delete = r.get() != 0;
      long sequence = r.getLong();
      Object[] values = new Object[columns.size()];
      for (int c = 0; c < values.length; c++) {
        values[c] = r.value();
      }
      return LoadRow.of(columns, values, delete, sequence, positions[i]);
    }

    /** A cursor over the rows that hands each packed row's values over without unpacking it into a LoadRow. */
    RowCursor cursor() {
      return new RowCursor() {
        private final PackedValues.Reader reader = new PackedValues.Reader(null, 0);
        private int i = -1;
        private LoadRow kept;
        private boolean delete;
        private long sequence;

        @Override
        public boolean next() {
          if (i + 1 >= starts.length) {
            i = starts.length;
            return false;
          }
          i++;
          kept = metas[i] instanceof LoadRow k ? k : null;
          if (kept == null) {
            position(reader, starts[i], i + 1 < starts.length ? starts[i + 1] : end);
            delete = reader.get() != 0;
            sequence = reader.getLong();
          }
          return true;
        }

        @Override
        public LoadColumns columns() {
          return kept != null ? kept.columns() : (LoadColumns) metas[i];
        }

        @Override
        public boolean isDelete() {
          return kept != null ? kept.isDelete() : delete;
        }

        @Override
        public long sequence() {
          return kept != null ? kept.sequence() : sequence;
        }

        @Override
        public void values(ValueSink sink) throws java.io.IOException {
          if (kept != null) {
            for (int c = 0, n = kept.columns().size(); c < n; c++) {
              sink.value(kept.value(c));
            }
          } else {
            for (int c = 0, n = columns().size(); c < n; c++) {
              reader.visit(sink);
            }
          }
        }
      };
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

    private PackedValues.Reader reader(long from, long to) {
      PackedValues.Reader r = new PackedValues.Reader(null, 0);
      position(r, from, to);
      return r;
    }

    /** Points {@code r} at the row of bytes {@code [from, to)}. */
    private void position(PackedValues.Reader r, long from, long to) {
      int page = (int) ((from - base) / PAGE);
      int off = (int) ((from - base) % PAGE);
      int len = (int) (to - from);
      if (off + len <= PAGE) {
        r.reset(pages.get(page), off);
        return;
      }
      byte[] row = new byte[len]; // a row across pages: gathered once
      for (int n = 0; n < len; ) {
        int k = Math.min(len - n, PAGE - off);
        System.arraycopy(pages.get(page), off, row, n, k);
        n += k;
        page++;
        off = 0;
      }
      r.reset(row, 0);
    }
  }

  /** A cursor over {@code rows} that reads packed rows without unpacking them if it is a {@link #head} view, else null. */
  public static RowCursor cursorOf(Iterable<LoadRow> rows) {
    return rows instanceof View v ? v.cursor() : null;
  }

  /** The distinct column lists of {@code rows} if it is a {@link #head} view, else null. */
  public static List<LoadColumns> shapesOf(Iterable<LoadRow> rows) {
    return rows instanceof View v ? v.shapes() : null;
  }
}
