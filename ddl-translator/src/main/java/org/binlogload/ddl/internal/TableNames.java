package org.binlogload.ddl.internal;

import com.alibaba.druid.sql.ast.SQLName;
import com.alibaba.druid.sql.ast.expr.SQLPropertyExpr;
import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
import java.util.Locale;
import java.util.Set;
import org.binlogload.ddl.TableId;
import org.binlogload.ddl.TranslatorOptions;

/** Resolves the names a statement uses to tables, in the session's database and under lower_case_table_names. */
final class TableNames {

  /** Schemas of the server itself, whose DDL is never replicated. */
  private static final Set<String> SYSTEM_SCHEMAS = Set.of("mysql", "sys", "performance_schema", "information_schema");

  /** Thrown when a statement names a table of a system schema: the whole statement is a no-op. */
  static final class SystemSchema extends RuntimeException {
    final TableId table;

    SystemSchema(TableId table) {
      super(null, null, false, false);
      this.table = table;
    }
  }

  private final TranslatorOptions options;
  private final String session;

  TableNames(TranslatorOptions options, String session) {
    this.options = options;
    this.session = session == null || session.isEmpty() ? null : ident(session);
  }

  /** A database or table name as MySQL stores it under lower_case_table_names. */
  String ident(String raw) {
    String n = ColumnReader.name(raw);
    return options.lowerCaseTableNames() > 0 ? n.toLowerCase(Locale.ROOT) : n;
  }

  /** The table {@code table} of {@code schema}, or of the session's database when {@code schema} is null. */
  TableId id(String schema, String table) {
    String s = schema == null ? session : ident(schema);
    if (s == null) {
      throw new Refuse("no database selected for table " + ColumnReader.name(table),
          "qualify the table name or pass the session's database");
    }
    TableId id = TableId.of(ColumnReader.nonEmpty(s, "database"), ColumnReader.nonEmpty(ident(table), "table"));
    if (SYSTEM_SCHEMAS.contains(id.schema().toLowerCase(Locale.ROOT))) {
      throw new SystemSchema(id);
    }
    return id;
  }

  /** The table {@code source} names. */
  TableId id(SQLExprTableSource source) {
    if (source == null || source.getTableName() == null) {
      throw new Refuse("statement names no table", Remedies.BY_HAND);
    }
    return id(source.getSchema(), source.getTableName());
  }

  /** The table {@code name} names. */
  TableId id(SQLName name) {
    if (name == null) {
      throw new Refuse("statement names no table", Remedies.BY_HAND);
    }
    if (name instanceof SQLPropertyExpr p) {
      return id(p.getOwnerName(), p.getName());
    }
    return id(null, name.getSimpleName());
  }
}
