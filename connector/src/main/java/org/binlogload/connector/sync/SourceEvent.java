package org.binlogload.connector.sync;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** One event of the source binlog as the sync runtime sees it: a row change, a DDL statement or a transaction end. */
public sealed interface SourceEvent permits SourceEvent.Row, SourceEvent.Ddl, SourceEvent.TxEnd, SourceEvent.Statement {
  /** Where the event sits in the binlog. */
  Position position();

  /** The kind of a row change. */
  enum Kind { INSERT, UPDATE, DELETE }

  /** A row change of {@code schema.table}; {@code before} is null for INSERT and {@code after} for DELETE. */
  record Row(String schema, String table, Kind kind, List<String> columns, List<String> keyColumns,
      List<Object> before, List<Object> after, Position position) implements SourceEvent {
    /** Checks the images against the column list. */
    public Row {
      Objects.requireNonNull(schema, "schema");
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(position, "position");
      columns = List.copyOf(columns);
      keyColumns = List.copyOf(keyColumns);
      before = image(before, columns, "before");
      after = image(after, columns, "after");
      if ((kind == Kind.INSERT) != (before == null) || (kind == Kind.DELETE) != (after == null)) {
        throw new IllegalArgumentException(kind + " of " + schema + "." + table + " at " + position
            + " has before=" + (before != null) + ", after=" + (after != null));
      }
    }

    private static List<Object> image(List<Object> values, List<String> columns, String what) {
      if (values == null) {
        return null;
      }
      if (values.size() != columns.size()) {
        throw new IllegalArgumentException(what + " has " + values.size() + " values for " + columns.size() + " columns");
      }
      return Collections.unmodifiableList(new ArrayList<>(values)); // allows SQL NULL
    }

    /** An INSERT. */
    public static Row insert(String schema, String table, List<String> columns, List<String> keys, List<Object> after,
        Position p) {
      return new Row(schema, table, Kind.INSERT, columns, keys, null, after, p);
    }

    /** An UPDATE. */
    public static Row update(String schema, String table, List<String> columns, List<String> keys, List<Object> before,
        List<Object> after, Position p) {
      return new Row(schema, table, Kind.UPDATE, columns, keys, before, after, p);
    }

    /** A DELETE. */
    public static Row delete(String schema, String table, List<String> columns, List<String> keys, List<Object> before,
        Position p) {
      return new Row(schema, table, Kind.DELETE, columns, keys, before, null, p);
    }

    /** {@code schema.table}. */
    public String qualifiedTable() {
      return schema + "." + table;
    }

    /** Whether an UPDATE changes a key column, so the old key must be deleted. */
    public boolean changesKey() {
      if (kind != Kind.UPDATE) {
        return false;
      }
      for (String k : keyColumns) {
        int i = columns.indexOf(k);
        if (i >= 0 && !Objects.deepEquals(before.get(i), after.get(i))) {
          return true;
        }
      }
      return false;
    }
  }

  /** A DDL statement; {@code table} may be null (e.g. CREATE DATABASE). */
  record Ddl(String schema, String table, String sql, Position position) implements SourceEvent {
    /** Checks the fields. */
    public Ddl {
      Objects.requireNonNull(sql, "sql");
      Objects.requireNonNull(position, "position");
    }
  }

  /** The end (commit) of a source transaction. */
  record TxEnd(Position position) implements SourceEvent {
    /** Checks the fields. */
    public TxEnd {
      Objects.requireNonNull(position, "position");
    }
  }

  /**
   * Row changes logged as SQL text ({@code binlog_format} STATEMENT or MIXED): which rows changed cannot be known, so a
   * job tracking the table stops at it. {@code schema} and {@code table} are null when the statement does not say.
   */
  record Statement(String schema, String table, String sql, Position position) implements SourceEvent {
    /** Checks the fields. */
    public Statement {
      Objects.requireNonNull(sql, "sql");
      Objects.requireNonNull(position, "position");
    }
  }
}
