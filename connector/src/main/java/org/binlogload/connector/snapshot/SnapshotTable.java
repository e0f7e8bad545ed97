package org.binlogload.connector.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A source table as the snapshot reads it: columns in order with their kinds, the key it chunks by (primary key, else
 * a unique key over NOT NULL columns; empty when there is none) and the server's row estimate.
 */
public record SnapshotTable(String schema, String table, List<Column> columns, List<String> key, long estimatedRows) {
  /** One column: its name, MySQL type and kind. */
  public record Column(String name, String mysqlType, ColumnKind kind) {
    /** Checks the fields. */
    public Column {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(kind, "kind");
    }
  }

  /** Copies the lists. */
  public SnapshotTable {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(table, "table");
    columns = List.copyOf(columns);
    key = List.copyOf(key);
  }

  /** {@code schema.table}. */
  public String qualifiedName() {
    return schema + "." + table;
  }

  /** Whether the table has no key to chunk by (the job leaves it out). */
  public boolean keyless() {
    return key.isEmpty();
  }

  /** Why a keyless table is left out, for SHOW SYNC JOB and the log. */
  public String keylessReason() {
    return "table " + qualifiedName() + " has no primary key and no unique key over NOT NULL columns: a Doris "
        + "UNIQUE KEY table cannot hold it and its snapshot cannot be chunked; it is left out";
  }

  /** The column named {@code name}. */
  public Column column(String name) {
    for (Column c : columns) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException("table " + qualifiedName() + " has no column " + name);
  }

  /** The key's columns, in key order. */
  public List<Column> keyColumns() {
    List<Column> out = new ArrayList<>(key.size());
    for (String k : key) {
      out.add(column(k));
    }
    return out;
  }

  /** The column names, in order. */
  public List<String> columnNames() {
    List<String> out = new ArrayList<>(columns.size());
    for (Column c : columns) {
      out.add(c.name());
    }
    return out;
  }

  /** {@code `schema`.`table`} for SQL. */
  String quotedName() {
    return quote(schema) + "." + quote(table);
  }

  /** A MySQL identifier in backticks. */
  static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
