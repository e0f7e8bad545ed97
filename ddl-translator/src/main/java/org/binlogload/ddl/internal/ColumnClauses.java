package org.binlogload.ddl.internal;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLDataTypeImpl;
import com.alibaba.druid.sql.ast.SQLName;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableAddColumn;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableConvertCharSet;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableDropColumnItem;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableItem;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableRenameColumn;
import com.alibaba.druid.sql.ast.statement.SQLColumnDefinition;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlAlterTableAlterColumn;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlAlterTableChangeColumn;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlAlterTableModifyColumn;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.binlogload.ddl.ColumnDefinition;
import org.binlogload.ddl.ColumnPosition;
import org.binlogload.ddl.SchemaChange;
import org.binlogload.ddl.TableDefinition;
import org.binlogload.ddl.TranslatorOptions;
import org.binlogload.ddl.TypeMapping;

/** The column clauses of ALTER TABLE: ADD, DROP, CHANGE, MODIFY, RENAME and ALTER COLUMN, and CONVERT TO CHARSET. */
final class ColumnClauses {

  private final TranslatorOptions options;

  ColumnClauses(TranslatorOptions options) {
    this.options = options;
  }

  void add(AlterState s, SQLAlterTableAddColumn add) {
    ColumnPosition pos = position(add.isFirst() || add.getFirstColumn() != null, add.getAfterColumn());
    for (SQLColumnDefinition cd : add.getColumns()) {
      ColumnReader.Read r = ColumnReader.read(cd);
      ColumnDefinition c = r.column();
      if (s.cur.column(c.name()).isPresent()) {
        if (s.lenient(c.name()) || add.isIfNotExists()) {
          s.noop("ADD COLUMN IF NOT EXISTS " + c.name() + ": the column already exists in " + s.id);
          continue;
        }
        throw new Refuse("Can not add column which already exists in base table: " + c.name() + " (" + s.id
            + ")", "reload the definition of " + s.id + " from SHOW CREATE TABLE");
      }
      TableDefinition before = s.cur;
      TableDefinition after = Columns.insert(s.cur, c, pos);
      TableDefinition.Builder b = after.toBuilder();
      if (r.primaryKey()) {
        b.primaryKey(List.of(c.name()));
      }
      if (r.unique()) {
        b.uniqueKey(CreateTableReader.uniqueName(b, c.name()), List.of(c.name()));
      }
      s.cur = Columns.build(b);
      ColumnDefinition placed = s.cur.column(c.name()).orElseThrow();
      s.local.add(new SchemaChange.AddColumn(before, placed, pos));
    }
  }

  private static ColumnPosition position(boolean first, SQLName after) {
    if (first) {
      return ColumnPosition.first();
    }
    if (after != null) {
      return ColumnPosition.after(ColumnReader.name(after));
    }
    return ColumnPosition.last();
  }

  void drop(AlterState s, SQLAlterTableDropColumnItem drop) {
    for (SQLName n : drop.getColumns()) {
      String name = ColumnReader.name(n);
      ColumnDefinition c = drop.isIfExists() && s.cur.column(name).isEmpty() ? null : s.column(name, "DROP COLUMN");
      if (c == null) {
        s.noop("DROP COLUMN IF EXISTS " + name + ": no such column in " + s.id);
        continue;
      }
      s.local.add(new SchemaChange.DropColumn(s.cur, c));
      s.cur = Columns.drop(s.cur, c.name());
    }
  }

  void change(AlterState s, MySqlAlterTableChangeColumn ch) {
    changeColumn(s, ColumnReader.name(ch.getColumnName()), ch.getNewColumnDefinition(),
        ch.isFirst() || ch.getFirstColumn() != null || ch.getAfterColumn() != null);
  }

  void modify(AlterState s, MySqlAlterTableModifyColumn m) {
    String name = ColumnReader.name(m.getNewColumnDefinition().getName());
    Optional<ColumnDefinition> existing = s.cur.column(name);
    if (existing.isPresent()) {
      m.getNewColumnDefinition().setName(existing.get().name()); // MODIFY keeps the column's name as it is
    }
    changeColumn(s, name, m.getNewColumnDefinition(),
        m.isFirst() || m.getFirstColumn() != null || m.getAfterColumn() != null);
  }

  void rename(AlterState s, SQLAlterTableRenameColumn rc) {
    String from = ColumnReader.name(rc.getColumn());
    String to = ColumnReader.name(rc.getTo());
    ColumnDefinition c = s.column(from, "RENAME COLUMN");
    if (c != null) {
      rename(s, c, to);
    }
  }

  /** ALTER COLUMN ... SET DEFAULT or DROP DEFAULT. */
  void alterDefault(AlterState s, MySqlAlterTableAlterColumn ac) {
    String name = ColumnReader.name(ac.getColumn());
    ColumnDefinition c = s.column(name, "ALTER COLUMN");
    if (c == null) {
      return;
    }
    ColumnDefinition.Builder b = c.toBuilder();
    if (ac.isDropDefault()) {
      b.defaultValue(ColumnDefinition.DefaultKind.NONE, null);
    } else if (ac.getDefaultExpr() != null) {
      SQLColumnDefinition tmp = new SQLColumnDefinition();
      tmp.setName(name);
      tmp.setDataType(new SQLDataTypeImpl("int"));
      tmp.setDefaultExpr(ac.getDefaultExpr().clone());
      ColumnDefinition parsed = ColumnReader.read(tmp).column();
      b.defaultValue(parsed.defaultKind(), parsed.defaultValue());
    }
    s.cur = Columns.replace(s.cur, c.name(), b.build());
    s.noop("ALTER COLUMN " + c.name() + " SET/DROP DEFAULT: the binlog carries full rows, so Doris needs no "
        + "default (Doris cannot change only a default)");
  }

