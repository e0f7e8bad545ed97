package org.binlogload.canal.internal.schema;

import java.util.List;
import java.util.Objects;
import org.binlogload.canal.BinlogPosition;

/** One entry of the schema history, ordered by its binlog position. */
public sealed interface HistoryRecord permits HistoryRecord.Snapshot, HistoryRecord.Ddl, HistoryRecord.Define {

  /** Where in the binlog this record takes effect. */
  BinlogPosition position();

  /** A table as schema and name. */
  record TableName(String schema, String table) {
    public TableName {
      Objects.requireNonNull(schema, "schema == null");
      Objects.requireNonNull(table, "table == null");
    }

    /** {@code `schema`.`table`}. */
    @Override
    public String toString() {
      return "`" + schema + "`.`" + table + "`";
    }
  }

  /**
   * The definition of one table in a snapshot: its {@code SHOW CREATE TABLE} text, or null with {@code unknownReason}
   * when the definition as of the snapshot position could not be proven.
   */
  record TableDefinition(TableName name, String createSql, String unknownReason) {
    public TableDefinition {
      Objects.requireNonNull(name, "name == null");
      if ((createSql == null) == (unknownReason == null)) {
        throw new IllegalArgumentException("exactly one of createSql and unknownReason for " + name);
      }
    }

    /** Whether the definition is known. */
    public boolean known() {
      return createSql != null;
    }
  }

  /** The definitions of the tracked tables as of {@code position}, before the event at that position. */
  record Snapshot(BinlogPosition position, List<TableDefinition> tables) implements HistoryRecord {
    public Snapshot {
      Objects.requireNonNull(position, "position == null");
      tables = List.copyOf(tables);
    }
  }

  /** A DDL statement from the binlog, applied in {@code defaultSchema}. */
  record Ddl(BinlogPosition position, String defaultSchema, String sql) implements HistoryRecord {
    public Ddl {
      Objects.requireNonNull(position, "position == null");
      Objects.requireNonNull(sql, "sql == null");
    }
  }

  /**
   * The definition of one table right after the statement at {@code position} ({@code cause}), read from the live
   * server because the statement could not be applied; {@code createSql} null means the table no longer exists.
   */
  record Define(BinlogPosition position, TableName name, String createSql, String cause) implements HistoryRecord {
    public Define {
      Objects.requireNonNull(position, "position == null");
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(cause, "cause == null");
    }
  }
}
