package org.binlogload.ddl.internal;

import com.alibaba.druid.sql.ast.statement.SQLAlterTableItem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.binlogload.ddl.ColumnDefinition;
import org.binlogload.ddl.SchemaChange;
import org.binlogload.ddl.TableDefinition;
import org.binlogload.ddl.TableId;

/** The evolving definition of the table an ALTER TABLE works on, and the changes its clauses made so far. */
final class AlterState {

  final TableId id;
  /** Whether the table is an online-schema-change helper, whose renamed columns keep their origin. */
  final boolean shadow;
  final List<SQLAlterTableItem> items;
  /** Columns the statement names with IF [NOT] EXISTS. */
  private final Set<String> lenientColumns;
  TableDefinition cur;
  TableId renameTo;
  final List<SchemaChange> local = new ArrayList<>();
  /** Clauses name columns as they were before the statement; a column moved aside for a swap is found here. */
  final Map<String, String> alias = new HashMap<>();
  /** The clause being translated. */
  int index;

  AlterState(TableId id, TableDefinition def, boolean shadow, List<SQLAlterTableItem> items,
             Set<String> lenientColumns) {
    this.id = id;
    this.cur = def;
    this.shadow = shadow;
    this.items = items;
    this.lenientColumns = lenientColumns;
  }

  void noop(String reason) {
    local.add(new SchemaChange.NoOp(id, reason));
  }

  /** Whether the statement names column {@code name} with IF [NOT] EXISTS. */
  boolean lenient(String name) {
    return lenientColumns.contains(name.toLowerCase(Locale.ROOT));
  }

  /** The column {@code name} as the statement found it, null if lenient and missing; {@code clause} for errors. */
  ColumnDefinition column(String name, String clause) {
    Optional<ColumnDefinition> c = cur.column(alias.getOrDefault(name.toLowerCase(Locale.ROOT), name));
    if (c.isEmpty()) {
      if (lenient(name)) {
        return null;
      }
      throw new Refuse("Column[" + name + "] does not exists in the known definition of " + id + " (" + clause
          + ")", "reload the definition of " + id + " from SHOW CREATE TABLE");
    }
    return c.get();
  }
}
