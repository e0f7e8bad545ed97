package org.binlogload.ddl.internal;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.ast.expr.SQLIdentifierExpr;
import com.alibaba.druid.sql.ast.expr.SQLMethodInvokeExpr;
import com.alibaba.druid.sql.ast.expr.SQLPropertyExpr;
import com.alibaba.druid.sql.ast.statement.SQLAssignItem;
import com.alibaba.druid.sql.ast.statement.SQLColumnDefinition;
import com.alibaba.druid.sql.ast.statement.SQLPrimaryKey;
import com.alibaba.druid.sql.ast.statement.SQLSelectOrderByItem;
import com.alibaba.druid.sql.ast.statement.SQLTableElement;
import com.alibaba.druid.sql.ast.statement.SQLUnique;
import com.alibaba.druid.sql.dialect.mysql.ast.MySqlKey;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlCreateTableStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.binlogload.ddl.ColumnDefinition;
import org.binlogload.ddl.TableDefinition;

/** Reads CREATE TABLE statements (including SHOW CREATE TABLE output) into {@link TableDefinition}s. */
public final class CreateTableReader {

  private CreateTableReader() {
  }

  /** Backs {@link TableDefinition#fromCreateTable}. */
  public static TableDefinition read(String schema, String createSql) {
    if (schema == null || createSql == null) {
      throw new IllegalArgumentException("schema == null || createSql == null");
    }
    try {
      Normalizer.Result n = Normalizer.normalize(SqlLexer.tokenize(createSql));
      SQLStatement st = Druid.parse(n.sql());
      if (!(st instanceof MySqlCreateTableStatement ct) || ct.getLike() != null || ct.getSelect() != null) {
        throw new IllegalArgumentException("not a CREATE TABLE with columns: " + abbreviate(createSql));
      }
      String name = ColumnReader.name(ct.getTableSource().getTableName());
      return build(schema, name, ct);
    } catch (SqlLexer.LexException e) {
      throw new IllegalArgumentException(e.getMessage() + ": " + abbreviate(createSql), e);
    } catch (Refuse e) {
      throw new IllegalArgumentException(e.getMessage() + ": " + abbreviate(createSql), e);
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }

  /** Builds the definition of table {@code schema.name} from a parsed CREATE TABLE. */
  static TableDefinition build(String schema, String name, MySqlCreateTableStatement ct) {
    TableDefinition.Builder b = TableDefinition.builder(schema, name);
    List<String> pk = new ArrayList<>();
    List<String> columnUniques = new ArrayList<>();
    for (SQLTableElement e : ct.getTableElementList()) {
      if (e instanceof SQLColumnDefinition cd) {
        ColumnReader.Read r = ColumnReader.read(cd);
        b.addColumn(r.column());
        if (r.primaryKey()) {
          pk.add(r.column().name());
        }
        if (r.unique()) {
          columnUniques.add(r.column().name());
        }
      }
    }
    for (SQLTableElement e : ct.getTableElementList()) {
      if (e instanceof SQLPrimaryKey p) {
        pk.clear();
        pk.addAll(indexColumns(((SQLUnique) p).getColumns()));
      } else if (e instanceof SQLUnique u && isUnique(u)) {
        List<String> cols = indexColumns(u.getColumns());
        if (!cols.isEmpty()) {
          String idx = u.getName() == null ? cols.get(0) : ColumnReader.name(u.getName());
          b.uniqueKey(uniqueName(b, idx), cols);
        }
      }
    }
    for (String c : columnUniques) {
      b.uniqueKey(uniqueName(b, c), List.of(c));
    }
    b.primaryKey(pk);
    String charset = null;
    String collationCharset = null;
    for (SQLAssignItem o : ct.getTableOptions()) {
      String k = o.getTarget().toString().toUpperCase(Locale.ROOT);
      if (o.getValue() == null) {
        continue;
      }
      if (k.contains("CHARSET") || k.contains("CHARACTER SET")) {
        charset = SQLUtils.normalize(o.getValue().toString());
      } else if (k.contains("COLLATE")) {
        String coll = SQLUtils.normalize(o.getValue().toString());
        collationCharset = coll.contains("_") ? coll.substring(0, coll.indexOf('_')) : coll;
      }
    }
    b.charset(charset != null ? charset : collationCharset);
    if (ct.getComment() != null) {
      b.comment(ColumnReader.text(ct.getComment()));
    }
    try {
      return b.build();
    } catch (IllegalArgumentException ex) {
      throw new Refuse(ex.getMessage(), "check the statement");
    }
  }

  static boolean isUnique(SQLUnique u) {
    if (u instanceof MySqlKey k && !(u instanceof com.alibaba.druid.sql.dialect.mysql.ast.MySqlUnique)) {
      return false;
    }
    return !(u instanceof SQLPrimaryKey);
  }

  static String uniqueName(TableDefinition.Builder b, String base) {
    String n = base;
    int i = 2;
    while (b.uniqueKeys().containsKey(n)) {
      n = base + "_" + i++;
    }
    return n;
  }

  /** Column names of an index; empty when a key part is an expression (it cannot be a Doris key). */
  static List<String> indexColumns(List<SQLSelectOrderByItem> items) {
    List<String> out = new ArrayList<>();
    for (SQLSelectOrderByItem item : items) {
      SQLExpr e = item.getExpr();
      if (e instanceof SQLIdentifierExpr id) {
        out.add(ColumnReader.name(id.getName()));
      } else if (e instanceof SQLPropertyExpr p) {
        out.add(ColumnReader.name(p.getName()));
      } else if (e instanceof SQLMethodInvokeExpr m && m.getArguments().size() <= 1 && m.getOwner() == null) {
        out.add(ColumnReader.name(m.getMethodName())); // prefix key part: name(10)
      } else {
        return List.of();
      }
    }
    return out;
  }

  /** A column read for ALTER: constraints returned with it. */
  static ColumnReader.Read column(SQLColumnDefinition cd) {
    return ColumnReader.read(cd);
  }

  /** Re-exported for the translator. */
  static ColumnDefinition plain(SQLColumnDefinition cd) {
    return ColumnReader.read(cd).column();
  }
}
