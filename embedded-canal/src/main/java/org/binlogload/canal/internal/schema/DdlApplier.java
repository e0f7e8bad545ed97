package org.binlogload.canal.internal.schema;

import com.alibaba.druid.sql.ast.SQLName;
import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableAddColumn;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableDropColumnItem;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableItem;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableRename;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableRenameColumn;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableStatement;
import com.alibaba.druid.sql.ast.statement.SQLColumnDefinition;
import com.alibaba.druid.sql.ast.statement.SQLCreateTableStatement;
import com.alibaba.druid.sql.ast.statement.SQLDropTableStatement;
import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlAlterTableChangeColumn;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlRenameTableStatement;
import com.alibaba.otter.canal.parse.inbound.TableMeta;
import com.alibaba.otter.canal.parse.inbound.mysql.tsdb.MemoryTableMeta;
import com.alibaba.otter.canal.protocol.position.EntryPosition;
import java.util.ArrayList;
import java.util.List;
import org.binlogload.canal.BinlogException;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.internal.schema.HistoryRecord.Ddl;
import org.binlogload.canal.internal.schema.HistoryRecord.TableName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a DDL read from the binlog to the tracked definitions and records it, after verifying that the in-memory
 * schema followed; a statement it cannot follow goes to the recovery under the proof rule, or stops the history.
 */
final class DdlApplier {
  private static final Logger LOG = LoggerFactory.getLogger(DdlApplier.class);

  private final String key;
  private final HistoryLog log;
  private final TrackedDefinitions definitions;
  private final ProvisionalTables provisional;
  private final ProvenDefinitions proven;
  private final StickyFailure failure;

  /** Applies for the history kept under {@code key}. */
  DdlApplier(String key, HistoryLog log, TrackedDefinitions definitions, ProvisionalTables provisional,
      ProvenDefinitions proven, StickyFailure failure) {
    this.key = key;
    this.log = log;
    this.definitions = definitions;
    this.provisional = provisional;
    this.proven = proven;
    this.failure = failure;
  }

  /** Applies {@code ddl}, read at {@code entryPosition} ({@code at}) with default schema {@code schema}. */
  void apply(EntryPosition entryPosition, BinlogPosition at, String schema, String ddl) {
    List<HistoryRecord> records = log.records();
    if (!records.isEmpty() && records.get(records.size() - 1) instanceof Ddl last && last.position().equals(at)
        && last.sql().equals(ddl)) {
      return;
    }
    List<SQLStatement> statements;
    try {
      statements = TableChanges.parse(ddl);
    } catch (RuntimeException e) {
      if (!heldAhead(at, schema, ddl, null)) {
        unapplicable(at, schema, ddl, "druid cannot parse it: " + e.getMessage());
      }
      return;
    }
    TableChanges changes = TableChanges.of(statements, schema);
    if (changes.isEmpty() || heldAhead(at, schema, ddl, changes)) {
      return;
    }
    MemoryTableMeta m = definitions.memory();
    m.apply(entryPosition, schema, ddl, null);
    String problem = verify(statements, schema, m);
    if (problem != null) {
      unapplicable(at, schema, ddl, problem);
      return;
    }
    definitions.follow(changes);
    log.add(new Ddl(at, schema, ddl));
    log.persist();
    definitions.moveTo(at, true);
    // A table unknown since the snapshot becomes known again after its last change: its definition right after
    // this statement is the server's when no later statement touches it (the proof rule).
    List<TableName> stillUnknown = new ArrayList<>();
    List<TableName> changed = new ArrayList<>(changes.altered());
    changes.renamed().forEach(r -> changed.add(r[1]));
    for (TableName t : changed) {
      if (definitions.isUnknown(t) && definitions.included(t) && !stillUnknown.contains(t)) {
        stillUnknown.add(t);
      }
    }
    if (!stillUnknown.isEmpty()) {
      proven.recover(at, false, "tables unknown before " + ddl, stillUnknown, ddl, false);
    }
  }

  /** Whether the provisional tables' definitions already hold the DDL at {@code at}; the reader is then past it. */
  private boolean heldAhead(BinlogPosition at, String schema, String ddl, TableChanges changes) {
    if (!provisional.heldAhead(at, schema, ddl, changes)) {
      return false;
    }
    definitions.moveTo(at, true);
    return true;
  }

  /** Why the in-memory schema did not follow {@code statements}, or null when it did. */
  private String verify(List<SQLStatement> statements, String schema, MemoryTableMeta m) {
    for (SQLStatement st : statements) {
      if (st instanceof SQLCreateTableStatement c) {
        TableName t = TableChanges.name(c.getTableSource(), schema);
        if (t == null) {
          return "cannot name the created table";
        }
        if (c.getSelect() != null) {
          return "CREATE TABLE ... SELECT takes its columns from a query";
        }
        if (definitions.tracked(t) && m.find(t.schema(), t.table()) == null) {
          return "the created table " + t + " is missing after applying it";
        }
      } else if (st instanceof SQLAlterTableStatement a) {
        String problem = verifyAlter(a, schema, m);
        if (problem != null) {
          return problem;
        }
      } else if (st instanceof MySqlRenameTableStatement r) {
        for (MySqlRenameTableStatement.Item item : r.getItems()) {
          TableName from = TableChanges.name(item.getName(), schema);
          TableName to = TableChanges.name(item.getTo(), schema);
          if (from == null || to == null) {
            return "cannot name the renamed tables";
          }
          if (definitions.tracked(from) && !definitions.isUnknown(to) && m.find(to.schema(), to.table()) == null) {
            return "the renamed table " + to + " is missing after applying it";
          }
        }
      } else if (st instanceof SQLDropTableStatement d) {
        for (SQLExprTableSource source : d.getTableSources()) {
          TableName t = TableChanges.name(source, schema);
          if (t != null && m.find(t.schema(), t.table()) != null) {
            return "the dropped table " + t + " is still there after applying it";
          }
        }
      }
    }
    return null;
  }

