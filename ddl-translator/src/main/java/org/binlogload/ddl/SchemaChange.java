package org.binlogload.ddl;

import java.util.Objects;

/**
 * A neutral schema change: what one MySQL DDL statement did to one table, independent of any target system.
 *
 * <p>Column-level changes carry the table definition as it was before the change, so that a renderer needs
 * nothing else to decide what the target allows.
 */
public sealed interface SchemaChange {

  /** The MySQL table this change applies to (null only for a statement-wide no-op). */
  TableId table();

  /** Calls the visitor method for this kind. */
  <R> R accept(SchemaChangeVisitor<R> visitor);

  /** CREATE TABLE: {@code replace} when an existing table of that name is dropped first (CREATE OR REPLACE). */
  record CreateTable(TableDefinition definition, boolean ifNotExists, boolean replace) implements SchemaChange {
    /** Validates. */
    public CreateTable {
      Objects.requireNonNull(definition, "definition == null");
    }

    @Override
    public TableId table() {
      return definition.id();
    }

    @Override
    public <R> R accept(SchemaChangeVisitor<R> visitor) {
      return visitor.visitCreateTable(this);
    }
  }

  /** DROP TABLE of one table. */
  record DropTable(TableId table, boolean ifExists) implements SchemaChange {
    /** Validates. */
    public DropTable {
      Objects.requireNonNull(table, "table == null");
    }

    @Override
    public <R> R accept(SchemaChangeVisitor<R> visitor) {
      return visitor.visitDropTable(this);
    }
  }

  /** TRUNCATE TABLE. */
  record TruncateTable(TableId table) implements SchemaChange {
    /** Validates. */
    public TruncateTable {
      Objects.requireNonNull(table, "table == null");
    }

    @Override
    public <R> R accept(SchemaChangeVisitor<R> visitor) {
      return visitor.visitTruncateTable(this);
    }
  }

  /** RENAME TABLE of one pair (or ALTER TABLE ... RENAME TO). */
  record RenameTable(TableId table, TableId newTable) implements SchemaChange {
    /** Validates. */
    public RenameTable {
      Objects.requireNonNull(table, "table == null");
      Objects.requireNonNull(newTable, "newTable == null");
    }

    @Override
    public <R> R accept(SchemaChangeVisitor<R> visitor) {
      return visitor.visitRenameTable(this);
    }
  }

  /** ADD COLUMN at a position; {@code before} is the table before the column was added. */
  record AddColumn(TableDefinition before, ColumnDefinition column, ColumnPosition position)
      implements SchemaChange {
    /** Validates. */
    public AddColumn {
      Objects.requireNonNull(before, "before == null");
      Objects.requireNonNull(column, "column == null");
      Objects.requireNonNull(position, "position == null");
    }

    @Override
    public TableId table() {
      return before.id();
    }

    @Override
    public <R> R accept(SchemaChangeVisitor<R> visitor) {
      return visitor.visitAddColumn(this);
    }
  }

  /** DROP COLUMN; {@code column} is its definition before the drop. */
  record DropColumn(TableDefinition before, ColumnDefinition column) implements SchemaChange {
    /** Validates. */
    public DropColumn {
      Objects.requireNonNull(before, "before == null");
      Objects.requireNonNull(column, "column == null");
    }

    @Override
    public TableId table() {
      return before.id();
    }

    @Override
    public <R> R accept(SchemaChangeVisitor<R> visitor) {
      return visitor.visitDropColumn(this);
    }
  }

  /** RENAME COLUMN (or CHANGE old new with the same definition). */
  record RenameColumn(TableDefinition before, ColumnDefinition column, String newName) implements SchemaChange {
    /** Validates. */
    public RenameColumn {
      Objects.requireNonNull(before, "before == null");
      Objects.requireNonNull(column, "column == null");
      Objects.requireNonNull(newName, "newName == null");
    }

    @Override
    public TableId table() {
      return before.id();
    }

    @Override
    public <R> R accept(SchemaChangeVisitor<R> visitor) {
      return visitor.visitRenameColumn(this);
    }
  }

  /**
   * MODIFY/CHANGE of a column's type or attributes; {@code oldColumn} and {@code newColumn} have the same name
   * (a rename is a separate {@link RenameColumn} before it).
   */
  record AlterColumnType(TableDefinition before, ColumnDefinition oldColumn, ColumnDefinition newColumn)
      implements SchemaChange {
    /** Validates. */
    public AlterColumnType {
      Objects.requireNonNull(before, "before == null");
      Objects.requireNonNull(oldColumn, "oldColumn == null");
      Objects.requireNonNull(newColumn, "newColumn == null");
    }

    @Override
    public TableId table() {
      return before.id();
    }

    @Override
    public <R> R accept(SchemaChangeVisitor<R> visitor) {
      return visitor.visitAlterColumnType(this);
    }
  }

  /** A clause or statement that changes nothing in the target, with the reason. */
  record NoOp(TableId table, String reason) implements SchemaChange {
    /** Validates. */
    public NoOp {
      Objects.requireNonNull(reason, "reason == null");
    }

    @Override
    public <R> R accept(SchemaChangeVisitor<R> visitor) {
      return visitor.visitNoOp(this);
    }
  }
}
