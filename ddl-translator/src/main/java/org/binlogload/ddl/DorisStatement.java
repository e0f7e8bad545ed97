package org.binlogload.ddl;

import java.util.Objects;

/**
 * One statement to run on Doris: its SQL, the MySQL table it applies to, the Doris database and table it names,
 * and whether it is heavy (an asynchronous schema-change job the caller must wait for before the next ALTER of
 * that table).
 */
public record DorisStatement(String sql, boolean heavy, TableId table, String dorisDatabase, String dorisTable) {

  /** Validates. */
  public DorisStatement {
    Objects.requireNonNull(sql, "sql == null");
    Objects.requireNonNull(table, "table == null");
    Objects.requireNonNull(dorisDatabase, "dorisDatabase == null");
    Objects.requireNonNull(dorisTable, "dorisTable == null");
  }

  @Override
  public String toString() {
    return (heavy ? "[heavy] " : "") + sql;
  }
}
