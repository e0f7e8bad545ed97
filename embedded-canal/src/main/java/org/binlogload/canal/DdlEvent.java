package org.binlogload.canal;

import java.util.Objects;

/** A DDL statement as it ran on the source; it arrives alone in its {@link Batch}. */
public final class DdlEvent implements ChangeEvent {
  private final String schema;
  private final String table;
  private final String sql;
  private final BinlogPosition position;

  private DdlEvent(String schema, String table, String sql, BinlogPosition position) {
    this.schema = schema;
    this.table = table;
    this.sql = Objects.requireNonNull(sql, "sql == null");
    this.position = Objects.requireNonNull(position, "position == null");
  }

  /** A DDL statement; {@code table} is null for a statement on a whole schema (for RENAME, the new name). */
  public static DdlEvent of(String schema, String table, String sql, BinlogPosition position) {
    return new DdlEvent(schema, table, sql, position);
  }

  /** The schema the statement applies to (or ran in); may be null. */
  public String schema() {
    return schema;
  }

  /** The table, or null; for RENAME the new name. */
  public String table() {
    return table;
  }

  /** The statement text as the source logged it. */
  public String sql() {
    return sql;
  }

  @Override
  public BinlogPosition position() {
    return position;
  }

  @Override
  public String toString() {
    return "DDL " + schema + "." + table + " at " + position + ": " + sql;
  }
}
