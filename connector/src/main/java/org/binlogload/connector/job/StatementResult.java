package org.binlogload.connector.job;

import java.util.ArrayList;
import java.util.List;

/** What a statement returns: a message (CREATE, PAUSE, ...) or a table (SHOW SYNC JOB). */
public final class StatementResult {
  private final String message;
  private final List<String> columns;
  private final List<List<String>> rows;

  private StatementResult(String message, List<String> columns, List<List<String>> rows) {
    this.message = message;
    this.columns = List.copyOf(columns);
    List<List<String>> copy = new ArrayList<>();
    for (List<String> r : rows) {
      if (r.size() != columns.size()) {
        throw new IllegalArgumentException("row has " + r.size() + " values for " + columns.size() + " columns");
      }
      copy.add(java.util.Collections.unmodifiableList(new ArrayList<>(r)));
    }
    this.rows = List.copyOf(copy);
  }

  /** A result without rows. */
  public static StatementResult message(String message) {
    return new StatementResult(message, List.of(), List.of());
  }

  /** A result with rows; null values are allowed. */
  public static StatementResult table(List<String> columns, List<List<String>> rows) {
    return new StatementResult(rows.size() + (rows.size() == 1 ? " row" : " rows") + " in set", columns, rows);
  }

  /** A one-line summary: what was done, or how many rows. */
  public String message() {
    return message;
  }

  /** The column names, empty for a message. */
  public List<String> columns() {
    return columns;
  }

  /** The rows. */
  public List<List<String>> rows() {
    return rows;
  }

  /** Whether the result has columns. */
  public boolean isTable() {
    return !columns.isEmpty();
  }

  @Override
  public String toString() {
    return isTable() ? columns + " " + rows : message;
  }
}
