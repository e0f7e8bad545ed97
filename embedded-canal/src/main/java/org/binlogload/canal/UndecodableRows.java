package org.binlogload.canal;

import java.util.Objects;

/**
 * A rows event the reader cannot decode safely (its table's definition at that position is unknown, or the event
 * does not match the definition taken on trust): a consumer that skips the table's rows there may pass it, any other
 * must stop with {@link #reason()}, since the rows are not known.
 */
public final class UndecodableRows implements ChangeEvent {
  private final String schema;
  private final String table;
  private final String reason;
  private final BinlogPosition position;

  private UndecodableRows(String schema, String table, String reason, BinlogPosition position) {
    this.schema = Objects.requireNonNull(schema, "schema == null");
    this.table = Objects.requireNonNull(table, "table == null");
    this.reason = Objects.requireNonNull(reason, "reason == null");
    this.position = Objects.requireNonNull(position, "position == null");
  }

  /** The rows event of {@code schema.table} at {@code position} that cannot be decoded, and why. */
  public static UndecodableRows of(String schema, String table, String reason, BinlogPosition position) {
    return new UndecodableRows(schema, table, reason, position);
  }

  /** The schema of the table. */
  public String schema() {
    return schema;
  }

  /** The table the rows belong to. */
  public String table() {
    return table;
  }

  /** Why the rows cannot be decoded and what to do: the reader's error had it stopped here. */
  public String reason() {
    return reason;
  }

  /** The error a consumer that needs these rows stops with: the reader's error for them. */
  public BinlogException error() {
    return new BinlogException(BinlogException.Reason.SCHEMA_MISMATCH, true, reason);
  }

  @Override
  public BinlogPosition position() {
    return position;
  }

  @Override
  public String toString() {
    return "UNDECODABLE " + schema + "." + table + " at " + position + ": " + reason;
  }
}
