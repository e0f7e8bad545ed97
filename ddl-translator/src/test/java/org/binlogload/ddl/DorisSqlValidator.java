package org.binlogload.ddl;

import com.alibaba.druid.DbType;
import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLDataType;
import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.ast.expr.SQLIntegerExpr;
import com.alibaba.druid.sql.ast.statement.SQLColumnDefinition;
import com.alibaba.druid.sql.ast.statement.SQLDropTableStatement;
import com.alibaba.druid.sql.ast.statement.SQLTableElement;
import com.alibaba.druid.sql.ast.statement.SQLTruncateStatement;
import com.alibaba.druid.sql.dialect.starrocks.ast.statement.StarRocksCreateTableStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that a statement is valid Doris SQL of the forms the translator emits.
 *
 * <p>CREATE TABLE, DROP TABLE and TRUNCATE TABLE go through druid's StarRocks grammar (close to Doris's), then
 * the Doris rules druid does not know: known type names and limits, key columns first in key order, distribution
 * columns among the keys, the three required properties. The ALTER TABLE forms druid's StarRocks grammar lacks
 * (ADD/MODIFY/DROP/RENAME COLUMN, RENAME) are matched against Doris's grammar shape here, and their column
 * definition goes through the StarRocks grammar inside a one-column CREATE TABLE. Every database, table and column
 * name must pass {@link DorisNames}, the rules the translator applies.
 */
final class DorisSqlValidator {

  private static final String ID = "`(?:[^`]|``)+`";
  private static final String QNAME = ID + "\\." + ID;
  private static final Pattern ADD = Pattern.compile("^ALTER TABLE (" + QNAME + ") ADD COLUMN (.+?)( AFTER (" + ID
      + ")| FIRST)?$", Pattern.DOTALL);
  private static final Pattern MODIFY = Pattern.compile("^ALTER TABLE (" + QNAME + ") MODIFY COLUMN (.+)$",
      Pattern.DOTALL);
  private static final Pattern DROP_COLUMN = Pattern.compile("^ALTER TABLE (" + QNAME + ") DROP COLUMN (" + ID + ")$");
  private static final Pattern RENAME_COLUMN = Pattern.compile("^ALTER TABLE (" + QNAME + ") RENAME COLUMN (" + ID
      + ") (" + ID + ")$");
  private static final Pattern RENAME = Pattern.compile("^ALTER TABLE (" + QNAME + ") RENAME (" + ID + ")$");
  private static final Set<String> TYPES = Set.of("BOOLEAN", "TINYINT", "SMALLINT", "INT", "BIGINT", "LARGEINT",
      "FLOAT", "DOUBLE", "DECIMAL", "DATEV2", "DATETIMEV2", "VARCHAR", "CHAR", "STRING", "JSON");

  private DorisSqlValidator() {
  }

  private static final Pattern HEAD = Pattern.compile("^(?:CREATE TABLE (?:IF NOT EXISTS )?|DROP TABLE (?:IF EXISTS )?"
      + "|TRUNCATE TABLE |ALTER TABLE )(" + ID + ")\\.(" + ID + ")");

  /** Problems found in {@code sql} for a Doris cluster with unicode names off (its default); empty when valid. */
  static List<String> problems(String sql) {
    return problems(sql, false);
  }

  /** Problems found in {@code sql} for a cluster with {@code enable_unicode_name_support = unicode}. */
  static List<String> problems(String sql, boolean unicode) {
    List<String> p = new ArrayList<>();
    try {
      check(sql, p, DorisNames.of(unicode));
    } catch (RuntimeException e) {
      p.add("does not parse: " + e.getMessage());
    }
    return p;
  }

  private static void name(String kind, String quoted, DorisNames rules, List<String> p) {
    String n = unquote(quoted);
    (switch (kind) {
      case "database" -> rules.databaseProblem(n);
      case "table" -> rules.tableProblem(n);
      default -> rules.columnProblem(n);
    }).ifPresent(why -> p.add(kind + " name " + quoted + " " + why));
  }

  private static String unquote(String q) {
    return q.startsWith("`") ? q.substring(1, q.length() - 1).replace("``", "`") : q;
  }

