package org.binlogload.connector.snapshot;

import java.util.List;

/**
 * One chunk of a table: the rows whose key is after {@code lower} (exclusive; null from the first row) and at or before
 * {@code upper} (inclusive; null to the last row). Keys are the values of the key columns, typed as {@link ColumnKind}.
 */
public record Chunk(String table, int index, List<Object> lower, List<Object> upper) {
  /** Copies the keys (null values are not keys, so List.copyOf fits). */
  public Chunk {
    lower = lower == null ? null : List.copyOf(lower);
    upper = upper == null ? null : List.copyOf(upper);
  }

  /** Whether this chunk runs to the end of the table. */
  public boolean last() {
    return upper == null;
  }

  @Override
  public String toString() {
    return table + " chunk " + index + " (" + (lower == null ? "start" : lower) + ", " + (upper == null ? "end]"
        : upper + "]");
  }
}
