package org.binlogload.connector.job;

import java.util.List;
import java.util.Objects;

/** One mapping of a job: a MySQL table (or a whole schema, table {@code "*"}) into a Doris table (or database). */
public final class ChannelSpec {
  /** The source table name that stands for every table of the source schema. */
  public static final String ALL_TABLES = "*";

  private final String sourceSchema;
  private final String sourceTable;
  private final String targetDatabase;
  private final String targetTable;
  private final List<String> columns;

  private ChannelSpec(String sourceSchema, String sourceTable, String targetDatabase, String targetTable,
      List<String> columns) {
    this.sourceSchema = requireName(sourceSchema, "sourceSchema");
    this.sourceTable = requireName(sourceTable, "sourceTable");
    this.targetDatabase = requireName(targetDatabase, "targetDatabase");
    if (ALL_TABLES.equals(sourceTable)) {
      if (targetTable != null) {
        throw new IllegalArgumentException("targetTable != null for whole database " + sourceSchema + ".*");
      }
      if (columns != null && !columns.isEmpty()) {
        throw new IllegalArgumentException("columns given for whole database " + sourceSchema + ".*");
      }
    } else {
      requireName(targetTable, "targetTable");
    }
    this.targetTable = targetTable;
    this.columns = columns == null ? List.of() : List.copyOf(columns);
  }

  /** A table-to-table mapping; empty {@code columns} maps columns by name. */
  public static ChannelSpec table(String sourceSchema, String sourceTable, String targetDatabase, String targetTable,
      List<String> columns) {
    return new ChannelSpec(sourceSchema, sourceTable, targetDatabase, targetTable, columns);
  }

  /** A whole-database mapping: every table of {@code sourceSchema} into the same-named table of {@code targetDatabase}. */
  public static ChannelSpec wholeDatabase(String sourceSchema, String targetDatabase) {
    return new ChannelSpec(sourceSchema, ALL_TABLES, targetDatabase, null, List.of());
  }

  private static String requireName(String s, String what) {
    if (s == null || s.isEmpty()) {
      throw new IllegalArgumentException(what + " is empty");
    }
    return s;
  }

  /** The MySQL schema. */
  public String sourceSchema() {
    return sourceSchema;
  }

  /** The MySQL table, or {@code "*"} for the whole schema. */
  public String sourceTable() {
    return sourceTable;
  }

  /** Whether this mapping takes every table of the source schema. */
  public boolean isWholeDatabase() {
    return ALL_TABLES.equals(sourceTable);
  }

  /** The Doris database. */
  public String targetDatabase() {
    return targetDatabase;
  }

  /** The Doris table, or null for a whole-database mapping. */
  public String targetTable() {
    return targetTable;
  }

  /** The target columns to keep, in source column order; empty maps all columns by name. */
  public List<String> columns() {
    return columns;
  }

  /** {@code "mysql_db.tbl"}. */
  public String source() {
    return sourceSchema + "." + sourceTable;
  }

  /** {@code "doris_db.tbl"}, or {@code "doris_db.*"} for a whole database. */
  public String target() {
    return targetDatabase + "." + (targetTable == null ? ALL_TABLES : targetTable);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ChannelSpec)) {
      return false;
    }
    ChannelSpec c = (ChannelSpec) o;
    return sourceSchema.equals(c.sourceSchema) && sourceTable.equals(c.sourceTable)
        && targetDatabase.equals(c.targetDatabase) && Objects.equals(targetTable, c.targetTable)
        && columns.equals(c.columns);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sourceSchema, sourceTable, targetDatabase, targetTable, columns);
  }

  /** {@code "mysql_db.tbl->doris_db.tbl"}, as SHOW SYNC JOB's Channel column prints it. */
  @Override
  public String toString() {
    return source() + "->" + target() + (columns.isEmpty() ? "" : "(" + String.join(",", columns) + ")");
  }
}
