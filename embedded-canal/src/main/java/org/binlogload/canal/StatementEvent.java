package org.binlogload.canal;

import java.util.Objects;

/**
 * A row change logged as SQL text instead of row images ({@code binlog_format} STATEMENT or MIXED): its rows cannot
 * be known from the binlog, so a reader that tracks the table must stop rather than skip it.
 */
public final class StatementEvent implements ChangeEvent {
  private final String schema;
  private final String table;
  private final String sql;
  private final BinlogPosition position;

  private StatementEvent(String schema, String table, String sql, BinlogPosition position) {
    this.schema = schema;
    this.table = table;
    this.sql = Objects.requireNonNull(sql, "sql == null");
    this.position = Objects.requireNonNull(position, "position == null");
  }

  /** A DML statement on {@code schema.table} (either may be null when the statement does not say) at {@code position}. */
  public static StatementEvent of(String schema, String table, String sql, BinlogPosition position) {
    return new StatementEvent(schema, table, sql, position);
  }

  /** The schema the statement ran in or names, or null. */
  public String schema() {
    return schema;
  }

  /** The table the statement changes, or null when not known. */
  public String table() {
    return table;
  }

  /** The statement as logged. */
  public String sql() {
    return sql;
  }

  @Override
  public BinlogPosition position() {
    return position;
  }

  @Override
  public String toString() {
    return "STATEMENT " + schema + "." + table + " at " + position + ": " + sql;
  }
}
