package org.binlogload.connector.snapshot;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The WHERE clause of a key range over a (compound) key, as a plain OR of prefixes, {@code k1 > ? OR (k1 = ? AND k2 >
 * ?)}, which both MySQL's and MariaDB's range optimizers turn into index ranges; with the values to bind in order.
 */
final class KeyRange {
  private final StringBuilder sql = new StringBuilder();
  private final List<Object> values = new ArrayList<>();
  private final List<ColumnKind> kinds = new ArrayList<>();
  private final List<SnapshotTable.Column> key;

  private KeyRange(List<SnapshotTable.Column> key) {
    this.key = key;
  }

  /** The rows of {@code table} after {@code lower} (exclusive) and at or before {@code upper}; either may be null. */
  static KeyRange of(SnapshotTable table, List<Object> lower, List<Object> upper) {
    KeyRange r = new KeyRange(table.keyColumns());
    if (lower != null) {
      r.compare(lower, ">", ">");
    }
    if (upper != null) {
      if (lower != null) {
        r.sql.append(" AND ");
      }
      r.compare(upper, "<", "<=");
    }
    return r;
  }

  /** (k1 op ?) OR (k1 = ? AND k2 op ?) ... with {@code lastOp} on the last column. */
  private void compare(List<Object> bound, String op, String lastOp) {
    sql.append('(');
    for (int i = 0; i < key.size(); i++) {
      sql.append(i > 0 ? " OR (" : "(");
      for (int j = 0; j < i; j++) {
        sql.append(SnapshotTable.quote(key.get(j).name())).append(" = ? AND ");
        add(j, bound.get(j));
      }
      sql.append(SnapshotTable.quote(key.get(i).name())).append(' ').append(i == key.size() - 1 ? lastOp : op)
          .append(" ?)");
      add(i, bound.get(i));
    }
    sql.append(')');
  }

  private void add(int column, Object value) {
    values.add(value);
    kinds.add(key.get(column).kind());
  }

  /** The condition, or {@code 1 = 1} for the whole table. */
  String where() {
    return sql.length() == 0 ? "1 = 1" : sql.toString();
  }

  /** Binds the values from parameter {@code first} on; returns the next free parameter index. */
  int bind(PreparedStatement st, int first) throws SQLException {
    for (int i = 0; i < values.size(); i++) {
      kinds.get(i).bind(st, first + i, values.get(i));
    }
    return first + values.size();
  }

  /** {@code k1, k2} for ORDER BY and SELECT lists. */
  static String columns(SnapshotTable table) {
    StringBuilder b = new StringBuilder();
    for (String k : table.key()) {
      b.append(b.length() == 0 ? "" : ", ").append(SnapshotTable.quote(k));
    }
    return b.toString();
  }
}
