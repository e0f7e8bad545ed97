package org.binlogload.ddl;

import java.util.Objects;

/** A MySQL table name: schema (database) and table. */
public record TableId(String schema, String table) {

  /** Validates both parts. */
  public TableId {
    Objects.requireNonNull(schema, "schema == null");
    Objects.requireNonNull(table, "table == null");
  }

  /** Creates a table id. */
  public static TableId of(String schema, String table) {
    return new TableId(schema, table);
  }

  @Override
  public String toString() {
    return schema + "." + table;
  }
}
