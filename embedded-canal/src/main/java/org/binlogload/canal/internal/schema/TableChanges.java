package org.binlogload.canal.internal.schema;

import com.alibaba.druid.DbType;
import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLName;
import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.ast.expr.SQLPropertyExpr;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableItem;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableRename;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableStatement;
import com.alibaba.druid.sql.ast.statement.SQLCreateIndexStatement;
import com.alibaba.druid.sql.ast.statement.SQLCreateTableStatement;
import com.alibaba.druid.sql.ast.statement.SQLDropIndexStatement;
import com.alibaba.druid.sql.ast.statement.SQLDropTableStatement;
import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlRenameTableStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.binlogload.canal.internal.schema.HistoryRecord.TableName;

/**
 * The table-level effects of parsed DDL statements (tables created, dropped, renamed, altered), to keep the set of
 * unknown and provisional tables right; with the naming of tables in druid's statements.
 */
record TableChanges(List<TableName> created, List<TableName> dropped, List<TableName[]> renamed,
    List<TableName> altered, boolean touchesTables) {

  /** The statements of {@code sql} as druid parses them; throws druid's exception when it cannot. */
  static List<SQLStatement> parse(String sql) {
    return SQLUtils.parseStatements(sql, DbType.mysql, false);
  }

  /** Whether druid parses {@code sql}. */
  static boolean parses(String sql) {
    try {
      parse(sql);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The effects of {@code sql} run in {@code schema}; throws druid's exception when it cannot parse it. */
  static TableChanges of(String sql, String schema) {
    return of(parse(sql), schema);
  }

  /** The effects of {@code statements} run in {@code schema}. */
  static TableChanges of(List<SQLStatement> statements, String schema) {
    List<TableName> created = new ArrayList<>();
    List<TableName> dropped = new ArrayList<>();
    List<TableName[]> renamed = new ArrayList<>();
    List<TableName> altered = new ArrayList<>();
    boolean touches = false;
    for (SQLStatement st : statements) {
      if (st instanceof SQLCreateTableStatement c) {
        touches = true;
        TableName t = name(c.getTableSource(), schema);
        if (t != null) {
          created.add(t);
        }
      } else if (st instanceof SQLAlterTableStatement a) {
        touches = true;
        TableName t = name(a.getTableSource(), schema);
        TableName last = t;
        for (SQLAlterTableItem item : a.getItems()) {
          if (item instanceof SQLAlterTableRename r && t != null) {
            TableName to = name(r.getToName(), t.schema());
            if (to != null) {
              renamed.add(new TableName[] {t, to});
              last = to;
            }
          }
        }
        if (last != null) {
          altered.add(last);
        }
      } else if (st instanceof MySqlRenameTableStatement r) {
        touches = true;
        for (MySqlRenameTableStatement.Item item : r.getItems()) {
          TableName from = name(item.getName(), schema);
          TableName to = name(item.getTo(), schema);
          if (from != null && to != null) {
            renamed.add(new TableName[] {from, to});
          }
        }
      } else if (st instanceof SQLDropTableStatement d) {
        touches = true;
        for (SQLExprTableSource s : d.getTableSources()) {
          TableName t = name(s, schema);
          if (t != null) {
            dropped.add(t);
          }
        }
      } else if (st instanceof SQLCreateIndexStatement || st instanceof SQLDropIndexStatement) {
        touches = true;
      } else if (st.getClass().getSimpleName().contains("DropDatabase")) {
        touches = true;
      }
    }
    return new TableChanges(created, dropped, renamed, altered, touches);
  }

  /** Whether the statements change no table. */
  boolean isEmpty() {
    return !touchesTables;
  }

  /** Every table the statements name: created, dropped, altered, renamed from and to. */
  List<TableName> named() {
    List<TableName> all = new ArrayList<>(created);
    all.addAll(dropped);
    all.addAll(altered);
    renamed.forEach(r -> all.addAll(List.of(r)));
    return all;
  }

  /** Moves or ends the unknown tables (by {@link #key}) as the statements drop, rename and create them. */
  void updateUnknown(Map<String, String> unknown) {
    for (TableName t : dropped) {
      unknown.remove(key(t));
    }
    for (TableName[] r : renamed) {
      String reason = unknown.remove(key(r[0]));
      if (reason != null) {
        unknown.put(key(r[1]), reason);
      } else {
        unknown.remove(key(r[1]));
      }
    }
    for (TableName t : created) {
      unknown.remove(key(t));
    }
  }

  /** The case-insensitive key of {@code t} in maps of tables. */
  static String key(TableName t) {
    return key(t.schema(), t.table());
  }

  /** The case-insensitive key of {@code schema.table} in maps of tables. */
  static String key(String schema, String table) {
    return (schema + "." + table).toLowerCase(Locale.ROOT);
  }

  /** The simple name of {@code name} without its backticks, or null. */
  static String plain(SQLName name) {
    return name == null ? null : unquote(name.getSimpleName());
  }

  private static String unquote(String s) {
    if (s != null && s.length() >= 2 && s.startsWith("`") && s.endsWith("`")) {
      return s.substring(1, s.length() - 1).replace("``", "`");
    }
    return s;
  }

  /** The table {@code source} names, qualified with {@code schema} where it names none, or null. */
  static TableName name(SQLExprTableSource source, String schema) {
    return source == null ? null : name(source.getName(), schema);
  }

  /** The table {@code name} names, qualified with {@code schema} where it names none, or null. */
  static TableName name(SQLName name, String schema) {
    if (name == null) {
      return null;
    }
    String full = name.toString();
    String table = plain(name);
    String owner = null;
    if (name instanceof SQLPropertyExpr p) {
      owner = unquote(p.getOwnerName());
    }
    if (owner == null) {
      owner = schema;
    }
    if (owner == null || table == null || full.isEmpty()) {
      return null;
    }
    return new TableName(unquote(owner), table);
  }
}
