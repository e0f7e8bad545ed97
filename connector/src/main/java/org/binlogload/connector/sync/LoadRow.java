package org.binlogload.connector.sync;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;

/** One row of a load: target column values, whether it deletes, its sequence-column value and its binlog position. */
public record LoadRow(Map<String, Object> values, boolean delete, long sequence, Position position) {
  /** Wraps the (fresh, caller-owned) value map read-only. */
  public LoadRow {
    values = Collections.unmodifiableMap(Objects.requireNonNull(values, "values"));
    Objects.requireNonNull(position, "position");
  }

  /** A rough size of the row in a JSON body, for the commit policy's byte thresholds. */
  public long estimatedBytes() {
    long n = 2;
    for (Map.Entry<String, Object> e : values.entrySet()) {
      Object v = e.getValue();
      n += e.getKey().length() + 4;
      if (v instanceof byte[]) {
        n += ((byte[]) v).length * 4L / 3 + 4;
      } else {
        n += v == null ? 4 : v.toString().length() + 2;
      }
    }
    return n;
  }
}
