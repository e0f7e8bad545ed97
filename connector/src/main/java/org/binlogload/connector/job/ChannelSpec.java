package org.binlogload.connector.job;

import java.util.List;
import java.util.Objects;

/**
 * One mapping of a job: a MySQL table (or a whole schema, table {@code "*"}, with a {@link TableFilter}) into a Doris
 * table (or database). A whole-database source schema holding {@code *} is a pattern over schema names, and its
 * Doris database names each one with {@link #DB_PLACEHOLDER}.
 */
public final class ChannelSpec {
  /** The source table name that stands for every table of the source schema. */
  public static final String ALL_TABLES = "*";
  /** In the Doris database of a schema pattern, the name of each matching source schema. */
  public static final String DB_PLACEHOLDER = "${db}";

  private final String sourceSchema;
  private final String sourceTable;
  private final String targetDatabase;
  private final String targetTable;
  private final List<String> columns;
  private final TableFilter filter;

  private ChannelSpec(String sourceSchema, String sourceTable, String targetDatabase, String targetTable,
      List<String> columns, TableFilter filter) {
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
      if (isPattern(sourceSchema) != targetDatabase.contains(DB_PLACEHOLDER)) {
        throw new IllegalArgumentException(isPattern(sourceSchema) ? "the Doris database of schema pattern "
            + sourceSchema + ".* must name each schema with " + DB_PLACEHOLDER + ", e.g. dw_" + DB_PLACEHOLDER
            : DB_PLACEHOLDER + " in Doris database " + targetDatabase + " needs a schema pattern such as shop_*.*");
      }
    } else {
      requireName(targetTable, "targetTable");
      if (isPattern(sourceSchema) || filter != null && !filter.isAll()) {
        throw new IllegalArgumentException("a schema pattern or INCLUDE/EXCLUDE applies to a whole database ("
            + sourceSchema + ".*), not to table " + sourceSchema + "." + sourceTable);
      }
    }
    this.targetTable = targetTable;
    this.columns = columns == null ? List.of() : List.copyOf(columns);
    this.filter = filter == null ? TableFilter.all() : filter;
  }

  /** Whether source schema name {@code schema} is a glob ({@code *} or {@code ?}) over schema names. */
  static boolean isPattern(String schema) {
    return schema.indexOf('*') >= 0 || schema.indexOf('?') >= 0;
  }

  /** A table-to-table mapping; empty {@code columns} maps columns by name. */
  public static ChannelSpec table(String sourceSchema, String sourceTable, String targetDatabase, String targetTable,
      List<String> columns) {
    return new ChannelSpec(sourceSchema, sourceTable, targetDatabase, targetTable, columns, null);
  }

  /** A whole-database mapping: every table of {@code sourceSchema} into the same-named table of {@code targetDatabase}. */
  public static ChannelSpec wholeDatabase(String sourceSchema, String targetDatabase) {
    return wholeDatabase(sourceSchema, targetDatabase, TableFilter.all());
  }

  /**
   * The tables {@code filter} takes of {@code sourceSchema} (a name, or a pattern with {@code *} whose Doris database
   * holds {@link #DB_PLACEHOLDER}) into the same-named tables of {@code targetDatabase}.
   */
  public static ChannelSpec wholeDatabase(String sourceSchema, String targetDatabase, TableFilter filter) {
    return new ChannelSpec(sourceSchema, ALL_TABLES, targetDatabase, null, List.of(), filter);
  }

  /** Whether the source schema is a pattern over schema names ({@code shop_*}). */
  public boolean isSchemaPattern() {
    return isWholeDatabase() && isPattern(sourceSchema);
  }

  /** Whether this mapping covers source schema {@code schema}: its own, or one its pattern matches. */
  public boolean coversSchema(String schema) {
    return isSchemaPattern() ? NamePattern.glob(sourceSchema).matches(schema) : sourceSchema.equals(schema);
  }

  /** The Doris database of source schema {@code schema}: {@link #DB_PLACEHOLDER} replaced by it. */
  public String targetDatabaseOf(String schema) {
    return targetDatabase.replace(DB_PLACEHOLDER, schema);
  }

  /** The tables a whole-database mapping takes (every table for a table mapping's single one). */
  public TableFilter filter() {
    return filter;
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
        && columns.equals(c.columns) && filter.equals(c.filter);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sourceSchema, sourceTable, targetDatabase, targetTable, columns, filter);
  }

  /** {@code "mysql_db.tbl->doris_db.tbl"} (a whole database with its filter), as SHOW SYNC JOB's Channel column. */
  @Override
  public String toString() {
    return source() + "->" + target() + (columns.isEmpty() ? "" : "(" + String.join(",", columns) + ")") + filter;
  }
}