  /** Why the in-memory schema did not follow the ALTER TABLE {@code a}, or null when it did. */
  private String verifyAlter(SQLAlterTableStatement a, String schema, MemoryTableMeta m) {
    TableName t = TableChanges.name(a.getTableSource(), schema);
    if (t == null) {
      return "cannot name the altered table";
    }
    if (definitions.isUnknown(t) || !definitions.tracked(t)) {
      return null;
    }
    if (changesCharsets(a)) { // druid keeps the old ones: the row decoder reads them where the table map names none
      return "the in-memory schema does not follow a change of the table's character sets";
    }
    TableName target = t;
    for (SQLAlterTableItem item : a.getItems()) {
      if (item instanceof SQLAlterTableRename r) {
        target = TableChanges.name(r.getToName(), t.schema());
      }
    }
    if (target == null) {
      return "cannot name the renamed table";
    }
    TableMeta meta = m.find(target.schema(), target.table());
    if (meta == null) {
      return "the altered table " + target + " is not in the schema history";
    }
    for (SQLAlterTableItem item : a.getItems()) {
      List<String> present = new ArrayList<>();
      List<String> absent = new ArrayList<>();
      if (item instanceof SQLAlterTableAddColumn add) {
        for (SQLColumnDefinition col : add.getColumns()) {
          present.add(TableChanges.plain(col.getName()));
        }
      } else if (item instanceof SQLAlterTableDropColumnItem drop) {
        for (SQLName col : drop.getColumns()) {
          absent.add(TableChanges.plain(col));
        }
      } else if (item instanceof MySqlAlterTableChangeColumn change) {
        present.add(TableChanges.plain(change.getNewColumnDefinition().getName()));
      } else if (item instanceof SQLAlterTableRenameColumn rename) {
        present.add(TableChanges.plain(rename.getTo()));
        if (!TableChanges.plain(rename.getColumn()).equalsIgnoreCase(TableChanges.plain(rename.getTo()))) {
          absent.add(TableChanges.plain(rename.getColumn()));
        }
      }
      for (String c : present) {
        if (!has(meta, c)) {
          return "column " + c + " of " + target + " is missing after applying it";
        }
      }
      for (String c : absent) {
        if (has(meta, c)) {
          return "column " + c + " of " + target + " is still there after applying it";
        }
      }
    }
    return null;
  }

  /** Whether {@code a} converts the table's text or changes its default character set or collation. */
  private static boolean changesCharsets(SQLAlterTableStatement a) {
    for (SQLAlterTableItem item : a.getItems()) {
      if (item instanceof com.alibaba.druid.sql.ast.statement.SQLAlterTableConvertCharSet) {
        return true;
      }
    }
    for (com.alibaba.druid.sql.ast.statement.SQLAssignItem option : a.getTableOptions()) {
      String name = option.getTarget().toString().toUpperCase(java.util.Locale.ROOT);
      if (name.contains("CHARSET") || name.contains("CHARACTER") || name.contains("COLLATE")) {
        return true;
      }
    }
    return false;
  }

  private static boolean has(TableMeta meta, String column) {
    for (TableMeta.FieldMeta f : meta.getFields()) {
      if (f.getColumnName().equalsIgnoreCase(column)) {
        return true;
      }
    }
    return false;
  }

  /** A statement the in-memory schema cannot follow: recover the affected tables provably, or stop. */
  private void unapplicable(BinlogPosition at, String schema, String ddl, String why) {
    DdlText.Result r = DdlText.analyze(ddl, schema);
    if (r.kind() == DdlText.Kind.NONE) {
      // Not logged: such statements (users, grants) may carry passwords.
      LOG.debug("schema history {}: the statement at {} changes no table definition", key, at);
      return;
    }
    if (r.kind() == DdlText.Kind.UNKNOWN) {
      throw failure.fail(BinlogException.Reason.UNPARSABLE_DDL, "cannot follow the DDL at " + at + " (" + why
          + ") and cannot tell which tables it changes: " + ddl + "; start the job again from a position after it and "
          + "reload the affected tables");
    }
    List<TableName> relevant = new ArrayList<>();
    for (TableName t : r.tables()) {
      if (definitions.tracked(t) || definitions.isUnknown(t)) {
        relevant.add(t);
      }
    }
    if (relevant.isEmpty()) {
      LOG.debug("schema history {}: DDL at {} changes no tracked table: {}", key, at, ddl);
      return;
    }
    LOG.warn("schema history {}: cannot apply the DDL at {} ({}); reading {} from the server", key, at, why,
        relevant);
    proven.recover(at, false, "the DDL " + ddl + " (" + why + ")", relevant, ddl);
    definitions.moveTo(at, true);
  }
}