  private static void check(String raw, List<String> p, DorisNames rules) {
    Matcher head = HEAD.matcher(raw);
    if (head.find()) {
      name("database", head.group(1), rules, p);
      name("table", head.group(2), rules, p);
    }
    // druid's StarRocks lexer lacks doubled backticks inside quoted identifiers, which Doris's lexer accepts (its
    // analyzer then rejects the name: no Doris name holds a backtick).
    Matcher escaped = Pattern.compile("`((?:[^`]|``)*``(?:[^`]|``)*)`").matcher(raw);
    while (escaped.find()) {
      p.add("name " + escaped.group() + " holds a backtick, which no Doris name may");
    }
    String sql = escaped.replaceAll("`escaped_identifier`");
    if (sql.startsWith("CREATE TABLE ")) {
      SQLStatement st = one(sql);
      if (!(st instanceof StarRocksCreateTableStatement ct)) {
        p.add("not a CREATE TABLE: " + st.getClass().getSimpleName());
        return;
      }
      List<String> cols = new ArrayList<>();
      for (SQLTableElement e : ct.getTableElementList()) {
        if (e instanceof SQLColumnDefinition cd) {
          String n = cd.getNameAsString();
          name("column", n, rules, p);
          cols.add(unquote(n));
          checkType(cd.getDataType(), p);
        }
      }
      String ids = "((?:" + ID + ")(?:, " + ID + ")*)";
      Matcher key = Pattern.compile("\\) ENGINE=OLAP UNIQUE KEY\\(" + ids + "\\)").matcher(sql);
      Matcher dist = Pattern.compile("DISTRIBUTED BY HASH\\(" + ids + "\\) BUCKETS (AUTO|[1-9][0-9]*) PROPERTIES")
          .matcher(sql);
      if (!key.find() || !dist.find()) {
        p.add("missing UNIQUE KEY or DISTRIBUTED BY HASH ... BUCKETS");
        return;
      }
      List<String> keys = names(key.group(1));
      if (keys.isEmpty() || keys.size() > cols.size() || !cols.subList(0, keys.size()).equals(keys)) {
        p.add("key columns " + keys + " are not the first columns " + cols);
      }
      if (!keys.containsAll(names(dist.group(1)))) {
        p.add("distribution columns are not key columns");
      }
      for (String prop : List.of("\"replication_num\" = \"", "\"enable_unique_key_merge_on_write\" = \"true\"",
          "\"light_schema_change\" = \"true\"", "\"function_column.sequence_")) {
        if (!sql.contains(prop)) {
          p.add("missing property " + prop);
        }
      }
      return;
    }
    if (sql.startsWith("DROP TABLE ")) {
      if (!(one(sql) instanceof SQLDropTableStatement)) {
        p.add("not a DROP TABLE");
      }
      return;
    }
    if (sql.startsWith("TRUNCATE TABLE ")) {
      if (!(one(sql) instanceof SQLTruncateStatement)) {
        p.add("not a TRUNCATE TABLE");
      }
      return;
    }
    Matcher m;
    if ((m = ADD.matcher(sql)).matches() || (m = MODIFY.matcher(sql)).matches()) {
      Matcher first = Pattern.compile("^" + ID).matcher(m.group(2));
      if (first.find()) {
        name("column", first.group(), rules, p);
      }
      if (m.groupCount() >= 4 && m.group(4) != null) {
        name("column", m.group(4), rules, p);
      }
      columnDefinition(m.group(2), p);
      return;
    }
    if ((m = DROP_COLUMN.matcher(sql)).matches()) {
      name("column", m.group(2), rules, p);
      return;
    }
    if ((m = RENAME_COLUMN.matcher(sql)).matches()) {
      name("column", m.group(2), rules, p);
      name("column", m.group(3), rules, p);
      return;
    }
    if ((m = RENAME.matcher(sql)).matches()) {
      name("table", m.group(2), rules, p);
      return;
    }
    p.add("not a statement form Doris accepts here");
  }

  private static void columnDefinition(String def, List<String> p) {
    String wrapped = "CREATE TABLE `v` (" + def.replaceFirst(" KEY ", " ") + ") DISTRIBUTED BY HASH(`x`) BUCKETS AUTO";
    SQLStatement st = one(wrapped);
    if (!(st instanceof StarRocksCreateTableStatement ct) || ct.getTableElementList().size() != 1
        || !(ct.getTableElementList().get(0) instanceof SQLColumnDefinition cd)) {
      p.add("not one column definition: " + def);
      return;
    }
    checkType(cd.getDataType(), p);
    if (!def.contains(" NULL")) {
      p.add("nullability not stated: " + def);
    }
  }

  private static void checkType(SQLDataType t, List<String> p) {
    String name = t.getName().toUpperCase(Locale.ROOT);
    if (!TYPES.contains(name)) {
      p.add("unknown Doris type " + name);
      return;
    }
    List<Integer> args = new ArrayList<>();
    for (SQLExpr a : t.getArguments()) {
      if (a instanceof SQLIntegerExpr i) {
        args.add(i.getNumber().intValue());
      } else {
        p.add("non-integer type argument in " + t);
      }
    }
    int a0 = args.isEmpty() ? -1 : args.get(0);
    switch (name) {
      case "VARCHAR" -> {
        if (a0 < 1 || a0 > 65533) {
          p.add("VARCHAR length out of 1..65533: " + t);
        }
      }
      case "CHAR" -> {
        if (a0 < 1 || a0 > 255) {
          p.add("CHAR length out of 1..255: " + t);
        }
      }
      case "DECIMAL" -> {
        if (args.size() != 2 || a0 < 1 || a0 > 38 || args.get(1) > a0) {
          p.add("DECIMAL(p,s) out of range: " + t);
        }
      }
      case "DATETIMEV2" -> {
        if (args.size() != 1 || a0 < 0 || a0 > 6) {
          p.add("DATETIMEV2 precision out of 0..6: " + t);
        }
      }
      default -> {
        if (!args.isEmpty()) {
          p.add("unexpected arguments: " + t);
        }
      }
    }
  }

  private static List<String> names(String list) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile(ID).matcher(list);
    while (m.find()) {
      String q = m.group();
      out.add(q.substring(1, q.length() - 1).replace("``", "`"));
    }
    return out;
  }

  private static SQLStatement one(String sql) {
    List<SQLStatement> l = SQLUtils.parseStatements(sql, DbType.starrocks);
    if (l.size() != 1) {
      throw new IllegalStateException(l.size() + " statements");
    }
    return l.get(0);
  }
}
