package org.binlogload.ddl.internal;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableAddColumn;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableAddConstraint;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableAddIndex;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableConvertCharSet;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableDropColumnItem;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableDropIndex;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableDropKey;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableDropPrimaryKey;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableItem;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableRename;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableRenameColumn;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableStatement;
import com.alibaba.druid.sql.ast.statement.SQLAssignItem;
import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlAlterTableAlterColumn;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlAlterTableChangeColumn;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlAlterTableModifyColumn;
import java.util.Locale;
import org.binlogload.ddl.SchemaChange;
import org.binlogload.ddl.TableDefinition;
import org.binlogload.ddl.TableId;

/** Translates ALTER TABLE: hands each clause to its kind, then applies table options, key checks and a rename. */
final class AlterTable {

  private final StatementState state;
  private final ColumnClauses columns;
  private final IndexChanges indexes;
  private final KeyChanges keys;
  private final TableRenames renames;

  AlterTable(StatementState state, ColumnClauses columns, IndexChanges indexes, KeyChanges keys,
             TableRenames renames) {
    this.state = state;
    this.columns = columns;
    this.indexes = indexes;
    this.keys = keys;
    this.renames = renames;
  }

  void alter(SQLAlterTableStatement at) {
    TableId id = state.names().id(at.getTableSource());
    TableDefinition def = state.get(id);
    if (def == null) {
      if (state.normalized().alterIfExists()) {
        state.noop(id, "ALTER TABLE IF EXISTS of table " + id + ", which does not exist");
        return;
      }
      if (state.helper(id).isPresent()) {
        state.noop(id, state.notInDoris(id, null));
        return;
      }
      throw new Refuse("no definition of table " + id + " is known",
          "the connector must load the definition of " + id + " (SHOW CREATE TABLE) before its DDL");
    }
    boolean shadow = state.helper(id).isPresent();
    AlterState s = new AlterState(id, def, shadow, at.getItems(), state.normalized().lenientColumns());
    for (s.index = 0; s.index < s.items.size(); s.index++) {
      clause(s, s.items.get(s.index));
    }
    for (SQLAssignItem o : at.getTableOptions()) {
      String k = o.getTarget().toString().toUpperCase(Locale.ROOT);
      if ((k.contains("CHARSET") || k.contains("CHARACTER SET")) && o.getValue() != null) {
        s.cur = Columns.build(s.cur.toBuilder().charset(SQLUtils.normalize(o.getValue().toString())));
      } else if (k.contains("COMMENT") && o.getValue() != null) {
        s.cur = Columns.build(s.cur.toBuilder().comment(ColumnReader.text(o.getValue())));
      }
      s.noop("table option " + SQLUtils.normalize(o.getTarget().toString()) + " changes nothing in Doris");
    }
    if (at.isRemovePatiting()) {
      s.noop("REMOVE PARTITIONING changes nothing in Doris");
    }
    if (at.getPartition() != null) {
      s.noop("partitioning changes nothing in Doris");
    }
    if (s.local.isEmpty() && s.renameTo == null) {
      s.noop("ALTER TABLE without clauses");
    }
    String why = state.notInDoris(id, def);
    if (why == null) {
      for (SchemaChange c : s.local) {
        if (c instanceof SchemaChange.DropColumn d && d.column().key()) {
          state.put(id, s.cur);
          throw new Refuse("Can not drop key column in Unique data model table (" + id + "." + d.column().name()
              + ")", Remedies.RECREATE, true);
        }
      }
    }
    keys.check(id, def, KeyChanges.renamedKeys(def, s.local), s.cur);
    if (why != null) {
      s.local.removeIf(c -> !(c instanceof SchemaChange.NoOp));
      s.local.add(0, new SchemaChange.NoOp(id, why));
    }
    state.changes().addAll(s.local);
    state.put(id, s.cur);
    if (s.renameTo != null) {
      renames.rename(id, s.renameTo);
    }
  }

  private void clause(AlterState s, SQLAlterTableItem item) {
    if (item instanceof SQLAlterTableAddColumn add) {
      columns.add(s, add);
    } else if (item instanceof SQLAlterTableDropColumnItem drop) {
      columns.drop(s, drop);
    } else if (item instanceof MySqlAlterTableChangeColumn ch) {
      columns.change(s, ch);
    } else if (item instanceof MySqlAlterTableModifyColumn m) {
      columns.modify(s, m);
    } else if (item instanceof SQLAlterTableRenameColumn rc) {
      columns.rename(s, rc);
    } else if (item instanceof MySqlAlterTableAlterColumn ac) {
      columns.alterDefault(s, ac);
    } else if (item instanceof SQLAlterTableAddIndex ai) {
      indexes.addIndex(s, ai);
    } else if (item instanceof SQLAlterTableAddConstraint ac) {
      indexes.addConstraint(s, ac);
    } else if (item instanceof SQLAlterTableDropIndex di) {
      indexes.dropIndex(s, ColumnReader.name(di.getIndexName()));
    } else if (item instanceof SQLAlterTableDropKey dk) {
      indexes.dropIndex(s, ColumnReader.name(dk.getKeyName()));
    } else if (item instanceof SQLAlterTableDropPrimaryKey) {
      indexes.dropPrimaryKey(s);
    } else if (item instanceof SQLAlterTableConvertCharSet cc) {
      columns.convertCharset(s, cc);
    } else if (item instanceof SQLAlterTableRename rn) {
      SQLExprTableSource to = rn.getTo();
      s.renameTo = to != null ? state.names().id(to) : state.names().id(rn.getToName());
    } else {
      otherClause(s, item);
    }
  }

  /**
   * A clause about partitions, storage or options: refused when it changes rows without row events, else a no-op;
   * any other clause is refused as unsupported.
   */
  private static void otherClause(AlterState s, SQLAlterTableItem item) {
    String kind = item.getClass().getSimpleName().replaceAll("^(SQL|MySql)AlterTable", "");
    String text = SQLUtils.toMySqlString(item);
    if (kind.matches("(?i).*(DropPartition|TruncatePartition|ExchangePartition|ImportTablespace|ImportPartition"
        + "|DiscardPartition).*")) {
      throw new Refuse(kind + " changes rows without row events in the binlog (" + text + "), so Doris would "
          + "keep rows MySQL no longer has", "delete or load the affected rows in Doris by hand, then skip this "
          + "statement");
    }
    if (kind.matches("(?i).*(Partition|Algorithm|Lock|Option|Force|OrderBy|Keys|Comment|Tablespace|Engine"
        + "|Check|Constraint|ForeignKey|RenameIndex|AlterIndex|Index|Analyze|Optimize|Rebuild|Repair|Coalesce"
        + "|Reorg|Validation|Compression|Storage|Collate|Charset|Set).*")) {
      s.noop(kind + " changes nothing in Doris (" + text + ")");
      return;
    }
    throw new Refuse("unsupported ALTER TABLE clause " + text, Remedies.BY_HAND);
  }
}
