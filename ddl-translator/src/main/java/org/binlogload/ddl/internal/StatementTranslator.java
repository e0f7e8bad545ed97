package org.binlogload.ddl.internal;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLName;
import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.ast.expr.SQLPropertyExpr;
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
import com.alibaba.druid.sql.ast.statement.SQLColumnDefinition;
import com.alibaba.druid.sql.ast.statement.SQLConstraint;
import com.alibaba.druid.sql.ast.statement.SQLCreateDatabaseStatement;
import com.alibaba.druid.sql.ast.statement.SQLCreateIndexStatement;
import com.alibaba.druid.sql.ast.statement.SQLDropDatabaseStatement;
import com.alibaba.druid.sql.ast.statement.SQLDropIndexStatement;
import com.alibaba.druid.sql.ast.statement.SQLDropTableStatement;
import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
import com.alibaba.druid.sql.ast.statement.SQLPrimaryKey;
import com.alibaba.druid.sql.ast.statement.SQLSelectOrderByItem;
import com.alibaba.druid.sql.ast.statement.SQLTruncateStatement;
import com.alibaba.druid.sql.ast.statement.SQLUnique;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlAlterTableAlterColumn;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlAlterTableChangeColumn;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlAlterTableModifyColumn;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlCreateTableStatement;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlRenameTableStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.binlogload.ddl.Backfill;
import org.binlogload.ddl.ColumnDefinition;
import org.binlogload.ddl.ColumnPosition;
import org.binlogload.ddl.DorisStatement;
import org.binlogload.ddl.OnlineSchemaChange;
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

  static final String RECREATE = "recreate the Doris table with the new definition and reload it from MySQL, "
      + "then skip this statement";
  static final String BY_HAND = "apply the change to Doris by hand if needed, then skip this statement";

  private final TranslatorOptions options;
  private final SchemaChangeRenderer renderer;
  private final Function<TableId, TableDefinition> lookup;
  private final String session;
  private final Map<TableId, Optional<TableDefinition>> touched = new LinkedHashMap<>();
  private final List<SchemaChange> changes = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private Normalizer.Result normalized;

  /** A translator for one statement. */
  public StatementTranslator(TranslatorOptions options, SchemaChangeRenderer renderer, String session,
                             Function<TableId, TableDefinition> lookup) {
    this.options = options;
    this.renderer = renderer;
    this.session = session == null || session.isEmpty() ? null : ident(session);
    this.lookup = lookup == null ? id -> null : lookup;
  }

  /** Translates {@code sql}; throws only {@link Refuse} (and bugs, which the caller turns into refusals). */
  public Translation run(String sql) {
    try {
      List<SqlLexer.Token> tokens;
      try {
        tokens = SqlLexer.tokenize(sql);
      } catch (SqlLexer.LexException e) {
        throw new Refuse("statement not understood (" + e.getMessage() + ")", BY_HAND);
      }
      if (tokens.isEmpty() || tokens.stream().allMatch(t -> t.isSymbol(";"))) {
        noop(null, "empty statement (only comments)");
        return finish(sql);
      }
      if (earlyNoOp(tokens)) {
        return finish(sql);
      }
      normalized = Normalizer.normalize(tokens);
      notes.addAll(normalized.notes());
      if (normalized.emptyAlter()) {
        noop(null, "ALTER TABLE whose clauses change nothing in Doris");
        return finish(sql);
      }
      SQLStatement st = Druid.parse(normalized.sql());
      try {
        dispatch(st);
      } catch (SystemSchema e) {
        changes.clear();
        touched.clear();
        noop(e.table, "DDL on " + e.table + " is not replicated: " + e.table.schema() + " is a system schema of the "
            + "server");
      }
      return finish(sql);
    } catch (Refuse r) {
      return Translation.refused(new Refusal(sql, r.getMessage(), r.remedy()), r.keepsState() ? touched : Map.of());
    }
  }

  private Translation finish(String sql) {
    List<DorisStatement> statements = new ArrayList<>();
    List<String> allNotes = new ArrayList<>(notes);
    List<Backfill> backfills = new ArrayList<>();
    for (SchemaChange c : changes) {
      Rendering r = renderer.render(c);
      if (r.isRefused()) {
        return Translation.refused(new Refusal(sql, r.refusalReason(), r.remedy()), touched);
      }
      statements.addAll(r.statements());
      allNotes.addAll(r.notes());
      backfills.addAll(r.backfills());
    }
    return Translation.of(sql, changes, statements, allNotes, touched, backfills);
  }

  // ---------------------------------------------------------------- names and state

  private String ident(String raw) {
    String n = ColumnReader.name(raw);
    return options.lowerCaseTableNames() > 0 ? n.toLowerCase(Locale.ROOT) : n;
  }

  private TableId id(String schema, String table) {
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

  /** Schemas of the server itself, whose DDL is never replicated. */
  static final Set<String> SYSTEM_SCHEMAS = Set.of("mysql", "sys", "performance_schema", "information_schema");

  /** Thrown when a statement names a table of a system schema: the whole statement is a no-op. */
  private static final class SystemSchema extends RuntimeException {
    final TableId table;

    SystemSchema(TableId table) {
      super(null, null, false, false);
      this.table = table;
    }
  }

  private TableId id(SQLExprTableSource source) {
    if (source == null || source.getTableName() == null) {
      throw new Refuse("statement names no table", BY_HAND);
    }
    return id(source.getSchema(), source.getTableName());
  }

  private TableId id(SQLName name) {
    if (name == null) {
      throw new Refuse("statement names no table", BY_HAND);
    }
    if (name instanceof SQLPropertyExpr p) {
      return id(p.getOwnerName(), p.getName());
    }
    return id(null, name.getSimpleName());
  }

  private TableDefinition get(TableId id) {
    if (touched.containsKey(id)) {
      return touched.get(id).orElse(null);
    }
    TableDefinition d;
    try {
      d = lookup.apply(id);
    } catch (RuntimeException e) {
      throw new Refuse("table definition lookup of " + id + " failed: " + e, "fix the schema history");
    }
    if (d == null && options.lowerCaseTableNames() == 2) {
      d = lookup.apply(TableId.of(id.schema().toLowerCase(Locale.ROOT), id.table().toLowerCase(Locale.ROOT)));
    }
    return d;
  }

  private void put(TableId id, TableDefinition def) {
    touched.put(id, Optional.ofNullable(def));
  }

  private Optional<OnlineSchemaChange.Helper> helper(TableId id) {
    return options.onlineSchemaChange() ? OnlineSchemaChange.classify(id.table()) : Optional.empty();
  }

  /** Why a table has no Doris table, or null when it has one (or may have one). */
  private String notInDoris(TableId id, TableDefinition def) {
    Optional<OnlineSchemaChange.Helper> h = helper(id);
    if (h.isPresent()) {
      return "table " + id + " is the " + h.get().role().name().toLowerCase(Locale.ROOT)
          + " table of an online schema change of " + h.get().baseTable() + "; it is not created in Doris"
          + (h.get().role() == OnlineSchemaChange.Role.SHADOW ? " and its changes are applied to "
          + h.get().baseTable() + " at the swap" : "");
    }
    if (def != null && def.keyColumns().isEmpty()) {
      return "table " + id + " has neither a primary key nor a NOT NULL unique key, so it has no Doris table";
    }
    return null;
  }

  private void noop(TableId table, String reason) {
    changes.add(new SchemaChange.NoOp(table, reason));
  }

  // ---------------------------------------------------------------- statements

  private boolean earlyNoOp(List<SqlLexer.Token> t) {
    String first = t.get(0).upper();
    String second = t.size() > 1 ? t.get(1).upper() : "";
    if (first.equals("CREATE") && (second.equals("TEMPORARY") || second.equals("GLOBAL"))
        || first.equals("DROP") && second.equals("TEMPORARY")) {
      noop(null, "temporary tables are not replicated");
      return true;
    }
    if (first.equals("CREATE") || first.equals("DROP") || first.equals("ALTER")) {
      Set<String> objects = Set.of("VIEW", "TRIGGER", "PROCEDURE", "FUNCTION", "EVENT", "USER", "ROLE", "SERVER",
          "SEQUENCE", "LOGFILE", "TABLESPACE", "RESOURCE", "PACKAGE", "SYNONYM");
      for (int i = 1; i < Math.min(t.size(), 16); i++) {
        SqlLexer.Token w = t.get(i);
        if (w.is("TABLE") || w.is("INDEX") || w.is("DATABASE") || w.is("SCHEMA") || w.kind() != SqlLexer.Kind.WORD
            && !w.isSymbol("=") && !w.isSymbol("@") && w.kind() != SqlLexer.Kind.QUOTED_IDENT
            && w.kind() != SqlLexer.Kind.STRING) {
          break;
        }
        if (objects.contains(w.upper())) {
          noop(null, first + " " + w.upper() + " does not change replicated tables");
          return true;
        }
      }
    }
    Set<String> maintenance = Set.of("GRANT", "REVOKE", "FLUSH", "ANALYZE", "OPTIMIZE", "REPAIR", "CHECK",
        "CHECKSUM", "SET", "USE", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "XA", "LOCK", "UNLOCK",
        "INSTALL", "UNINSTALL", "RESET", "PURGE", "CALL", "DO", "KILL", "SHOW", "SELECT", "EXPLAIN", "DESCRIBE",
        "DESC", "HANDLER", "PREPARE", "EXECUTE", "DEALLOCATE", "START", "STOP", "CHANGE", "SIGNAL", "CACHE", "LOAD"
        .equals(first) ? "" : "HELP");
    if (maintenance.contains(first)) {
      noop(null, first + " statement does not change replicated tables");
      return true;
    }
    if (Set.of("INSERT", "UPDATE", "DELETE", "REPLACE", "LOAD").contains(first)) {
      throw new Refuse("data change in a statement event (" + first + "): its rows are not in the binlog",
          "set binlog_format=ROW on the source, then reload the table");
    }
    return false;
  }

  private void dispatch(SQLStatement st) {
    if (st instanceof MySqlCreateTableStatement ct) {
      createTable(ct);
    } else if (st instanceof SQLAlterTableStatement at) {
      alterTable(at);
    } else if (st instanceof MySqlRenameTableStatement rt) {
      for (MySqlRenameTableStatement.Item item : rt.getItems()) {
        renameTable(id(item.getName()), id(item.getTo()));
      }
    } else if (st instanceof SQLDropTableStatement dt) {
      if (dt.isTemporary()) {
        noop(null, "temporary tables are not replicated");
        return;
      }
      for (SQLExprTableSource ts : dt.getTableSources()) {
        dropTable(id(ts), dt.isIfExists());
      }
    } else if (st instanceof SQLTruncateStatement tt) {
      for (SQLExprTableSource ts : tt.getTableSources()) {
        truncateTable(id(ts));
      }
    } else if (st instanceof SQLCreateIndexStatement ci) {
      createIndex(ci);
    } else if (st instanceof SQLDropIndexStatement di) {
      TableId id = id(di.getTableName());
      TableDefinition def = get(id);
      if (def != null) {
        TableDefinition.Builder b = def.toBuilder();
        b.removeUniqueKey(ident(di.getIndexName().getSimpleName()));
        if (ident(di.getIndexName().getSimpleName()).equalsIgnoreCase("PRIMARY")) {
          b.primaryKey(List.of());
        }
        checkKeyAndPut(id, def, b.build());
      }
      noop(id, "DROP INDEX: Doris tables keep no MySQL secondary indexes");
    } else if (st instanceof SQLCreateDatabaseStatement) {
      noop(null, "CREATE DATABASE is not applied: the job maps schemas to existing Doris databases");
    } else if (st instanceof SQLDropDatabaseStatement) {
      noop(null, "DROP DATABASE is not applied: Doris databases and their tables are kept (drop them by hand)");
    } else if (st.getClass().getSimpleName().contains("AlterDatabase")
        || st.getClass().getSimpleName().contains("AlterSchema")) {
      noop(null, "ALTER DATABASE changes only defaults of new tables");
    } else {
      String kind = st.getClass().getSimpleName().replaceAll("^(SQL|MySql|Mysql)", "").replace("Statement", "");
      if (kind.matches(".*(Insert|Update|Delete|Replace|Load).*")) {
        throw new Refuse("data change in a statement event (" + kind + "): its rows are not in the binlog",
            "set binlog_format=ROW on the source, then reload the table");
      }
      throw new Refuse("unsupported statement (" + kind + ")", BY_HAND);
    }
  }

  private void createTable(MySqlCreateTableStatement ct) {
    TableId id = id(ct.getTableSource());
    boolean replace = normalized.orReplace();
    if (ct.isTemporary()) {
      noop(id, "temporary tables are not replicated");
      return;
    }
    if (ct.getSelect() != null) {
      throw new Refuse("CREATE TABLE ... SELECT: the column types are not in the statement",
          "create " + id + " in Doris from SHOW CREATE TABLE, load it, then skip this statement");
    }
    TableDefinition existing = get(id);
    if (ct.isIfNotExists() && existing != null && !replace) {
      noop(id, "CREATE TABLE IF NOT EXISTS of existing table " + id);
      return;
    }
    TableDefinition def;
    if (ct.getLike() != null) {
      TableId src = id(ct.getLike());
      TableDefinition srcDef = get(src);
      if (srcDef == null) {
        throw new Refuse("CREATE TABLE " + id + " LIKE " + src + ": no definition of " + src + " is known",
            "the connector must load the definition of " + src + " (SHOW CREATE TABLE) before its DDL");
      }
      def = srcDef.toBuilder().schema(id.schema()).name(id.table()).renamedFrom(Map.of()).build();
    } else {
      def = CreateTableReader.build(id.schema(), id.table(), ct);
      if (def.columns().isEmpty()) {
        throw new Refuse("CREATE TABLE " + id + " without columns", BY_HAND);
      }
    }
    put(id, def);
    String why = notInDoris(id, null);
    if (why != null) {
      noop(id, why);
      return;
    }
    changes.add(new SchemaChange.CreateTable(def, ct.isIfNotExists(), replace));
  }

  private void dropTable(TableId id, boolean ifExists) {
    TableDefinition def = get(id);
    put(id, null);
    String why = notInDoris(id, def);
    if (why != null) {
      noop(id, why);
      return;
    }
    changes.add(new SchemaChange.DropTable(id, ifExists));
  }

  private void truncateTable(TableId id) {
    TableDefinition def = get(id);
    String why = notInDoris(id, def);
    if (why != null) {
      noop(id, why);
      return;
    }
    changes.add(new SchemaChange.TruncateTable(id));
  }

  private void createIndex(SQLCreateIndexStatement ci) {
    TableId id = id((SQLExprTableSource) ci.getTable());
    TableDefinition def = get(id);
    String type = ci.getType() == null ? "" : ci.getType().toUpperCase(Locale.ROOT);
    if (def != null && type.contains("UNIQUE")) {
      List<String> cols = CreateTableReader.indexColumns(ci.getItems());
      TableDefinition.Builder b = def.toBuilder();
      String name = ci.getName() == null ? (cols.isEmpty() ? "idx" : cols.get(0)) : ident(ci.getName().getSimpleName());
      if (!cols.isEmpty()) {
        b.uniqueKey(CreateTableReader.uniqueName(b, name), cols);
      }
      checkKeyAndPut(id, def, build(b));
    }
    noop(id, "CREATE INDEX: Doris tables keep no MySQL secondary indexes");
  }

  private void checkKeyAndPut(TableId id, TableDefinition before, TableDefinition after) {
    checkKey(id, before, after);
    put(id, after);
  }

  /**
   * {@code before} with its key columns under the names the statement's renames gave them: Doris renames key and
   * distribution columns with light schema change (its schema_change_p0 tests rename unique-key columns).
   */
  private static List<String> renamedKeys(TableDefinition before, List<SchemaChange> changes) {
    List<String> keys = new ArrayList<>(before.keyColumns());
    for (SchemaChange c : changes) {
      if (c instanceof SchemaChange.RenameColumn r) {
        keys.replaceAll(k -> k.equalsIgnoreCase(r.column().name()) ? r.newName() : k);
      }
    }
    return keys;
  }

  private void checkKey(TableId id, TableDefinition before, TableDefinition after) {
    checkKey(id, before, before.keyColumns(), after);
  }

  private void checkKey(TableId id, TableDefinition before, List<String> beforeKeys, TableDefinition after) {
    if (sameNames(beforeKeys, after.keyColumns()) || helper(id).isPresent()) {
      return;
    }
    put(id, after);
    if (before.keyColumns().isEmpty()) {
      throw new Refuse("table " + id + " gets the key (" + String.join(", ", after.keyColumns())
          + ") but has no Doris table, because it had no key when created",
          "create the Doris table and run an initial load of " + id + ", then skip this statement", true);
    }
    throw new Refuse("the key of " + id + " changes from (" + String.join(", ", before.keyColumns()) + ") to "
        + (after.keyColumns().isEmpty() ? "none" : "(" + String.join(", ", after.keyColumns()) + ")")
        + "; the key of a Doris UNIQUE KEY table cannot change", RECREATE, true);
  }

  private static boolean sameNames(List<String> a, List<String> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).equalsIgnoreCase(b.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static TableDefinition build(TableDefinition.Builder b) {
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new Refuse(e.getMessage(), "reload the table's definition from SHOW CREATE TABLE");
    }
  }

  // ---------------------------------------------------------------- RENAME TABLE and online schema change

  private void renameTable(TableId from, TableId to) {
    TableDefinition src = get(from);
    if (src == null && normalized.alterIfExists()) {
      noop(from, "RENAME TABLE IF EXISTS of table " + from + ", which does not exist");
      return;
    }
    Optional<OnlineSchemaChange.Helper> hf = helper(from);
    Optional<OnlineSchemaChange.Helper> ht = helper(to);
    if (ht.isPresent() && ht.get().role() == OnlineSchemaChange.Role.RETIRED
        && ht.get().baseTable().equals(from.table()) && from.schema().equals(to.schema())) {
      if (src != null) {
        put(to, src.withId(to.schema(), to.table()));
      }
      put(from, null);
      noop(from, "table " + from + " is retired by an online schema change as " + to.table()
          + "; its Doris table is kept and receives the new schema when the shadow takes its name");
      return;
    }
    if (hf.isPresent() && hf.get().role() == OnlineSchemaChange.Role.SHADOW
        && hf.get().baseTable().equals(to.table()) && from.schema().equals(to.schema())) {
      if (src == null) {
        throw new Refuse("no definition of shadow table " + from + " is known",
            "the connector must keep the definitions of online-schema-change shadow tables");
      }
      TableDefinition old = retired(to);
      TableDefinition neu = src.toBuilder().schema(to.schema()).name(to.table()).renamedFrom(Map.of()).build();
      if (old == null) {
        if (get(to) != null) {
          throw new Refuse("shadow " + from + " renamed onto existing " + to, BY_HAND);
        }
        throw new Refuse("cannot find the definition of " + to + " before its online schema change (no retired "
            + "table _" + to.table() + "_old or _" + to.table() + "_del is known)", RECREATE);
      }
      String why = notInDoris(to, old);
      if (why != null) {
        noop(to, why);
      } else {
        noop(to, "online schema change of " + to + " completes: its Doris table takes the schema of " + from);
        changes.addAll(diff(old.withId(to.schema(), to.table()), src, to));
      }
      put(to, neu);
      put(from, null);
      return;
    }
    if (src != null) { // an unknown table stays unknown under its new name
      put(to, src.toBuilder().schema(to.schema()).name(to.table()).build());
    }
    put(from, null);
    String why = hf.isPresent() ? notInDoris(from, src) : ht.isPresent() ? notInDoris(to, src)
        : notInDoris(from, src);
    if (why != null) {
      noop(from, why);
      return;
    }
    changes.add(new SchemaChange.RenameTable(from, to));
  }

  private TableDefinition retired(TableId base) {
    for (Map.Entry<TableId, Optional<TableDefinition>> e : touched.entrySet()) {
      Optional<OnlineSchemaChange.Helper> h = helper(e.getKey());
      if (e.getValue().isPresent() && h.isPresent() && h.get().role() == OnlineSchemaChange.Role.RETIRED
          && h.get().baseTable().equals(base.table()) && e.getKey().schema().equals(base.schema())) {
        return e.getValue().get();
      }
    }
    for (String n : List.of("_" + base.table() + "_old", "__" + base.table() + "_old", "_" + base.table() + "_del")) {
      TableDefinition d = get(TableId.of(base.schema(), n));
      if (d != null) {
        return d;
      }
    }
    return null;
  }

  /** Changes turning {@code old} (the Doris table's MySQL definition) into {@code shadow}'s definition. */
  private List<SchemaChange> diff(TableDefinition old, TableDefinition shadow, TableId id) {
    Map<String, String> origin = new LinkedHashMap<>();
    for (ColumnDefinition c : shadow.columns()) {
      origin.put(c.name(), shadow.renamedFrom().getOrDefault(c.name(), c.name()));
    }
    List<String> newKeyOrigins = shadow.keyColumns().stream().map(k -> origin.getOrDefault(k, k)).toList();
    if (!sameNames(old.keyColumns(), newKeyOrigins)) {
      throw new Refuse("the key of " + id + " changes from (" + String.join(", ", old.keyColumns()) + ") to ("
          + String.join(", ", shadow.keyColumns()) + ") in an online schema change; the key of a Doris UNIQUE KEY "
          + "table cannot change", RECREATE);
    }
    Set<String> referenced = new HashSet<>();
    origin.values().forEach(o -> referenced.add(o.toLowerCase(Locale.ROOT)));
    List<SchemaChange> out = new ArrayList<>();
    TableDefinition cur = old;
    for (ColumnDefinition c : old.columns()) {
      if (!referenced.contains(c.name().toLowerCase(Locale.ROOT))) {
        out.add(new SchemaChange.DropColumn(cur, c));
        cur = Columns.drop(cur, c.name());
      }
    }
    // a renamed column whose name another column takes (a swap, a chain) is first moved to a free name
    Set<String> targets = new HashSet<>();
    for (ColumnDefinition c : shadow.columns()) {
      if (!origin.get(c.name()).equalsIgnoreCase(c.name())) {
        targets.add(c.name().toLowerCase(Locale.ROOT));
      }
    }
    Map<String, String> current = new HashMap<>();
    for (ColumnDefinition c : shadow.columns()) {
      String from = origin.get(c.name());
      if (!from.equalsIgnoreCase(c.name()) && targets.contains(from.toLowerCase(Locale.ROOT))
          && cur.column(from).isPresent()) {
        String aside = Columns.freeName(cur, from + "_binlogload_swap");
        out.add(new SchemaChange.RenameColumn(cur, cur.column(from).get(), aside));
        cur = Columns.rename(cur, from, aside, false);
        current.put(from.toLowerCase(Locale.ROOT), aside);
      }
    }
    Set<String> added = new HashSet<>();
    for (ColumnDefinition c : shadow.columns()) {
      String from = origin.get(c.name());
      Optional<ColumnDefinition> oc = cur.column(current.getOrDefault(from.toLowerCase(Locale.ROOT), from));
      if (oc.isEmpty() || !old.column(from).isPresent()) {
        added.add(c.name());
        continue;
      }
      ColumnDefinition o = oc.get();
      if (!o.name().equals(c.name())) {
        out.add(new SchemaChange.RenameColumn(cur, o, c.name()));
        cur = Columns.rename(cur, o.name(), c.name(), false);
        o = cur.column(c.name()).orElseThrow();
      }
      if (!Columns.sameType(cur, o, shadow, c) || Columns.regenerated(o, c)) {
        ColumnDefinition nc = c.toBuilder().position(o.position()).build();
        out.add(new SchemaChange.AlterColumnType(cur, o, nc));
        cur = Columns.replace(cur, o.name(), nc);
      } else if (!o.sameDefinition(c)) {
        cur = Columns.replace(cur, o.name(), c);
      }
    }
    String prev = null;
    for (ColumnDefinition c : shadow.columns()) {
      if (added.contains(c.name())) {
        ColumnPosition pos = prev == null ? ColumnPosition.first() : ColumnPosition.after(prev);
        out.add(new SchemaChange.AddColumn(cur, c, pos));
        cur = Columns.insert(cur, c, pos);
      }
      prev = c.name();
    }
    return out;
  }

  // ---------------------------------------------------------------- ALTER TABLE

  private void alterTable(SQLAlterTableStatement at) {
    TableId id = id(at.getTableSource());
    TableDefinition def = get(id);
    if (def == null) {
      if (normalized.alterIfExists()) {
        noop(id, "ALTER TABLE IF EXISTS of table " + id + ", which does not exist");
        return;
      }
      if (helper(id).isPresent()) {
        noop(id, notInDoris(id, null));
        return;
      }
      throw new Refuse("no definition of table " + id + " is known",
          "the connector must load the definition of " + id + " (SHOW CREATE TABLE) before its DDL");
    }
    boolean shadow = helper(id).isPresent();
    AlterState s = new AlterState(id, def, shadow);
    s.items = at.getItems();
    for (s.index = 0; s.index < s.items.size(); s.index++) {
      alterItem(s, s.items.get(s.index));
    }
    for (SQLAssignItem o : at.getTableOptions()) {
      String k = o.getTarget().toString().toUpperCase(Locale.ROOT);
      if ((k.contains("CHARSET") || k.contains("CHARACTER SET")) && o.getValue() != null) {
        s.cur = build(s.cur.toBuilder().charset(SQLUtils.normalize(o.getValue().toString())));
      } else if (k.contains("COMMENT") && o.getValue() != null) {
        s.cur = build(s.cur.toBuilder().comment(ColumnReader.text(o.getValue())));
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
    String why = notInDoris(id, def);
    if (why == null) {
      for (SchemaChange c : s.local) {
        if (c instanceof SchemaChange.DropColumn d && d.column().key()) {
          put(id, s.cur);
          throw new Refuse("Can not drop key column in Unique data model table (" + id + "." + d.column().name()
              + ")", RECREATE, true);
        }
      }
    }
    checkKey(id, def, renamedKeys(def, s.local), s.cur);
    if (why != null) {
      s.local.removeIf(c -> !(c instanceof SchemaChange.NoOp));
      s.local.add(0, new SchemaChange.NoOp(id, why));
    }
    changes.addAll(s.local);
    put(id, s.cur);
    if (s.renameTo != null) {
      renameTable(id, s.renameTo);
    }
  }

  /** The evolving definition of the table an ALTER works on. */
  private final class AlterState {
    final TableId id;
    final boolean shadow;
    TableDefinition cur;
    TableId renameTo;
    final List<SchemaChange> local = new ArrayList<>();
    /** Clauses name columns as they were before the statement; a column moved aside for a swap is found here. */
    final Map<String, String> alias = new HashMap<>();
    List<SQLAlterTableItem> items = List.of();
    int index;

    AlterState(TableId id, TableDefinition def, boolean shadow) {
      this.id = id;
      this.cur = def;
      this.shadow = shadow;
    }

    void noop(String reason) {
      local.add(new SchemaChange.NoOp(id, reason));
    }

    ColumnDefinition column(String name, String clause) {
      Optional<ColumnDefinition> c = cur.column(alias.getOrDefault(name.toLowerCase(Locale.ROOT), name));
      if (c.isEmpty()) {
        if (normalized.lenientColumns().contains(name.toLowerCase(Locale.ROOT))) {
          return null;
        }
        throw new Refuse("Column[" + name + "] does not exists in the known definition of " + id + " (" + clause
            + ")", "reload the definition of " + id + " from SHOW CREATE TABLE");
      }
      return c.get();
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

  private void alterItem(AlterState s, SQLAlterTableItem item) {
    String where = s.id.toString();
    if (item instanceof SQLAlterTableAddColumn add) {
      ColumnPosition pos = position(add.isFirst() || add.getFirstColumn() != null, add.getAfterColumn());
      for (SQLColumnDefinition cd : add.getColumns()) {
        ColumnReader.Read r = ColumnReader.read(cd);
        ColumnDefinition c = r.column();
        if (s.cur.column(c.name()).isPresent()) {
          if (normalized.lenientColumns().contains(c.name().toLowerCase(Locale.ROOT)) || add.isIfNotExists()) {
            s.noop("ADD COLUMN IF NOT EXISTS " + c.name() + ": the column already exists in " + where);
            continue;
          }
          throw new Refuse("Can not add column which already exists in base table: " + c.name() + " (" + where
              + ")", "reload the definition of " + where + " from SHOW CREATE TABLE");
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
        s.cur = build(b);
        ColumnDefinition placed = s.cur.column(c.name()).orElseThrow();
        s.local.add(new SchemaChange.AddColumn(before, placed, pos));
      }
    } else if (item instanceof SQLAlterTableDropColumnItem drop) {
      for (SQLName n : drop.getColumns()) {
        String name = ColumnReader.name(n);
        ColumnDefinition c = drop.isIfExists() && s.cur.column(name).isEmpty() ? null : s.column(name, "DROP COLUMN");
        if (c == null) {
          s.noop("DROP COLUMN IF EXISTS " + name + ": no such column in " + where);
          continue;
        }
        s.local.add(new SchemaChange.DropColumn(s.cur, c));
        s.cur = Columns.drop(s.cur, c.name());
      }
    } else if (item instanceof MySqlAlterTableChangeColumn ch) {
      changeColumn(s, ColumnReader.name(ch.getColumnName()), ch.getNewColumnDefinition(),
          ch.isFirst() || ch.getFirstColumn() != null || ch.getAfterColumn() != null);
    } else if (item instanceof MySqlAlterTableModifyColumn m) {
      String name = ColumnReader.name(m.getNewColumnDefinition().getName());
      Optional<ColumnDefinition> existing = s.cur.column(name);
      if (existing.isPresent()) {
        m.getNewColumnDefinition().setName(existing.get().name()); // MODIFY keeps the column's name as it is
      }
      changeColumn(s, name, m.getNewColumnDefinition(),
          m.isFirst() || m.getFirstColumn() != null || m.getAfterColumn() != null);
    } else if (item instanceof SQLAlterTableRenameColumn rc) {
      String from = ColumnReader.name(rc.getColumn());
      String to = ColumnReader.name(rc.getTo());
      ColumnDefinition c = s.column(from, "RENAME COLUMN");
      if (c != null) {
        rename(s, c, to);
      }
    } else if (item instanceof MySqlAlterTableAlterColumn ac) {
      String name = ColumnReader.name(ac.getColumn());
      ColumnDefinition c = s.column(name, "ALTER COLUMN");
      if (c != null) {
        ColumnDefinition.Builder b = c.toBuilder();
        if (ac.isDropDefault()) {
          b.defaultValue(ColumnDefinition.DefaultKind.NONE, null);
        } else if (ac.getDefaultExpr() != null) {
          SQLColumnDefinition tmp = new SQLColumnDefinition();
          tmp.setName(name);
          tmp.setDataType(new com.alibaba.druid.sql.ast.SQLDataTypeImpl("int"));
          tmp.setDefaultExpr(ac.getDefaultExpr().clone());
          ColumnDefinition parsed = ColumnReader.read(tmp).column();
          b.defaultValue(parsed.defaultKind(), parsed.defaultValue());
        }
        s.cur = Columns.replace(s.cur, c.name(), b.build());
        s.noop("ALTER COLUMN " + c.name() + " SET/DROP DEFAULT: the binlog carries full rows, so Doris needs no "
            + "default (Doris cannot change only a default)");
      }
    } else if (item instanceof SQLAlterTableAddIndex ai) {
      if (ai.isUnique()) {
        addUnique(s, ai.getName(), ai.getColumns());
      }
      s.noop("ADD INDEX: Doris tables keep no MySQL secondary indexes");
    } else if (item instanceof SQLAlterTableAddConstraint ac) {
      SQLConstraint k = ac.getConstraint();
      if (k instanceof SQLPrimaryKey pk) {
        s.cur = build(s.cur.toBuilder().primaryKey(CreateTableReader.indexColumns(((SQLUnique) pk).getColumns())));
        s.noop("ADD PRIMARY KEY");
      } else if (k instanceof SQLUnique u && CreateTableReader.isUnique(u)) {
        addUnique(s, u.getName(), u.getColumns());
        s.noop("ADD UNIQUE: Doris tables keep no MySQL secondary indexes");
      } else {
        s.noop("constraint " + (k == null ? "" : k.getClass().getSimpleName().replaceAll("^(SQL|MySql|Mysql)", ""))
            + ": Doris does not enforce foreign keys or checks");
      }
    } else if (item instanceof SQLAlterTableDropIndex di) {
      dropIndex(s, ColumnReader.name(di.getIndexName()));
    } else if (item instanceof SQLAlterTableDropKey dk) {
      dropIndex(s, ColumnReader.name(dk.getKeyName()));
    } else if (item instanceof SQLAlterTableDropPrimaryKey) {
      s.cur = build(s.cur.toBuilder().primaryKey(List.of()));
      s.noop("DROP PRIMARY KEY");
    } else if (item instanceof SQLAlterTableConvertCharSet cc) {
      String cs = SQLUtils.normalize(cc.getCharset().toString()).toLowerCase(Locale.ROOT);
      if (cs.equals("default")) {
        cs = s.cur.charset() == null ? options.defaultCharset() : s.cur.charset();
      }
      for (ColumnDefinition c : s.cur.columns()) {
        if (org.binlogload.ddl.TypeMapping.isCharacterType(c.typeName()) && !"binary".equals(c.charset())) {
          ColumnDefinition nc = c.toBuilder().charset(cs).collation(cc.getCollate() == null ? null
              : SQLUtils.normalize(cc.getCollate().toString())).build();
          TableDefinition target = s.cur.toBuilder().charset(cs).build();
          if (!Columns.sameType(s.cur, c, target, nc)) {
            s.local.add(new SchemaChange.AlterColumnType(s.cur, c, nc));
          }
          s.cur = Columns.replace(s.cur, c.name(), nc);
        }
      }
      s.cur = build(s.cur.toBuilder().charset(cs));
      s.noop("CONVERT TO CHARACTER SET " + cs + ": string columns are resized in Doris only where their byte "
          + "length changes");
    } else if (item instanceof SQLAlterTableRename rn) {
      SQLExprTableSource to = rn.getTo();
      s.renameTo = to != null ? id(to) : id(rn.getToName());
    } else {
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
      throw new Refuse("unsupported ALTER TABLE clause " + text, BY_HAND);
    }
  }

  private void addUnique(AlterState s, SQLName name, List<SQLSelectOrderByItem> columns) {
    List<String> cols = CreateTableReader.indexColumns(columns);
    if (!cols.isEmpty()) {
      TableDefinition.Builder b = s.cur.toBuilder();
      b.uniqueKey(CreateTableReader.uniqueName(b, name == null ? cols.get(0) : ColumnReader.name(name)), cols);
      s.cur = build(b);
    }
  }

  private void dropIndex(AlterState s, String name) {
    TableDefinition.Builder b = s.cur.toBuilder();
    b.removeUniqueKey(name);
    if (name.equalsIgnoreCase("PRIMARY")) {
      b.primaryKey(List.of());
    }
    s.cur = build(b);
    s.noop("DROP INDEX " + name + ": Doris tables keep no MySQL secondary indexes");
  }

  private void rename(AlterState s, ColumnDefinition c, String to) {
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

  private void changeColumn(AlterState s, String oldName, SQLColumnDefinition newDef, boolean moved) {
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
      s.cur = build(s.cur.toBuilder().primaryKey(List.of(nc.name())));
    }
  }
}
