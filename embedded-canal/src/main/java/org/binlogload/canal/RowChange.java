package org.binlogload.canal;

import java.util.List;
import java.util.Objects;

/**
 * One row inserted, updated or deleted, with typed values.
 *
 * <p>Value types: TINYINT..INT (signed or unsigned) and signed BIGINT give {@link Long}; BIGINT UNSIGNED gives
 * {@link java.math.BigInteger}; DECIMAL gives {@link java.math.BigDecimal}; FLOAT/DOUBLE give {@link Double};
 * CHAR/VARCHAR/TEXT/ENUM/SET/JSON and MariaDB's INET6/UUID give {@link String} (ENUM and SET as their member names,
 * INET6 and UUID as their text); BINARY/VARBINARY/BLOB
 * give {@code byte[]}; DATE gives {@link java.time.LocalDate}; DATETIME gives {@link java.time.LocalDateTime};
 * TIMESTAMP gives {@link java.time.Instant}; TIME gives a String {@code [-]HHH:mm:ss[.ffffff]}; YEAR gives
 * {@link Integer}; BIT gives {@link Long}; SQL NULL and zero dates give null.
 */
public final class RowChange implements ChangeEvent {
  /** What happened to the row. */
  public enum Kind { INSERT, UPDATE, DELETE }

  private final String schema;
  private final String table;
  private final Kind kind;
  private final List<ColumnInfo> columns;
  private final List<Object> before;
  private final List<Object> after;
  private final BinlogPosition position;

  private RowChange(String schema, String table, Kind kind, List<ColumnInfo> columns, List<Object> before,
      List<Object> after, BinlogPosition position) {
    this.schema = Objects.requireNonNull(schema, "schema == null");
    this.table = Objects.requireNonNull(table, "table == null");
    this.kind = kind;
    this.columns = Objects.requireNonNull(columns, "columns == null");
    this.before = before;
    this.after = after;
    this.position = Objects.requireNonNull(position, "position == null");
    if (before != null && before.size() != columns.size()) {
      throw new IllegalArgumentException("before has " + before.size() + " values for " + columns.size() + " columns");
    }
    if (after != null && after.size() != columns.size()) {
      throw new IllegalArgumentException("after has " + after.size() + " values for " + columns.size() + " columns");
    }
  }

  /** A row inserted with the values {@code after}. */
  public static RowChange insert(String schema, String table, List<ColumnInfo> columns, List<Object> after,
      BinlogPosition position) {
    return new RowChange(schema, table, Kind.INSERT, columns, null, Objects.requireNonNull(after, "after == null"),
        position);
  }

  /** A row changed from {@code before} to {@code after}. */
  public static RowChange update(String schema, String table, List<ColumnInfo> columns, List<Object> before,
      List<Object> after, BinlogPosition position) {
    return new RowChange(schema, table, Kind.UPDATE, columns, Objects.requireNonNull(before, "before == null"),
        Objects.requireNonNull(after, "after == null"), position);
  }

  /** A row deleted whose last values were {@code before}. */
  public static RowChange delete(String schema, String table, List<ColumnInfo> columns, List<Object> before,
      BinlogPosition position) {
    return new RowChange(schema, table, Kind.DELETE, columns, Objects.requireNonNull(before, "before == null"), null,
        position);
  }

  public String schema() {
    return schema;
  }

  public String table() {
    return table;
  }

  public Kind kind() {
    return kind;
  }

  /** The table's columns in order, as the values are. */
  public List<ColumnInfo> columns() {
    return columns;
  }

  /** The values before the change; null for an insert. */
  public List<Object> before() {
    return before;
  }

  /** The values after the change; null for a delete. */
  public List<Object> after() {
    return after;
  }

  /** The value of {@code column} after the change. */
  public Object after(String column) {
    if (after == null) {
      throw new IllegalStateException("a " + kind + " has no after image");
    }
    return after.get(indexOf(column));
  }

  /** The index of {@code column} in {@link #columns()}, ignoring case. */
  public int indexOf(String column) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equalsIgnoreCase(column)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no column " + column + " in " + schema + "." + table);
  }

  @Override
  public BinlogPosition position() {
    return position;
  }

  @Override
  public String toString() {
    return kind + " " + schema + "." + table + " at " + position
        + (before != null ? " before=" + before : "") + (after != null ? " after=" + after : "");
  }
}
