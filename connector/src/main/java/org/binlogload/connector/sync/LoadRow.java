package org.binlogload.connector.sync;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;

/** One row of a load: target column values, whether it deletes, its sequence-column value and its binlog position. */
public final class LoadRow {
  private final Map<String, Object> values;
  private final boolean delete;
  private final long sequence;
  private final Position position;
  private final long estimatedBytes;

  /** Wraps the (fresh, caller-owned) value map read-only. */
  public LoadRow(Map<String, Object> values, boolean delete, long sequence, Position position) {
    this.values = Collections.unmodifiableMap(Objects.requireNonNull(values, "values"));
    this.delete = delete;
    this.sequence = sequence;
    this.position = Objects.requireNonNull(position, "position");
    this.estimatedBytes = estimate(values);
  }

  private static long estimate(Map<String, Object> values) {
    long n = 2;
    for (Map.Entry<String, Object> e : values.entrySet()) {
      Object v = e.getValue();
      n += e.getKey().length() + 4;
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

  /** Column name to value; values may be null. */
  public Map<String, Object> values() {
    return values;
  }

  /** Whether this row sets the delete sign. */
  public boolean delete() {
    return delete;
  }

  /** The sequence column value (grows along the binlog). */
  public long sequence() {
    return sequence;
  }

  /** Where the row's change is in the binlog. */
  public Position position() {
    return position;
  }

  /** A rough size of the row in a JSON body, for the commit policy's byte thresholds. */
  public long estimatedBytes() {
    return estimatedBytes;
  }

  @Override
  public String toString() {
    return (delete ? "DELETE" : "UPSERT") + values.keySet() + "@" + position;
  }
}
