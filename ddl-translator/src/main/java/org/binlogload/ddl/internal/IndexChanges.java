package org.binlogload.ddl.internal;

import com.alibaba.druid.sql.ast.SQLName;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableAddConstraint;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableAddIndex;
import com.alibaba.druid.sql.ast.statement.SQLConstraint;
import com.alibaba.druid.sql.ast.statement.SQLCreateIndexStatement;
import com.alibaba.druid.sql.ast.statement.SQLDropIndexStatement;
import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
import com.alibaba.druid.sql.ast.statement.SQLPrimaryKey;
import com.alibaba.druid.sql.ast.statement.SQLSelectOrderByItem;
import com.alibaba.druid.sql.ast.statement.SQLUnique;
import java.util.List;
import java.util.Locale;
import org.binlogload.ddl.TableDefinition;
import org.binlogload.ddl.TableId;

/** Index DDL: Doris keeps no MySQL secondary indexes, but primary and unique keys decide a table's key. */
final class IndexChanges {

  private static final String NO_INDEXES = "Doris tables keep no MySQL secondary indexes";

  private final StatementState state;
  private final KeyChanges keys;

  IndexChanges(StatementState state, KeyChanges keys) {
    this.state = state;
    this.keys = keys;
  }

  /** CREATE [UNIQUE] INDEX. */
  void createIndex(SQLCreateIndexStatement ci) {
    TableId id = state.names().id((SQLExprTableSource) ci.getTable());
    TableDefinition def = state.get(id);
    String type = ci.getType() == null ? "" : ci.getType().toUpperCase(Locale.ROOT);
    if (def != null && type.contains("UNIQUE")) {
      List<String> cols = CreateTableReader.indexColumns(ci.getItems());
      TableDefinition.Builder b = def.toBuilder();
      String name = ci.getName() == null ? (cols.isEmpty() ? "idx" : cols.get(0))
          : state.names().ident(ci.getName().getSimpleName());
      if (!cols.isEmpty()) {
        b.uniqueKey(CreateTableReader.uniqueName(b, name), cols);
      }
      keys.checkAndPut(id, def, Columns.build(b));
    }
    state.noop(id, "CREATE INDEX: " + NO_INDEXES);
  }

  /** DROP INDEX ... ON. */
  void dropIndex(SQLDropIndexStatement di) {
    TableId id = state.names().id(di.getTableName());
    TableDefinition def = state.get(id);
    if (def != null) {
      String name = state.names().ident(di.getIndexName().getSimpleName());
      TableDefinition.Builder b = def.toBuilder();
      b.removeUniqueKey(name);
      if (name.equalsIgnoreCase("PRIMARY")) {
        b.primaryKey(List.of());
      }
      keys.checkAndPut(id, def, Columns.build(b));
    }
    state.noop(id, "DROP INDEX: " + NO_INDEXES);
  }

  /** ALTER TABLE ... ADD [UNIQUE] INDEX. */
  void addIndex(AlterState s, SQLAlterTableAddIndex ai) {
    if (ai.isUnique()) {
      addUnique(s, ai.getName(), ai.getColumns());
    }
    s.noop("ADD INDEX: " + NO_INDEXES);
  }

  /** ALTER TABLE ... ADD PRIMARY KEY, UNIQUE, FOREIGN KEY or CHECK. */
  void addConstraint(AlterState s, SQLAlterTableAddConstraint ac) {
    SQLConstraint k = ac.getConstraint();
    if (k instanceof SQLPrimaryKey pk) {
      List<String> cols = CreateTableReader.indexColumns(((SQLUnique) pk).getColumns());
      s.cur = Columns.build(s.cur.toBuilder().primaryKey(cols));
      s.noop("ADD PRIMARY KEY");
    } else if (k instanceof SQLUnique u && CreateTableReader.isUnique(u)) {
      addUnique(s, u.getName(), u.getColumns());
      s.noop("ADD UNIQUE: " + NO_INDEXES);
    } else {
      s.noop("constraint " + (k == null ? "" : k.getClass().getSimpleName().replaceAll("^(SQL|MySql|Mysql)", ""))
          + ": Doris does not enforce foreign keys or checks");
    }
  }

  /** ALTER TABLE ... DROP INDEX or DROP KEY {@code name}. */
  void dropIndex(AlterState s, String name) {
    TableDefinition.Builder b = s.cur.toBuilder();
    b.removeUniqueKey(name);
    if (name.equalsIgnoreCase("PRIMARY")) {
      b.primaryKey(List.of());
    }
    s.cur = Columns.build(b);
    s.noop("DROP INDEX " + name + ": " + NO_INDEXES);
  }

  /** ALTER TABLE ... DROP PRIMARY KEY. */
  void dropPrimaryKey(AlterState s) {
    s.cur = Columns.build(s.cur.toBuilder().primaryKey(List.of()));
    s.noop("DROP PRIMARY KEY");
  }

  private static void addUnique(AlterState s, SQLName name, List<SQLSelectOrderByItem> columns) {
    List<String> cols = CreateTableReader.indexColumns(columns);
    if (!cols.isEmpty()) {
      TableDefinition.Builder b = s.cur.toBuilder();
      b.uniqueKey(CreateTableReader.uniqueName(b, name == null ? cols.get(0) : ColumnReader.name(name)), cols);
      s.cur = Columns.build(b);
    }
  }
}
