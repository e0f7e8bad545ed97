package org.binlogload.ddl;

import java.util.ArrayList;
import java.util.List;

/** Renders ADD, DROP and RENAME COLUMN under Doris's rules for key columns, column order and names. */
final class DorisColumnChanges {

  private final DorisSql sql;
  private final DorisColumnSql columns;

  DorisColumnChanges(DorisSql sql, DorisColumnSql columns) {
    this.sql = sql;
    this.columns = columns;
  }

  Rendering add(SchemaChange.AddColumn change) {
    DorisNaming naming = sql.naming();
    TableDefinition table = change.before();
    ColumnDefinition c = change.column();
    List<String> notes = new ArrayList<>();
    String taken = naming.takenBy(table, naming.column(table.id(), c.name()), c.name());
    if (taken != null) {
      return Rendering.refused("Doris column " + DorisRenderer.quote(naming.column(table.id(), c.name()))
          + " of added column " + c.name() + " is already the Doris column of " + table.id() + "." + taken,
          "change the name mapping of " + table.id().table() + "." + c.name() + ", then retry this statement");
    }
    if (c.key()) {
      return Rendering.refused("adding key column " + c.name() + " changes the key of " + table.id()
          + ", which a Doris UNIQUE KEY table cannot do", DorisRenderer.RECREATE);
    }
    DorisColumnSql.Definition def = columns.definition(table, c, true, notes);
    if (def.refusal() != null) {
      return Rendering.refused(def.refusal(), "change the column's type in MySQL, then skip this statement");
    }
    String position = position(table, c, change.position(), notes);
    List<Backfill> backfills = new ArrayList<>();
    if (c.generatedExpression() != null) {
      String why = "generated column " + table.id() + "." + c.name() + " AS (" + c.generatedExpression() + ") is a "
          + "plain column in Doris: MySQL computed it for existing rows, Doris holds NULL there";
      notes.add(why);
      backfills.add(new Backfill(table.id(), List.of(c.name()), Backfill.Reason.GENERATED_COLUMN, why));
    } else if (def.dflt().differs() != null) {
      backfills.add(new Backfill(table.id(), List.of(c.name()), def.dflt().differs(), def.dflt().note()));
    }
    return Rendering.of(List.of(sql.statement("ALTER TABLE " + sql.target(table.id()) + " ADD COLUMN " + def.sql()
        + position, false, table.id())), notes, backfills);
  }

  /** The FIRST or AFTER clause for added column {@code c}, empty with a note where Doris needs it after the key. */
  private String position(TableDefinition table, ColumnDefinition c, ColumnPosition p, List<String> notes) {
    boolean hasKey = !table.keyColumns().isEmpty();
    if (p.kind() == ColumnPosition.Kind.FIRST) {
      if (hasKey) {
        notes.add("column " + c.name() + " added at the end of " + table.id()
            + " instead of FIRST: Invalid column order. value should be after key");
        return "";
      }
      return " FIRST";
    }
    if (p.kind() == ColumnPosition.Kind.AFTER) {
      ColumnDefinition after = table.column(p.afterColumn()).orElse(null);
      List<String> keys = table.keyColumns();
      if (after == null) {
        notes.add("column " + c.name() + " added at the end: AFTER names unknown column " + p.afterColumn());
      } else if (after.key() && !keys.get(keys.size() - 1).equalsIgnoreCase(after.name())) {
        notes.add("column " + c.name() + " added at the end of " + table.id() + " instead of AFTER " + after.name()
            + ": Invalid column order. value should be after key");
      } else {
        return " AFTER " + sql.col(table, after.name());
      }
    }
    return "";
  }

  Rendering drop(SchemaChange.DropColumn change) {
    TableDefinition table = change.before();
    ColumnDefinition c = change.column();
    if (c.key()) {
      return Rendering.refused("Can not drop key column in Unique data model table (" + table.id() + "." + c.name()
          + ")", DorisRenderer.RECREATE);
    }
    return Rendering.of(List.of(sql.statement("ALTER TABLE " + sql.target(table.id()) + " DROP COLUMN "
        + sql.col(table, c.name()), false, table.id())), List.of());
  }

  Rendering rename(SchemaChange.RenameColumn change) {
    DorisNaming naming = sql.naming();
    TableDefinition table = change.before();
    ColumnDefinition c = change.column();
    String from = naming.column(table.id(), c.name());
    String to = naming.column(table.id(), change.newName());
    if (from.equalsIgnoreCase(to)) {
      return Rendering.nothing("rename of " + table.id() + "." + c.name() + " to " + change.newName()
          + (from.equals(to) && !c.name().equalsIgnoreCase(change.newName()) ? " keeps the mapped Doris name "
          + DorisRenderer.quote(to) : " changes only letter case; Doris column names ignore case (Doris: Same "
          + "column name)"));
    }
    String taken = naming.takenBy(table, to, c.name());
    if (taken != null) {
      return Rendering.refused("Doris column " + DorisRenderer.quote(to) + " of renamed column " + change.newName()
          + " is already the Doris column of " + table.id() + "." + taken, "change the name mapping of "
          + table.id().table() + "." + change.newName() + ", then retry this statement");
    }
    return Rendering.of(List.of(sql.statement("ALTER TABLE " + sql.target(table.id()) + " RENAME COLUMN "
        + DorisRenderer.quote(from) + " " + DorisRenderer.quote(to), false, table.id())), List.of());
  }
}
