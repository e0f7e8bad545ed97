package org.binlogload.ddl;

/** Handles every kind of {@link SchemaChange}; adding a kind breaks every visitor at compile time. */
public interface SchemaChangeVisitor<R> {

  /** Handles CREATE TABLE. */
  R visitCreateTable(SchemaChange.CreateTable change);

  /** Handles DROP TABLE. */
  R visitDropTable(SchemaChange.DropTable change);

  /** Handles TRUNCATE TABLE. */
  R visitTruncateTable(SchemaChange.TruncateTable change);

  /** Handles RENAME TABLE. */
  R visitRenameTable(SchemaChange.RenameTable change);

  /** Handles ADD COLUMN. */
  R visitAddColumn(SchemaChange.AddColumn change);

  /** Handles DROP COLUMN. */
  R visitDropColumn(SchemaChange.DropColumn change);

  /** Handles RENAME COLUMN. */
  R visitRenameColumn(SchemaChange.RenameColumn change);

  /** Handles a column type or attribute change. */
  R visitAlterColumnType(SchemaChange.AlterColumnType change);

  /** Handles a no-op. */
  R visitNoOp(SchemaChange.NoOp change);
}
