package org.binlogload.connector.doris;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** One row of a Stream Load: column values, whether it deletes, and its sequence (binlog order) value. */
public final class DorisRow {
  private final Map<String, Object> values;
  private final boolean delete;
  private final long sequence;

  private DorisRow(Map<String, Object> values, boolean delete, long sequence) {
    this.values = values;
    this.delete = delete;
    this.sequence = sequence;
  }

  /** An insert or upsert of {@code values} (column name to value, in column order) with {@code sequence}. */
  public static DorisRow upsert(Map<String, ?> values, long sequence) {
    return new DorisRow(copy(values), false, sequence);
  }

  /** A delete of the row whose key columns are in {@code values}, with {@code sequence}. */
  public static DorisRow delete(Map<String, ?> values, long sequence) {
    return new DorisRow(copy(values), true, sequence);
  }

  /**
   * A row wrapping {@code values} without copying, for hot paths that build a fresh map per row;
   * the caller must not change the map afterwards.
   */
  public static DorisRow wrap(Map<String, Object> values, boolean delete, long sequence) {
    return new DorisRow(Collections.unmodifiableMap(Objects.requireNonNull(values, "values")), delete, sequence);
  }

  private static Map<String, Object> copy(Map<String, ?> values) {
    Objects.requireNonNull(values, "values");
    // LinkedHashMap keeps column order and, unlike Map.copyOf, allows SQL NULL values
    return Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** Column name to value; values may be null. */
  public Map<String, Object> values() {
    return values;
  }

  /** Whether this row sets the delete sign. */
  public boolean isDelete() {
    return delete;
  }

  /** The sequence column value: later binlog events carry larger values. */
  public long sequence() {
    return sequence;
  }

  @Override
  public String toString() {
    return (delete ? "DELETE" : "UPSERT") + values.keySet() + "@" + sequence;
  }
}
