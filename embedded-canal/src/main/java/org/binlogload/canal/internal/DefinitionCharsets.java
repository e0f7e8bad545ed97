package org.binlogload.canal.internal;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLDataType;
import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.ast.statement.SQLAssignItem;
import com.alibaba.druid.sql.ast.statement.SQLCharacterDataType;
import com.alibaba.druid.sql.ast.statement.SQLColumnDefinition;
import com.alibaba.druid.sql.ast.statement.SQLCreateTableStatement;
import com.alibaba.druid.sql.ast.statement.SQLTableElement;
import com.alibaba.druid.util.JdbcConstants;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Each column's character set as a table definition ({@code CREATE TABLE} text) names it: its own CHARACTER SET or
 * COLLATE, else the table's DEFAULT CHARSET or COLLATE; for rows whose table map names no charsets
 * (binlog_row_metadata=NO_LOG).
 */
final class DefinitionCharsets {
  private DefinitionCharsets() {}

  /**
   * The character set of each column of {@code ddl}, in order, null where the definition names none (a table created
   * without a charset takes its database's default, which the history does not keep); null when {@code ddl} is not a
   * CREATE TABLE statement druid reads.
   */
  static String[] of(String ddl) {
    if (ddl == null) {
      return null;
    }
    SQLCreateTableStatement create;
    try {
      List<SQLStatement> parsed = SQLUtils.parseStatements(ddl, JdbcConstants.MYSQL);
      if (parsed.size() != 1 || !(parsed.get(0) instanceof SQLCreateTableStatement c)) {
        return null;
      }
      create = c;
    } catch (RuntimeException e) {
      return null;
    }
    String table = null;
    for (SQLAssignItem option : create.getTableOptions()) {
      String name = option.getTarget().toString().toUpperCase(Locale.ROOT).replace("DEFAULT", "").trim();
      String value = unquote(String.valueOf(option.getValue()));
      if (name.equals("CHARSET") || name.equals("CHARACTER SET")) {
        table = charset(value);
      } else if (name.equals("COLLATE") && table == null) {
        table = ofCollation(value);
      }
    }
    List<String> out = new ArrayList<>();
    for (SQLTableElement e : create.getTableElementList()) {
      if (e instanceof SQLColumnDefinition column) {
        out.add(column(column.getDataType(), table));
      }
    }
    return out.toArray(new String[0]);
  }

  private static String column(SQLDataType type, String table) {
    String name = type == null ? "" : type.getName().toLowerCase(Locale.ROOT);
    if (name.startsWith("national") || name.startsWith("nchar") || name.startsWith("nvarchar")) {
      return "utf8mb3";
    }
    if (type instanceof SQLCharacterDataType c) {
      if (c.getCharSetName() != null) {
        return charset(unquote(c.getCharSetName()));
      }
      String collation = c.getCollate() == null ? null : ofCollation(unquote(c.getCollate()));
      if (collation != null) {
        return collation;
      }
    }
    return table;
  }

  /** The character set of a collation name ({@code gbk_chinese_ci}: gbk); null for MariaDB's {@code uca1400_...}. */
  private static String ofCollation(String collation) {
    String c = collation.toLowerCase(Locale.ROOT);
    if (c.equals("binary")) {
      return "binary";
    }
    int underscore = c.indexOf('_');
    return underscore <= 0 || c.startsWith("uca1400") ? null : charset(c.substring(0, underscore));
  }

  private static String charset(String name) {
    String c = name.toLowerCase(Locale.ROOT);
    return c.equals("utf8") ? "utf8mb3" : c;
  }

  private static String unquote(String s) {
    String t = s.trim();
    if (t.length() >= 2 && (t.charAt(0) == '\'' || t.charAt(0) == '"' || t.charAt(0) == '`')) {
      return t.substring(1, t.length() - 1);
    }
    return t;
  }
}
