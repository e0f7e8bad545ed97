package org.binlogload.ddl.internal;

import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableStatement;
import com.alibaba.druid.sql.ast.statement.SQLCreateDatabaseStatement;
import com.alibaba.druid.sql.ast.statement.SQLCreateIndexStatement;
import com.alibaba.druid.sql.ast.statement.SQLDropDatabaseStatement;
import com.alibaba.druid.sql.ast.statement.SQLDropIndexStatement;
import com.alibaba.druid.sql.ast.statement.SQLDropTableStatement;
import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
import com.alibaba.druid.sql.ast.statement.SQLTruncateStatement;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlCreateTableStatement;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlRenameTableStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.binlogload.ddl.Backfill;
import org.binlogload.ddl.DorisStatement;
import org.binlogload.ddl.Refusal;
import org.binlogload.ddl.Rendering;
import org.binlogload.ddl.SchemaChange;
import org.binlogload.ddl.SchemaChangeRenderer;
import org.binlogload.ddl.TableDefinition;
import org.binlogload.ddl.TableId;
import org.binlogload.ddl.Translation;
import org.binlogload.ddl.TranslatorOptions;

/** Translates one statement; single use, not thread-safe. */
public final class StatementTranslator {

  private final SchemaChangeRenderer renderer;
  private final StatementState state;
  private final TableNames names;
  private final List<String> notes = new ArrayList<>();
  private final TableStatements tables;
  private final TableRenames renames;
  private final IndexChanges indexes;
  private final AlterTable alter;

  /** A translator for one statement. */
  public StatementTranslator(TranslatorOptions options, SchemaChangeRenderer renderer, String session,
                             Function<TableId, TableDefinition> lookup) {
    this.renderer = renderer;
    this.names = new TableNames(options, session);
    this.state = new StatementState(options, names, lookup == null ? id -> null : lookup);
    KeyChanges keys = new KeyChanges(state);
    this.tables = new TableStatements(state);
    this.renames = new TableRenames(state);
    this.indexes = new IndexChanges(state, keys);
    this.alter = new AlterTable(state, new ColumnClauses(options), indexes, keys, renames);
  }

  /** Translates {@code sql}; throws only {@link Refuse} (and bugs, which the caller turns into refusals). */
  public Translation run(String sql) {
    try {
      List<SqlLexer.Token> tokens;
      try {
        tokens = SqlLexer.tokenize(sql);
      } catch (SqlLexer.LexException e) {
        throw new Refuse("statement not understood (" + e.getMessage() + ")", Remedies.BY_HAND);
      }
      if (tokens.isEmpty() || tokens.stream().allMatch(t -> t.isSymbol(";"))) {
        state.noop(null, "empty statement (only comments)");
        return finish(sql);
      }
      String screened = StatementScreen.noOpReason(tokens);
      if (screened != null) {
        state.noop(null, screened);
        return finish(sql);
      }
      Normalizer.Result normalized = Normalizer.normalize(tokens);
      state.normalized(normalized);
      notes.addAll(normalized.notes());
      if (normalized.emptyAlter()) {
        state.noop(null, "ALTER TABLE whose clauses change nothing in Doris");
        return finish(sql);
      }
      SQLStatement st = Druid.parse(normalized.sql());
      try {
        dispatch(st);
      } catch (TableNames.SystemSchema e) {
        state.clear();
        state.noop(e.table, "DDL on " + e.table + " is not replicated: " + e.table.schema() + " is a system schema "
            + "of the server");
      }
      return finish(sql);
    } catch (Refuse r) {
      return Translation.refused(new Refusal(sql, r.getMessage(), r.remedy()),
          r.keepsState() ? state.touched() : Map.of());
    }
  }

  private Translation finish(String sql) {
    List<DorisStatement> statements = new ArrayList<>();
    List<String> allNotes = new ArrayList<>(notes);
    List<Backfill> backfills = new ArrayList<>();
    for (SchemaChange c : state.changes()) {
      Rendering r = renderer.render(c);
      if (r.isRefused()) {
        return Translation.refused(new Refusal(sql, r.refusalReason(), r.remedy()), state.touched());
      }
      statements.addAll(r.statements());
      allNotes.addAll(r.notes());
      backfills.addAll(r.backfills());
    }
    return Translation.of(sql, state.changes(), statements, allNotes, state.touched(), backfills);
  }

  private void dispatch(SQLStatement st) {
    if (st instanceof MySqlCreateTableStatement ct) {
      tables.create(ct);
    } else if (st instanceof SQLAlterTableStatement at) {
      alter.alter(at);
    } else if (st instanceof MySqlRenameTableStatement rt) {
      for (MySqlRenameTableStatement.Item item : rt.getItems()) {
        renames.rename(names.id(item.getName()), names.id(item.getTo()));
      }
    } else if (st instanceof SQLDropTableStatement dt) {
      if (dt.isTemporary()) {
        state.noop(null, "temporary tables are not replicated");
        return;
      }
      for (SQLExprTableSource ts : dt.getTableSources()) {
        tables.drop(names.id(ts), dt.isIfExists());
      }
    } else if (st instanceof SQLTruncateStatement tt) {
      for (SQLExprTableSource ts : tt.getTableSources()) {
        tables.truncate(names.id(ts));
      }
    } else if (st instanceof SQLCreateIndexStatement ci) {
      indexes.createIndex(ci);
    } else if (st instanceof SQLDropIndexStatement di) {
      indexes.dropIndex(di);
    } else if (st instanceof SQLCreateDatabaseStatement) {
      state.noop(null, "CREATE DATABASE is not applied: the job maps schemas to existing Doris databases");
    } else if (st instanceof SQLDropDatabaseStatement) {
      state.noop(null, "DROP DATABASE is not applied: Doris databases and their tables are kept (drop them by hand)");
    } else if (st.getClass().getSimpleName().contains("AlterDatabase")
        || st.getClass().getSimpleName().contains("AlterSchema")) {
      state.noop(null, "ALTER DATABASE changes only defaults of new tables");
    } else {
      String kind = st.getClass().getSimpleName().replaceAll("^(SQL|MySql|Mysql)", "").replace("Statement", "");
      if (kind.matches(".*(Insert|Update|Delete|Replace|Load).*")) {
        throw new Refuse("data change in a statement event (" + kind + "): its rows are not in the binlog",
            "set binlog_format=ROW on the source, then reload the table");
      }
      throw new Refuse("unsupported statement (" + kind + ")", Remedies.BY_HAND);
    }
  }
}
