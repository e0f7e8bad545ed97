package org.binlogload.ddl;

import java.util.ArrayList;
import java.util.List;
import org.binlogload.ddl.TypeMapping.DorisType;

/** Renders a column type change as MODIFY COLUMN, or as nothing when the Doris type stays, or refuses it. */
final class DorisTypeChange {

  private final DorisSql sql;
  private final DorisColumnSql columns;

  DorisTypeChange(DorisSql sql, DorisColumnSql columns) {
    this.sql = sql;
    this.columns = columns;
  }

  Rendering render(SchemaChange.AlterColumnType change) {
    TableDefinition table = change.before();
    ColumnDefinition oldC = change.oldColumn();
    ColumnDefinition newC = change.newColumn().withKey(oldC.key());
    DorisType from = columns.dorisType(table, oldC);
    DorisType to = columns.dorisType(table, newC);
    String where = table.id() + "." + newC.name();
    if (to == null) {
      return Rendering.refused("unsupported MySQL type " + newC.mysqlType() + " of column " + where,
          "change the column's type in MySQL, then skip this statement");
    }
    List<String> notes = new ArrayList<>();
    List<Backfill> backfills = new ArrayList<>();
    if (newC.generatedExpression() != null && !newC.generatedExpression().equals(oldC.generatedExpression())) {
      String why = "MySQL computed " + where + " AS (" + newC.generatedExpression() + ") for existing rows; Doris "
          + "keeps their old values (the expression is not carried)";
      notes.add(why);
      backfills.add(new Backfill(table.id(), List.of(newC.name()), Backfill.Reason.GENERATED_COLUMN, why));
    }
    if (from != null && from.equals(to)) {
      String was = charset(table, oldC);
      String is = charset(table, newC);
      if (!backfills.isEmpty()) {
        return Rendering.of(List.of(), notes, backfills);
      }
      if (!was.equals(is) && !newC.typeName().equals("ENUM") && !newC.typeName().equals("SET")) {
        notes.add(0, "change of " + where + " from " + oldC.mysqlType() + " " + was + " to " + newC.mysqlType() + " "
            + is + " keeps Doris type " + to.sql() + ", wide enough for every value: Doris VARCHAR lengths count "
            + TypeMapping.BYTES_PER_CHAR + " bytes per character in every charset");
      } else {
        notes.add(0, "change of " + where + " from " + oldC.mysqlType() + " to " + newC.mysqlType()
            + " keeps Doris type " + to.sql() + " (Doris: Nothing is changed. please check your alter stmt.)");
      }
      return Rendering.of(List.of(), notes, backfills);
    }
    if (oldC.key()) {
      return Rendering.refused("Can not modify distribution column[" + oldC.name() + "] (" + where + " from "
          + (from == null ? oldC.mysqlType() : from.sql()) + " to " + to.sql() + ")", DorisRenderer.RECREATE);
    }
    String why = DorisTypeChangeRules.refusal(from, to);
    if (why != null) {
      return Rendering.refused(why + " (" + where + " from " + (from == null ? oldC.mysqlType() : from.sql())
          + " to " + to.sql() + ")", DorisRenderer.RECREATE);
    }
    DorisColumnSql.Definition def = columns.definition(table, newC, false, notes);
    if (def.refusal() != null) {
      return Rendering.refused(def.refusal(), DorisRenderer.RECREATE);
    }
    boolean heavy = !(from.name().equals("VARCHAR") && to.name().equals("VARCHAR"));
    return Rendering.of(List.of(sql.statement("ALTER TABLE " + sql.target(table.id()) + " MODIFY COLUMN "
        + def.sql(), heavy, table.id())), notes, backfills);
  }

  /** The charset of a character column of {@code table}: its own, its collation's, the table's or the default. */
  private String charset(TableDefinition table, ColumnDefinition c) {
    if (!TypeMapping.isCharacterType(c.typeName())) {
      return "";
    }
    if (c.charset() != null) {
      return c.charset();
    }
    if (c.collation() != null && c.collation().indexOf('_') > 0) {
      return c.collation().substring(0, c.collation().indexOf('_'));
    }
    return table.charset() != null ? table.charset() : sql.options().defaultCharset();
  }
}
