package org.binlogload.connector.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.ColumnInfo;
import org.binlogload.connector.load.LoadColumns;
import org.binlogload.connector.load.LoadRow;

/**
 * How the rows of one source table shape map to a channel's Doris columns: which source value goes to each Doris
 * column, and which source columns form the key; made once per shape, then applied positionally to every row.
 */
final class ColumnMapping {
  final List<ColumnInfo> source;
  private final LoadColumns target;
  private final int[] from;
  private final int[] keys;

  private ColumnMapping(List<ColumnInfo> source, LoadColumns target, int[] from, int[] keys) {
    this.source = source;
    this.target = target;
    this.from = from;
    this.keys = keys;
  }

  /**
   * The mapping of {@code source} to the Doris columns: every source column, or only those of {@code only} when it is
   * not empty, each named by {@code dorisName}; a Doris name met twice keeps its first place and its last value.
   */
  static ColumnMapping of(List<ColumnInfo> source, List<String> only, UnaryOperator<String> dorisName) {
    Map<String, Integer> picked = new LinkedHashMap<>();
    if (only.isEmpty()) {
      for (int i = 0; i < source.size(); i++) {
        picked.put(dorisName.apply(source.get(i).name()), i);
      }
    } else {
      for (String c : only) {
        int i = indexOf(source, c);
        if (i >= 0) {
          picked.put(dorisName.apply(c), i);
        }
      }
    }
    int[] from = new int[picked.size()];
    int n = 0;
    for (int i : picked.values()) {
      from[n++] = i;
    }
    List<Integer> keys = new ArrayList<>();
    for (int i = 0; i < source.size(); i++) {
      if (source.get(i).key()) {
        keys.add(i);
      }
    }
    return new ColumnMapping(source, LoadColumns.of(new ArrayList<>(picked.keySet())), from,
        keys.stream().mapToInt(Integer::intValue).toArray());
  }

  private static int indexOf(List<ColumnInfo> source, String name) {
    for (int i = 0; i < source.size(); i++) {
      if (source.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** The Doris row of the source image {@code values}. */
  LoadRow row(List<Object> values, boolean delete, long sequence, BinlogPosition position) {
    Object[] v = new Object[from.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = values.get(from[i]);
    }
    return LoadRow.of(target, v, delete, sequence, position);
  }

  /** Whether an update from {@code before} to {@code after} changes a key column, so the old key must be deleted. */
  boolean changesKey(List<Object> before, List<Object> after) {
    for (int k : keys) {
      if (!Objects.deepEquals(before.get(k), after.get(k))) {
        return true;
      }
    }
    return false;
  }
}
