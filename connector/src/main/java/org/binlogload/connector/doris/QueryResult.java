package org.binlogload.connector.doris;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The rows of a statement run through {@code /api/query}: column names and values as Doris returned them. */
public final class QueryResult {
  private final List<String> columns;
  private final List<List<Object>> rows;

  QueryResult(List<String> columns, List<List<Object>> rows) {
    this.columns = List.copyOf(columns);
    List<List<Object>> copy = new ArrayList<>(rows.size());
    for (List<Object> r : rows) {
      copy.add(Collections.unmodifiableList(new ArrayList<>(r)));
    }
    this.rows = Collections.unmodifiableList(copy);
  }

  /** The empty result of a statement that returns no result set (DDL). */
  static QueryResult empty() {
    return new QueryResult(List.of(), List.of());
  }

  /** Column names in order. */
  public List<String> columns() {
    return columns;
  }

  /** Rows, each a list of values in column order (null for SQL NULL). */
  public List<List<Object>> rows() {
    return rows;
  }

  /** Rows as column-name-to-value maps. */
  public List<Map<String, Object>> rowMaps() {
    List<Map<String, Object>> out = new ArrayList<>(rows.size());
    for (List<Object> r : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (int i = 0; i < columns.size() && i < r.size(); i++) {
        m.put(columns.get(i), r.get(i));
      }
      out.add(Collections.unmodifiableMap(m));
    }
    return out;
  }

  /** The value of {@code column} in row {@code row}, as a string (null for SQL NULL). */
  public String get(int row, String column) {
    int i = columns.indexOf(column);
    if (i < 0) {
      throw new IllegalArgumentException("no column " + column + " in " + columns);
    }
    Object v = rows.get(row).get(i);
    return v == null ? null : String.valueOf(v);
  }

  @Override
  public String toString() {
    return "QueryResult{columns=" + columns + ", rows=" + rows.size() + "}";
  }
}
