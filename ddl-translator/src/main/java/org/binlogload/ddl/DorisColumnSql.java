package org.binlogload.ddl;

import java.util.List;
import org.binlogload.ddl.TypeMapping.DorisType;

/** Doris column definitions of MySQL columns: type, nullability, default and comment, or why Doris refuses one. */
final class DorisColumnSql {

  /** A Doris column definition and its default, or the reason Doris would refuse the column. */
  record Definition(String sql, String refusal, DorisDefaults.Default dflt) {
    static Definition refused(String reason) {
      return new Definition(null, reason, DorisDefaults.Default.NONE);
    }
  }

  private final DorisSql sql;

  DorisColumnSql(DorisSql sql) {
    this.sql = sql;
  }

  /** The Doris type of a column of {@code table}, as a key column when it is one; null when unknown. */
  DorisType dorisType(TableDefinition table, ColumnDefinition column) {
    TranslatorOptions options = sql.options();
    TypeMapping.Context context = new TypeMapping.Context(options.tinyInt1AsBoolean(), table.charset(),
        options.defaultCharset());
    DorisType t = TypeMapping.map(column, context).orElse(null);
    if (t != null && column.key() && t.name().equals("STRING")) {
      return DorisType.of("VARCHAR", options.keyVarcharMax());
    }
    return t;
  }

  /** The definition of column {@code c} of {@code table}; {@code adding} for ADD COLUMN; notes go to {@code notes}. */
  Definition definition(TableDefinition table, ColumnDefinition c, boolean adding, List<String> notes) {
    DorisType t = dorisType(table, c);
    if (t == null) {
      return Definition.refused("unsupported MySQL type " + c.mysqlType() + " of column " + c.name() + " in "
          + table.id());
    }
    StringBuilder sb = new StringBuilder(sql.col(table, c.name())).append(' ').append(t.sql());
    DorisDefaults.Default d = DorisDefaults.Default.NONE;
    if (c.key()) {
      if (t.name().equals("FLOAT") || t.name().equals("DOUBLE")) {
        return Definition.refused("Float or double can not used as a key, use decimal instead. (key column "
            + c.name() + " of " + table.id() + ")");
      }
      if (t.name().equals("JSON")) {
        return Definition.refused("JSON type should not be used in key column[" + c.name() + "] (" + table.id()
            + ")");
      }
      sb.append(" NOT NULL");
    } else {
      sb.append(" NULL");
      d = DorisDefaults.of(table.id(), c, t, adding);
      if (d.sql() != null) {
        sb.append(" DEFAULT ").append(d.sql());
      }
      if (d.note() != null) {
        notes.add(d.note());
      }
    }
    if (c.comment() != null && !c.comment().isEmpty()) {
      sb.append(" COMMENT ").append(DorisRenderer.literal(c.comment()));
    }
    return new Definition(sb.toString(), null, d);
  }
}