  void convertCharset(AlterState s, SQLAlterTableConvertCharSet cc) {
    String cs = SQLUtils.normalize(cc.getCharset().toString()).toLowerCase(Locale.ROOT);
    if (cs.equals("default")) {
      cs = s.cur.charset() == null ? options.defaultCharset() : s.cur.charset();
    }
    for (ColumnDefinition c : s.cur.columns()) {
      if (TypeMapping.isCharacterType(c.typeName()) && !"binary".equals(c.charset())) {
        ColumnDefinition nc = c.toBuilder().charset(cs).collation(cc.getCollate() == null ? null
            : SQLUtils.normalize(cc.getCollate().toString())).build();
        TableDefinition target = s.cur.toBuilder().charset(cs).build();
        if (!Columns.sameType(s.cur, c, target, nc)) {
          s.local.add(new SchemaChange.AlterColumnType(s.cur, c, nc));
        }
        s.cur = Columns.replace(s.cur, c.name(), nc);
      }
    }
    s.cur = Columns.build(s.cur.toBuilder().charset(cs));
    s.noop("CONVERT TO CHARACTER SET " + cs + ": string columns are resized in Doris only where their byte "
        + "length changes");
  }

  private static void rename(AlterState s, ColumnDefinition c, String to) {
    ColumnReader.nonEmpty(to, "column");
    Optional<ColumnDefinition> taken = s.cur.column(to);
    if (taken.isPresent() && !to.equalsIgnoreCase(c.name()) && renamedLater(s, to)) {
      // RENAME COLUMN a TO b, RENAME COLUMN b TO a: MySQL renames at once; Doris one at a time, through a free name
      String aside = Columns.freeName(s.cur, taken.get().name() + "_binlogload_swap");
      s.local.add(new SchemaChange.RenameColumn(s.cur, taken.get(), aside));
      s.cur = Columns.rename(s.cur, taken.get().name(), aside, s.shadow);
      s.alias.put(to.toLowerCase(Locale.ROOT), aside);
    }
    if (s.cur.column(to).isPresent() && !to.equalsIgnoreCase(c.name())) {
      throw new Refuse("Duplicate column name " + to + " in the known definition of " + s.id,
          "reload the definition of " + s.id + " from SHOW CREATE TABLE");
    }
    if (c.name().equals(to)) {
      return;
    }
    s.local.add(new SchemaChange.RenameColumn(s.cur, c, to));
    s.cur = Columns.rename(s.cur, c.name(), to, s.shadow);
  }

  private static boolean renamedLater(AlterState s, String column) {
    for (int j = s.index + 1; j < s.items.size(); j++) {
      SQLAlterTableItem item = s.items.get(j);
      String source = item instanceof SQLAlterTableRenameColumn rc ? ColumnReader.name(rc.getColumn())
          : item instanceof MySqlAlterTableChangeColumn ch ? ColumnReader.name(ch.getColumnName()) : null;
      if (column.equalsIgnoreCase(source)) {
        return true;
      }
    }
    return false;
  }

  private static void changeColumn(AlterState s, String oldName, SQLColumnDefinition newDef, boolean moved) {
    ColumnDefinition old = s.column(oldName, "CHANGE/MODIFY COLUMN");
    if (old == null) {
      s.noop("CHANGE/MODIFY COLUMN IF EXISTS " + oldName + ": no such column in " + s.id);
      return;
    }
    ColumnReader.Read r = ColumnReader.read(newDef);
    ColumnDefinition nc = r.column();
    rename(s, old, nc.name());
    ColumnDefinition renamed = s.cur.column(nc.name()).orElseThrow();
    nc = nc.toBuilder().position(renamed.position()).build();
    if (moved) {
      s.noop("column order of " + s.id + "." + nc.name() + " is not changed in Doris: rows are loaded by name");
    }
    if (!Columns.sameType(s.cur, renamed, s.cur, nc) || Columns.regenerated(renamed, nc)) {
      s.local.add(new SchemaChange.AlterColumnType(s.cur, renamed, nc));
    } else if (!renamed.sameDefinition(nc)) {
      s.noop("change of " + s.id + "." + nc.name() + " touches only nullability, default or comment: the binlog "
          + "carries full rows (Doris cannot change only nullability or a default)");
    } else if (!moved && Objects.equals(old.name(), nc.name())) {
      s.noop("MODIFY of " + s.id + "." + nc.name() + " restates the same definition");
    }
    s.cur = Columns.replace(s.cur, renamed.name(), nc);
    if (r.primaryKey()) {
      s.cur = Columns.build(s.cur.toBuilder().primaryKey(List.of(nc.name())));
    }
  }
}
