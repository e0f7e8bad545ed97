package org.binlogload.connector.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.binlogload.canal.BinlogPosition;

/**
 * One row of a load: its values in the order of its {@link LoadColumns}, whether it deletes, its sequence-column
 * value and the binlog position of its change.
 */
public final class LoadRow {
  private final LoadColumns columns;
  private final Object[] values;
  private final boolean delete;
  private final long sequence;
  private final BinlogPosition position;
  private final long estimatedBytes;

  private LoadRow(LoadColumns columns, Object[] values, boolean delete, long sequence, BinlogPosition position) {
    this.columns = Objects.requireNonNull(columns, "columns");
    this.values = Objects.requireNonNull(values, "values");
    if (values.length != columns.size()) {
      throw new IllegalArgumentException("values.length != columns: " + values.length + " != " + columns.size());
    }
    this.delete = delete;
    this.sequence = sequence;
    this.position = position;
    this.estimatedBytes = estimate(columns, values);
  }

  /**
   * A row of {@code values} (one per column, may be null; the row owns the array from now on) at {@code position},
   * null for a row not read from the binlog.
   */
  public static LoadRow of(LoadColumns columns, Object[] values, boolean delete, long sequence,
      BinlogPosition position) {
    return new LoadRow(columns, values, delete, sequence, position);
  }

  /** An upsert of {@code values} (column name to value, in the map's order) with {@code sequence}, at no position. */
  public static LoadRow upsert(Map<String, ?> values, long sequence) {
    return fromMap(values, false, sequence);
  }

  /** A delete of the row whose key columns are in {@code values}, with {@code sequence}, at no position. */
  public static LoadRow delete(Map<String, ?> values, long sequence) {
    return fromMap(values, true, sequence);
  }

  private static LoadRow fromMap(Map<String, ?> values, boolean delete, long sequence) {
    List<String> names = new ArrayList<>(values.size());
    Object[] v = new Object[values.size()];
    int i = 0;
    for (Map.Entry<String, ?> e : values.entrySet()) {
      names.add(e.getKey());
      v[i++] = e.getValue();
    }
    return new LoadRow(LoadColumns.of(names), v, delete, sequence, null);
  }

  private static long estimate(LoadColumns columns, Object[] values) {
    long n = 2 + columns.nameBytes();
    for (Object v : values) {
      if (v == null) {
        n += 4;
      } else if (v instanceof byte[] b) {
        n += b.length * 2L + 2; // hex
      } else if (v instanceof CharSequence s) {
        n += s.length() + 2;
      } else if (v instanceof Long || v instanceof Integer) {
        n += 10;
      } else {
        n += 24; // decimals, doubles, dates: a fair guess without formatting them
      }
    }
    return n;
  }

  /** The columns, shared with the other rows of the same shape. */
  public LoadColumns columns() {
    return columns;
  }

  /** The value of column {@code i}, or null for SQL NULL. */
  public Object value(int i) {
    return values[i];
  }

  /** Whether this row sets the delete sign. */
  public boolean isDelete() {
    return delete;
  }

  /** The sequence column value: later binlog events carry larger values. */
  public long sequence() {
    return sequence;
  }

  /** Where the row's change is in the binlog, or null for a row not read from it. */
  public BinlogPosition position() {
    return position;
  }

  /** A rough size of the row in a JSON body, for the commit policy's byte thresholds. */
  public long estimatedBytes() {
    return estimatedBytes;
  }

  @Override
  public String toString() {
    return (delete ? "DELETE" : "UPSERT") + columns + "@" + (position != null ? position : sequence);
  }
}
