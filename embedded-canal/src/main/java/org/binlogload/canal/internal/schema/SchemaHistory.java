package org.binlogload.canal.internal.schema;

import com.alibaba.druid.DbType;
import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLName;
import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableAddColumn;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableDropColumnItem;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableItem;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableRename;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableRenameColumn;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableStatement;
import com.alibaba.druid.sql.ast.statement.SQLColumnDefinition;
import com.alibaba.druid.sql.ast.statement.SQLCreateIndexStatement;
import com.alibaba.druid.sql.ast.statement.SQLCreateTableStatement;
import com.alibaba.druid.sql.ast.statement.SQLDropIndexStatement;
import com.alibaba.druid.sql.ast.statement.SQLDropTableStatement;
import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlAlterTableChangeColumn;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlRenameTableStatement;
import com.alibaba.otter.canal.filter.CanalEventFilter;
import com.alibaba.otter.canal.parse.inbound.TableMeta;
import com.alibaba.otter.canal.parse.inbound.mysql.MysqlConnection;
import com.alibaba.otter.canal.parse.inbound.mysql.tsdb.DatabaseTableMeta;
import com.alibaba.otter.canal.parse.inbound.mysql.tsdb.MemoryTableMeta;
import com.alibaba.otter.canal.parse.inbound.mysql.tsdb.TableMetaTSDB;
import com.alibaba.otter.canal.protocol.position.EntryPosition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.binlogload.canal.BinlogException;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.DurableStore;
import org.binlogload.canal.internal.TableMetaFactory;
import org.binlogload.canal.internal.schema.HistoryRecord.Ddl;
import org.binlogload.canal.internal.schema.HistoryRecord.Define;
import org.binlogload.canal.internal.schema.HistoryRecord.Snapshot;
import org.binlogload.canal.internal.schema.HistoryRecord.TableDefinition;
import org.binlogload.canal.internal.schema.HistoryRecord.TableName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Canal's {@link TableMetaTSDB} backed by a persistent, versioned schema history in a {@link DurableStore}: a snapshot
 * of the tracked tables' definitions plus every DDL with its binlog position, so that rows are always decoded with the
 * definition their table had when they were written.
 *
 * <p>It extends {@link DatabaseTableMeta} only because Canal's {@code MysqlEventParser} hands its meta connection and
 * its table filters to instances of that class; none of the parent's database code runs. See docs/schema-history.md.
 */
public final class SchemaHistory extends DatabaseTableMeta {
  /** Prefix of the keys this history uses in its store. */
  public static final String KEY_PREFIX = "schema-history/";

  private static final Logger LOG = LoggerFactory.getLogger(SchemaHistory.class);
  private static final Pattern SKIPPED_QUERY = Pattern.compile(
      "^\\s*(?:BEGIN|COMMIT|ROLLBACK|XA\\s|SAVEPOINT|RELEASE\\s+SAVEPOINT)\\b", Pattern.CASE_INSENSITIVE);
  /** The default database MariaDB and MySQL print before a query event's statement. */
  private static final Pattern USE_PREFIX = Pattern.compile("use `((?:[^`]|``)*)`;\\s*", Pattern.CASE_INSENSITIVE);
  private static final Pattern DATABASE_WORD = Pattern.compile("\\b(?:DATABASE|SCHEMA)\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern PLAIN_IDENT = Pattern.compile("[A-Za-z0-9_$]+");

  private final DurableStore store;
  private final String key;
  private final Object lock = new Object();

  private volatile MysqlConnection connection;
  private volatile CanalEventFilter<String> filter;
  private volatile CanalEventFilter<String> blackFilter;
  private volatile Predicate<TableName> include;

  private List<HistoryRecord> records;
  private volatile MemoryTableMeta memory = new MemoryTableMeta();
  private final Map<String, String> unknown = new LinkedHashMap<>();
  private volatile boolean hasUnknown;
  private BinlogPosition current;
  private boolean currentIsDdl;
  private volatile BinlogException failure;
  /** Per table, the change {@link #changeAfter} found last and where its scan began. */
  private final Map<TableName, Change> changes = new java.util.concurrent.ConcurrentHashMap<>();

  private record Change(BinlogPosition from, LiveServer.QueryEvent event) {}
  /** While reading before this position, the provisional tables' definitions are the server's at it, not proven. */
  private volatile BinlogPosition aheadUntil;
  private final Map<String, TableName> provisional = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile boolean snapshotsAhead = true;

  /** A history for the reader {@code name}, kept under {@code schema-history/<name>} in {@code store}. */
  public SchemaHistory(DurableStore store, String name) {
    this.store = Objects.requireNonNull(store, "store == null");
    this.key = KEY_PREFIX + Objects.requireNonNull(name, "name == null");
  }

  /** The factory the reader's wiring uses to put this history under Canal's parser. */
  public static TableMetaFactory factory() {
    return (store, connection) -> new SchemaHistory(store, connection.destination());
  }

  /** The key of this history in its store. */
  public String key() {
    return key;
  }

  /** Reads live definitions through {@code connection} (Canal's parser calls this with its meta connection). */
  @Override
  public void setConnection(MysqlConnection connection) {
    super.setConnection(connection);
    this.connection = connection;
  }

  /** Tracks the tables Canal's include filter accepts (Canal's parser calls this). */
  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void setFilter(CanalEventFilter filter) {
    super.setFilter(filter);
    this.filter = filter;
  }

  /** Leaves out the tables Canal's exclude filter accepts (Canal's parser calls this). */
  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void setBlackFilter(CanalEventFilter filter) {
    super.setBlackFilter(filter);
    this.blackFilter = filter;
  }

  /** Tracks exactly the tables {@code include} accepts, in place of Canal's filters. */
  public void setInclude(Predicate<TableName> include) {
    this.include = include;
  }

  /**
   * Whether a start behind the binlog end may take its first snapshot at the binlog end instead of proving the
   * definitions at the start position by a scan of the binlog between (on by default; it needs
   * binlog_row_metadata=FULL, checked at the snapshot). Off, every snapshot is proven by the scan.
   */
  public void setSnapshotsAhead(boolean on) {
    this.snapshotsAhead = on;
  }

  /**
   * Whether rows of {@code schema.table} at {@code at} are decoded with a definition taken on trust: the server's
   * at a snapshot ahead of the reader, before which the table may have changed. Their table-map event must then
   * describe the same columns ({@link TableMapCheck}).
   */
  public boolean provisional(String schema, String table, BinlogPosition at) {
    BinlogPosition until = aheadUntil;
    return until != null && at.compareTo(until) < 0 && provisional.containsKey(norm(schema, table));
  }

  /** The error for rows at {@code at} that a provisional definition does not decode; the history stops with it. */
  public BinlogException provisionalMismatch(String schema, String table, BinlogPosition at, String why) {
    String message = provisionalRefusal(schema, table, at, why);
    synchronized (lock) {
      return fail(BinlogException.Reason.SCHEMA_MISMATCH, message);
    }
  }

  /**
   * Why rows of {@code schema.table} at {@code at} are not decoded with its provisional definition ({@code why}: the
   * difference), naming the change; the history goes on (every later rows event is checked again).
   */
  public String provisionalRefusal(String schema, String table, BinlogPosition at, String why) {
    TableName t = new TableName(schema, table);
    BinlogPosition until = aheadUntil;
    LiveServer.QueryEvent change = changeAfter(t, at, until);
    return "rows of " + t + " at " + at + " were written with another definition than the one the reader holds ("
        + why + "): the reader took the table definitions from the server at " + until + ", ahead of its start"
        + " position, and the table changed before that, by " + (change == null ? "a DDL between them"
        : "the statement at " + change.position() + ": " + abbreviate(change.info()))
        + "; start the job again from a position after that change and reload the table";
  }

  /**
   * The first statement after {@code at} and before {@code until} that may change {@code t}, or null; the last one
   * found is reused for rows before it (no change of {@code t} lies between them), so that the rows of a table
   * skipped until its change do not scan the binlog each.
   */
  private LiveServer.QueryEvent changeAfter(TableName t, BinlogPosition at, BinlogPosition until) {
    Change known = changes.get(t);
    if (known != null && known.from().compareTo(at) <= 0 && at.compareTo(known.event().position()) < 0) {
      return known.event();
    }
    try {
      LiveServer.QueryEvent[] found = new LiveServer.QueryEvent[1];
      server().scanQueries(at, ev -> {
        if (until != null && ev.position().compareTo(until) >= 0) {
          return false;
        }
        if (!SKIPPED_QUERY.matcher(ev.info()).find() && mayChange(ev.info(), t)) {
          found[0] = ev;
          return false;
        }
        return true;
      });
      if (found[0] != null) {
        changes.put(t, new Change(at, found[0]));
      }
      return found[0];
    } catch (IOException | RuntimeException e) {
      LOG.debug("schema history {}: cannot name the change of {}: {}", key, t, e.toString());
      return null;
    }
  }

  /**
   * Why rows of {@code schema.table} cannot be decoded at all (its definition at the reader's position is unknown),
   * or null; unlike {@link #find} it does not stop the history, so a reader may hand the rows on as undecodable.
   */
  public String unknownRefusal(String schema, String table) {
    if (!hasUnknown || failure != null) {
      return null;
    }
    synchronized (lock) {
      String reason = unknown.get(norm(schema, table));
      return reason == null ? null : unknownMessage(schema, table, reason);
    }
  }

  private String unknownMessage(String schema, String table, String reason) {
    return "the definition of " + new TableName(schema, table) + " at " + current + " is unknown (" + reason
        + "), so its rows cannot be decoded safely; start the job again from a position after that change and reload"
        + " the table";
  }

  /** The fatal error this history stopped with, if any; it is thrown again by every later call. */
  public Optional<BinlogException> failure() {
    return Optional.ofNullable(failure);
  }

  @Override
  public boolean init(String destination) {
    return true;
  }

  @Override
  public void destory() {
    // The connection belongs to Canal's parser, which closes it.
  }

  @Override
  public Map<String, String> snapshot() {
    return memory.snapshot();
  }

  @Override
  public TableMeta find(String schema, String table) {
    BinlogException f = failure;
    if (f != null) {
      throw f;
    }
    TableMeta meta = memory.find(schema, table);
    if (meta != null && !hasUnknown) {
      return meta;
    }
    synchronized (lock) {
      String reason = unknown.get(norm(schema, table));
      if (reason != null) {
        throw fail(BinlogException.Reason.SCHEMA_MISMATCH, unknownMessage(schema, table, reason));
      }
      meta = memory.find(schema, table);
      if (meta != null) {
        return meta;
      }
      if (records == null) {
        throw new IllegalStateException("schema history " + key + " used before rollback");
      }
      TableName name = new TableName(schema, table);
      recover(current, !currentIsDdl, "rows of " + name + " with no definition in the history", List.of(name), null);
      return memory.find(schema, table);
    }
  }

  @Override
  public boolean apply(EntryPosition entryPosition, String schema, String ddl, String extra) {
    BinlogException f = failure;
    if (f != null) {
      throw f;
    }
    if ("first".equals(extra)) {
      throw new IllegalStateException("schema history " + key + " never lets Canal read a live definition itself");
    }
    BinlogPosition at = position(entryPosition);
    synchronized (lock) {
      if (records == null) {
        throw new IllegalStateException("schema history " + key + " used before rollback");
      }
      if (!records.isEmpty() && records.get(records.size() - 1) instanceof Ddl last && last.position().equals(at)
          && last.sql().equals(ddl)) {
        return true;
      }
      List<SQLStatement> statements;
      try {
        statements = SQLUtils.parseStatements(ddl, DbType.mysql, false);
      } catch (RuntimeException e) {
        if (!heldAhead(at, schema, ddl, null)) {
          unapplicable(at, schema, ddl, "druid cannot parse it: " + e.getMessage());
        }
        return true;
      }
      Changes changes = Changes.of(statements, schema);
      if (changes.isEmpty() || heldAhead(at, schema, ddl, changes)) {
        return true;
      }
      MemoryTableMeta m = memory;
      m.apply(entryPosition, schema, ddl, null);
      String problem = verify(statements, schema, m);
      if (problem != null) {
        unapplicable(at, schema, ddl, problem);
        return true;
      }
      changes.updateUnknown(unknown);
      hasUnknown = !unknown.isEmpty();
      records.add(new Ddl(at, schema, ddl));
      persist();
      current = at;
      currentIsDdl = true;
      // A table unknown since the snapshot becomes known again after its last change: its definition right after
      // this statement is the server's when no later statement touches it (the proof rule).
      List<TableName> stillUnknown = new ArrayList<>();
      List<TableName> changed = new ArrayList<>(changes.altered());
      changes.renamed().forEach(r -> changed.add(r[1]));
      for (TableName t : changed) {
        if (unknown.containsKey(norm(t)) && included(t) && !stillUnknown.contains(t)) {
          stillUnknown.add(t);
        }
      }
      if (!stillUnknown.isEmpty()) {
        recover(at, false, "tables unknown before " + ddl, stillUnknown, ddl, false);
      }
      return true;
    }
  }

  @Override
  public boolean rollback(EntryPosition entryPosition) {
    BinlogException f = failure;
    if (f != null) {
      throw f;
    }
    BinlogPosition at = position(entryPosition);
    synchronized (lock) {
      List<HistoryRecord> loaded = load();
      List<HistoryRecord> kept = new ArrayList<>(loaded.size());
      Snapshot base = null;
      Snapshot ahead = null;
      for (HistoryRecord r : loaded) {
        if (r instanceof Snapshot s && s.position().compareTo(at) <= 0) {
          base = s;
        } else if (r instanceof Snapshot s && ahead == null) {
          ahead = s;
        }
      }
      if (base != null || (ahead != null && !mayTakeAhead())) {
        ahead = null;
      }
      base = null;
      for (HistoryRecord r : loaded) {
        boolean keep = r == ahead
            || (r instanceof Snapshot ? r.position().compareTo(at) <= 0 : r.position().compareTo(at) < 0);
        if (keep) {
          kept.add(r);
          if (r instanceof Snapshot s) {
            base = s;
          }
        }
      }
      boolean changed = kept.size() != loaded.size();
      if (base == null) {
        BinlogPosition end = mayTakeAhead() ? binlogEnd() : null;
        BinlogPosition snapAt = end != null && end.compareTo(at) > 0 ? end : at;
        base = takeSnapshot(snapAt);
        kept.add(base);
        changed = true;
        LOG.info("schema history {}: snapshot of {} tables at {}{}", key, base.tables().size(), snapAt,
            snapAt == at ? "" : " (the binlog end; the reader starts at " + at + " and checks each table-map event"
                + " against these definitions until there)");
      }
      records = kept;
      if (changed) {
        persist();
      }
      rebuild(base);
      holdAhead(base, at);
      current = at;
      currentIsDdl = false;
      return true;
    }
  }

  /** Whether a first snapshot may be taken at the binlog end: allowed and the server logs column metadata. */
  private boolean mayTakeAhead() {
    if (!snapshotsAhead || connection == null) {
      return false;
    }
    try {
      return server().fullRowMetadata();
    } catch (IOException e) {
      throw new UncheckedIOException("schema history " + key + ": cannot read binlog_row_metadata: " + e.getMessage(),
          e);
    }
  }

  private BinlogPosition binlogEnd() {
    try {
      return server().binlogEnd();
    } catch (IOException e) {
      throw new UncheckedIOException("schema history " + key + ": cannot read the binlog end: " + e.getMessage(), e);
    }
  }

  /** With {@code base} ahead of {@code at}, its known tables are provisional until it, but for later definitions. */
  private void holdAhead(Snapshot base, BinlogPosition at) {
    provisional.clear();
    if (base.position().compareTo(at) <= 0) {
      aheadUntil = null;
      return;
    }
    for (TableDefinition t : base.tables()) {
      if (t.known()) {
        provisional.put(norm(t.name()), t.name());
      }
    }
    boolean after = false;
    for (HistoryRecord r : records) {
      after |= r == base;
      if (after && r instanceof Ddl d) {
        try {
          Changes c = Changes.of(SQLUtils.parseStatements(d.sql(), DbType.mysql, false), d.defaultSchema());
          c.created().forEach(t -> provisional.remove(norm(t)));
          c.dropped().forEach(t -> provisional.remove(norm(t)));
        } catch (RuntimeException e) {
          // recorded DDL parsed when it was applied
        }
      } else if (after && r instanceof Define d) {
        provisional.remove(norm(d.name()));
      }
    }
    aheadUntil = base.position();
  }

  /**
   * Whether the DDL at {@code at}, read before a snapshot ahead of the reader, changes provisional tables whose
   * definitions already hold it: then it is not applied again (their rows are checked against each table-map event).
   * A plain CREATE or DROP of them is applied: from there on the binlog defines them.
   */
  private boolean heldAhead(BinlogPosition at, String schema, String ddl, Changes changes) {
    BinlogPosition until = aheadUntil;
    if (until == null || at.compareTo(until) >= 0 || provisional.isEmpty()) {
      return false;
    }
    List<TableName> named = changes == null ? List.of() : changes.named();
    List<TableName> touched = new ArrayList<>();
    if (named.isEmpty()) { // not parsed, or an index statement: any mention counts
      String info = schema == null ? ddl : "use " + LiveServer.quote(schema) + "; " + ddl;
      for (TableName t : provisional.values()) {
        if (mayChange(info, t)) {
          touched.add(t);
        }
      }
    } else {
      named.stream().filter(t -> provisional.containsKey(norm(t))).forEach(touched::add);
    }
    if (touched.isEmpty()) {
      return false;
    }
    boolean definesThem = changes != null && changes.renamed().isEmpty() && changes.altered().isEmpty();
    boolean othersTracked = named.stream().anyMatch(t -> !provisional.containsKey(norm(t))
        && memory.find(t.schema(), t.table()) != null);
    if (definesThem || othersTracked) {
      // a plain CREATE or DROP, or a statement that also changes tables the binlog already defines: applied, and
      // from here on the binlog defines the provisional tables it names
      touched.forEach(t -> provisional.remove(norm(t)));
      return false;
    }
    LOG.info("schema history {}: the DDL at {} on {} is already in their definitions, read at {}: {}", key, at,
        touched, until, abbreviate(ddl));
    current = at;
    currentIsDdl = true;
    return true;
  }

  private void rebuild(Snapshot base) {
    MemoryTableMeta m = new MemoryTableMeta();
    unknown.clear();
    EntryPosition ep = entry(base.position());
    for (TableDefinition t : base.tables()) {
      if (t.known()) {
        m.apply(ep, t.name().schema(), t.createSql(), null);
      } else {
        unknown.put(norm(t.name()), t.unknownReason());
      }
    }
    boolean after = false;
    for (HistoryRecord r : records) {
      if (r == base) {
        after = true;
        continue;
      }
      if (!after) {
        continue;
      }
      if (r instanceof Ddl d) {
        m.apply(entry(d.position()), d.defaultSchema(), d.sql(), null);
        try {
          Changes.of(SQLUtils.parseStatements(d.sql(), DbType.mysql, false), d.defaultSchema()).updateUnknown(unknown);
        } catch (RuntimeException e) {
          throw new IllegalStateException("schema history " + key + " holds a DDL druid cannot parse at "
              + d.position() + ": " + d.sql(), e);
        }
      } else if (r instanceof Define d) {
        redefine(m, d);
      }
    }
    memory = m;
    hasUnknown = !unknown.isEmpty();
  }

  private void redefine(MemoryTableMeta m, Define d) {
    EntryPosition ep = entry(d.position());
    m.apply(ep, d.name().schema(), "DROP TABLE IF EXISTS " + LiveServer.quote(d.name().schema()) + "."
        + LiveServer.quote(d.name().table()), null);
    if (d.createSql() != null) {
      m.apply(ep, d.name().schema(), d.createSql(), null);
    }
    unknown.remove(norm(d.name()));
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
      throw fail(BinlogException.Reason.UNPARSABLE_DDL, "cannot follow the DDL at " + at + " (" + why
          + ") and cannot tell which tables it changes: " + ddl + "; start the job again from a position after it and "
          + "reload the affected tables");
    }
    List<TableName> relevant = new ArrayList<>();
    for (TableName t : r.tables()) {
      if (included(t) || memory.find(t.schema(), t.table()) != null || unknown.containsKey(norm(t))) {
        relevant.add(t);
      }
    }
    if (relevant.isEmpty()) {
      LOG.debug("schema history {}: DDL at {} changes no tracked table: {}", key, at, ddl);
      return;
    }
    LOG.warn("schema history {}: cannot apply the DDL at {} ({}); reading {} from the server", key, at, why,
        relevant);
    recover(at, false, "the DDL " + ddl + " (" + why + ")", relevant, ddl);
    current = at;
    currentIsDdl = true;
  }

  /**
   * Reads the live definitions of {@code tables} and records them as their state at {@code at}, but only when no
   * statement after {@code at} (from {@code at} itself when {@code inclusive}) in the binlog can have changed them.
   */
  private void recover(BinlogPosition at, boolean inclusive, String what, List<TableName> tables, String cause) {
    recover(at, inclusive, what, tables, cause, true);
  }

  /** As {@link #recover}; when not {@code strict}, returns false instead of stopping when the rule does not hold. */
  private boolean recover(BinlogPosition at, boolean inclusive, String what, List<TableName> tables, String cause,
      boolean strict) {
    LiveServer server = server();
    Map<TableName, Optional<String>> live = new LinkedHashMap<>();
    Map<TableName, LiveServer.QueryEvent> conflicts;
    try {
      for (TableName t : tables) {
        live.put(t, server.showCreateTable(t));
      }
      conflicts = laterChanges(server, at, inclusive, tables);
    } catch (IOException e) {
      throw new UncheckedIOException("schema history " + key + ": cannot read table definitions from the server: "
          + e.getMessage(), e);
    }
    String fix = "start the job again from a position after the last change of the table and reload it";
    if (!strict) {
      for (TableName t : tables) {
        String sql = live.get(t).orElse(null);
        if (conflicts.containsKey(t) || sql == null || !parses(sql)) {
          return false;
        }
      }
    }
    if (!conflicts.isEmpty()) {
      Map.Entry<TableName, LiveServer.QueryEvent> c = conflicts.entrySet().iterator().next();
      throw fail(cause == null ? BinlogException.Reason.SCHEMA_MISMATCH : BinlogException.Reason.UNPARSABLE_DDL,
          "cannot track " + c.getKey() + " at " + at + " for " + what + ": the server's current definition is not the"
              + " one at that position, because the statement at " + c.getValue().position() + " changed it later: "
              + abbreviate(c.getValue().info()) + "; " + fix);
    }
    for (TableName t : tables) {
      String sql = live.get(t).orElse(null);
      if (sql == null && cause == null) {
        throw fail(BinlogException.Reason.SCHEMA_MISMATCH, "cannot track " + t + " at " + at + " for " + what
            + ": it is not in the schema history and no longer exists on the server; " + fix);
      }
      if (sql != null && !parses(sql)) {
        throw fail(cause == null ? BinlogException.Reason.SCHEMA_MISMATCH : BinlogException.Reason.UNPARSABLE_DDL,
            "cannot track " + t + " at " + at + " for " + what + ": druid cannot parse its definition either: "
                + abbreviate(sql) + "; " + fix);
      }
      Define d = new Define(at, t, sql, cause == null ? what : cause);
      records.add(d);
      redefine(memory, d);
    }
    hasUnknown = !unknown.isEmpty();
    persist();
    LOG.info("schema history {}: took the server's definitions of {} as their state at {}", key, tables, at);
    return true;
  }

  private Snapshot takeSnapshot(BinlogPosition at) {
    LiveServer server = server();
    List<TableDefinition> defs = new ArrayList<>();
    try {
      List<TableName> tables = server.baseTables(this::included);
      Map<TableName, String> sql = new LinkedHashMap<>();
      for (TableName t : tables) {
        server.showCreateTable(t).ifPresent(s -> sql.put(t, s));
      }
      Map<TableName, LiveServer.QueryEvent> conflicts = laterChanges(server, at, true, List.copyOf(sql.keySet()));
      for (Map.Entry<TableName, String> e : sql.entrySet()) {
        LiveServer.QueryEvent c = conflicts.get(e.getKey());
        if (c != null) {
          defs.add(new TableDefinition(e.getKey(), null, "the statement at " + c.position()
              + " changed it after the start position " + at + ": " + abbreviate(c.info())));
        } else if (!parses(e.getValue())) {
          defs.add(new TableDefinition(e.getKey(), null, "druid cannot parse its definition: "
              + abbreviate(e.getValue())));
        } else {
          defs.add(new TableDefinition(e.getKey(), e.getValue(), null));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("schema history " + key + ": cannot read table definitions from the server: "
          + e.getMessage(), e);
    }
    return new Snapshot(at, defs);
  }

  /** For each of {@code tables}, the first query event after {@code at} that may change it. */
  private static Map<TableName, LiveServer.QueryEvent> laterChanges(LiveServer server, BinlogPosition at,
      boolean inclusive, List<TableName> tables) throws IOException {
    Map<TableName, LiveServer.QueryEvent> found = new LinkedHashMap<>();
    if (tables.isEmpty()) {
      return found;
    }
    server.scanQueries(at, ev -> {
      if (!inclusive && ev.position().file().equals(at.file()) && ev.position().offset() == at.offset()) {
        return true;
      }
      String info = ev.info();
      if (SKIPPED_QUERY.matcher(info).find()) {
        return true;
      }
      for (TableName t : tables) {
        if (!found.containsKey(t) && mayChange(info, t)) {
          found.put(t, ev);
        }
      }
      return found.size() < tables.size();
    });
    return found;
  }

  /**
   * Whether the query event {@code info} ({@code SHOW BINLOG EVENTS}: "use `db`; statement") may change {@code t}: it
   * names t's schema in a DATABASE/SCHEMA statement, or names t's table either qualified by t's schema or unqualified
   * while t's schema is the statement's default database (or that is unknown). A same-named table of another schema
   * is no conflict. Unusual names keep the coarser rule: any mention of the table is a conflict.
   */
  public static boolean mayChange(String info, String schema, String table) {
    return mayChange(info, new TableName(schema, table));
  }

  static boolean mayChange(String info, TableName t) {
    String defaultDb = null;
    String stmt = info;
    Matcher use = USE_PREFIX.matcher(info);
    if (use.lookingAt()) {
      defaultDb = use.group(1).replace("``", "`");
      stmt = info.substring(use.end());
    }
    if (DATABASE_WORD.matcher(stmt).find() && mentions(stmt, t.schema())) {
      return true;
    }
    if (!PLAIN_IDENT.matcher(t.table()).matches()) {
      return mentions(stmt, t.table());
    }
    Matcher m = Pattern.compile("(?<![A-Za-z0-9_$])" + Pattern.quote(t.table()) + "(?![A-Za-z0-9_$])",
        Pattern.CASE_INSENSITIVE).matcher(stmt);
    while (m.find()) {
      String qualifier = qualifierBefore(stmt, m.start());
      if (qualifier == null
          ? defaultDb == null || defaultDb.equalsIgnoreCase(t.schema())
          : qualifier.equalsIgnoreCase(t.schema())) {
        return true;
      }
    }
    return false;
  }

  /** The schema qualifying the identifier that starts at {@code start} ({@code s.t}, {@code `s`.`t`}), or null. */
  static String qualifierBefore(String stmt, int start) {
    int i = start;
    if (i > 0 && stmt.charAt(i - 1) == '`') {
      i--;
    }
    while (i > 0 && Character.isWhitespace(stmt.charAt(i - 1))) {
      i--;
    }
    if (i == 0 || stmt.charAt(i - 1) != '.') {
      return null;
    }
    i--;
    while (i > 0 && Character.isWhitespace(stmt.charAt(i - 1))) {
      i--;
    }
    if (i > 0 && stmt.charAt(i - 1) == '`') {
      int end = i - 1;
      int j = end;
      while (j > 0) {
        j--;
        if (stmt.charAt(j) == '`') {
          if (j > 0 && stmt.charAt(j - 1) == '`') {
            j--; // a doubled backtick inside the name
            continue;
          }
          return stmt.substring(j + 1, end).replace("``", "`");
        }
      }
      return null;
    }
    int end = i;
    while (i > 0 && (Character.isLetterOrDigit(stmt.charAt(i - 1)) || stmt.charAt(i - 1) == '_'
        || stmt.charAt(i - 1) == '$')) {
      i--;
    }
    return i == end ? null : stmt.substring(i, end);
  }

  /** Whether {@code text} names {@code identifier} as a whole word (any case); a substring for unusual names. */
  static boolean mentions(String text, String identifier) {
    if (!PLAIN_IDENT.matcher(identifier).matches()) {
      return text.toLowerCase(Locale.ROOT).contains(identifier.toLowerCase(Locale.ROOT));
    }
    return Pattern.compile("(?<![A-Za-z0-9_$])" + Pattern.quote(identifier) + "(?![A-Za-z0-9_$])",
        Pattern.CASE_INSENSITIVE).matcher(text).find();
  }

  /** Why the in-memory schema did not follow {@code statements}, or null when it did. */
  private String verify(List<SQLStatement> statements, String schema, MemoryTableMeta m) {
    for (SQLStatement st : statements) {
      if (st instanceof SQLCreateTableStatement c) {
        TableName t = name(c.getTableSource(), schema);
        if (t == null) {
          return "cannot name the created table";
        }
        if (c.getSelect() != null) {
          return "CREATE TABLE ... SELECT takes its columns from a query";
        }
        if (tracked(t) && m.find(t.schema(), t.table()) == null) {
          return "the created table " + t + " is missing after applying it";
        }
      } else if (st instanceof SQLAlterTableStatement a) {
        TableName t = name(a.getTableSource(), schema);
        if (t == null) {
          return "cannot name the altered table";
        }
        if (unknown.containsKey(norm(t)) || !tracked(t)) {
          continue;
        }
        TableName target = t;
        for (SQLAlterTableItem item : a.getItems()) {
          if (item instanceof SQLAlterTableRename r) {
            target = name(r.getToName(), t.schema());
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
              present.add(plain(col.getName()));
            }
          } else if (item instanceof SQLAlterTableDropColumnItem drop) {
            for (SQLName col : drop.getColumns()) {
              absent.add(plain(col));
            }
          } else if (item instanceof MySqlAlterTableChangeColumn change) {
            present.add(plain(change.getNewColumnDefinition().getName()));
          } else if (item instanceof SQLAlterTableRenameColumn rename) {
            present.add(plain(rename.getTo()));
            if (!plain(rename.getColumn()).equalsIgnoreCase(plain(rename.getTo()))) {
              absent.add(plain(rename.getColumn()));
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
      } else if (st instanceof MySqlRenameTableStatement r) {
        for (MySqlRenameTableStatement.Item item : r.getItems()) {
          TableName from = name(item.getName(), schema);
          TableName to = name(item.getTo(), schema);
          if (from == null || to == null) {
            return "cannot name the renamed tables";
          }
          if (tracked(from) && !unknown.containsKey(norm(to)) && m.find(to.schema(), to.table()) == null) {
            return "the renamed table " + to + " is missing after applying it";
          }
        }
      } else if (st instanceof SQLDropTableStatement d) {
        for (SQLExprTableSource source : d.getTableSources()) {
          TableName t = name(source, schema);
          if (t != null && m.find(t.schema(), t.table()) != null) {
            return "the dropped table " + t + " is still there after applying it";
          }
        }
      }
    }
    return null;
  }

  private static boolean has(TableMeta meta, String column) {
    for (TableMeta.FieldMeta f : meta.getFields()) {
      if (f.getColumnName().equalsIgnoreCase(column)) {
        return true;
      }
    }
    return false;
  }

  private boolean tracked(TableName t) {
    return included(t) || memory.find(t.schema(), t.table()) != null;
  }

  private boolean included(TableName t) {
    Predicate<TableName> p = include;
    if (p != null) {
      return p.test(t);
    }
    String full = t.schema() + "." + t.table();
    CanalEventFilter<String> f = filter;
    CanalEventFilter<String> b = blackFilter;
    return (f == null || f.filter(full)) && (b == null || !b.filter(full));
  }

  private LiveServer server() {
    MysqlConnection c = connection;
    if (c == null) {
      throw new IllegalStateException("schema history " + key + " has no connection to read table definitions");
    }
    return new LiveServer(c);
  }

  private List<HistoryRecord> load() {
    if (records != null) {
      return records;
    }
    Optional<byte[]> data;
    try {
      data = store.get(key);
    } catch (RuntimeException e) {
      throw fail(BinlogException.Reason.CORRUPT_STATE, "cannot read the schema history " + key + " from " + store
          + ": " + e.getMessage());
    }
    if (data.isEmpty()) {
      return new ArrayList<>();
    }
    try {
      return new ArrayList<>(HistoryCodec.decode(data.get(), "schema history " + key + " in " + store));
    } catch (HistoryCodec.HistoryFormatException e) {
      throw fail(BinlogException.Reason.CORRUPT_STATE, e.getMessage() + "; restore it from a backup, or start the "
          + "job again from a new position (the history is then rebuilt from the server)");
    }
  }

  private void persist() {
    store.put(key, HistoryCodec.encode(records));
  }

  private BinlogException fail(BinlogException.Reason reason, String message) {
    BinlogException e = new BinlogException(reason, true, message);
    failure = e;
    LOG.error("schema history {}: {}", key, message);
    return e;
  }

  private static boolean parses(String sql) {
    try {
      SQLUtils.parseStatements(sql, DbType.mysql, false);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private BinlogPosition position(EntryPosition p) {
    if (p == null || p.getJournalName() == null || p.getJournalName().isEmpty() || p.getPosition() == null) {
      throw fail(BinlogException.Reason.CONFIGURATION, "schema history " + key + " needs a binlog file and offset, "
          + "got " + p);
    }
    BinlogPosition b = BinlogPosition.of(p.getJournalName(), p.getPosition());
    if (p.getTimestamp() != null) {
      b = b.withTimestamp(p.getTimestamp());
    }
    if (p.getServerId() != null) {
      b = b.withServerId(p.getServerId());
    }
    return b;
  }

  private static EntryPosition entry(BinlogPosition p) {
    return new EntryPosition(p.file(), p.offset(), p.timestampMillis(), p.serverId());
  }

  static String norm(TableName t) {
    return norm(t.schema(), t.table());
  }

  static String norm(String schema, String table) {
    return (schema + "." + table).toLowerCase(Locale.ROOT);
  }

  private static String abbreviate(String s) {
    String one = s.replaceAll("\\s+", " ").trim();
    return one.length() <= 300 ? one : one.substring(0, 300) + "...";
  }

  static String plain(SQLName name) {
    return name == null ? null : unquote(name.getSimpleName());
  }

  private static String unquote(String s) {
    if (s != null && s.length() >= 2 && s.startsWith("`") && s.endsWith("`")) {
      return s.substring(1, s.length() - 1).replace("``", "`");
    }
    return s;
  }

  private static TableName name(SQLExprTableSource source, String schema) {
    return source == null ? null : name(source.getName(), schema);
  }

  static TableName name(SQLName name, String schema) {
    if (name == null) {
      return null;
    }
    String full = name.toString();
    String table = plain(name);
    String owner = null;
    if (name instanceof com.alibaba.druid.sql.ast.expr.SQLPropertyExpr p) {
      owner = unquote(p.getOwnerName());
    }
    if (owner == null) {
      owner = schema;
    }
    if (owner == null || table == null || full.isEmpty()) {
      return null;
    }
    return new TableName(unquote(owner), table);
  }

  /** The table-level effects of parsed statements, to keep the set of unknown tables right. */
  private record Changes(List<TableName> created, List<TableName> dropped, List<TableName[]> renamed,
      List<TableName> altered, boolean touchesTables) {
    static Changes of(List<SQLStatement> statements, String schema) {
      List<TableName> created = new ArrayList<>();
      List<TableName> dropped = new ArrayList<>();
      List<TableName[]> renamed = new ArrayList<>();
      List<TableName> altered = new ArrayList<>();
      boolean touches = false;
      for (SQLStatement st : statements) {
        if (st instanceof SQLCreateTableStatement c) {
          touches = true;
          TableName t = name(c.getTableSource(), schema);
          if (t != null) {
            created.add(t);
          }
        } else if (st instanceof SQLAlterTableStatement a) {
          touches = true;
          TableName t = name(a.getTableSource(), schema);
          TableName last = t;
          for (SQLAlterTableItem item : a.getItems()) {
            if (item instanceof SQLAlterTableRename r && t != null) {
              TableName to = name(r.getToName(), t.schema());
              if (to != null) {
                renamed.add(new TableName[] {t, to});
                last = to;
              }
            }
          }
          if (last != null) {
            altered.add(last);
          }
        } else if (st instanceof MySqlRenameTableStatement r) {
          touches = true;
          for (MySqlRenameTableStatement.Item item : r.getItems()) {
            TableName from = name(item.getName(), schema);
            TableName to = name(item.getTo(), schema);
            if (from != null && to != null) {
              renamed.add(new TableName[] {from, to});
            }
          }
        } else if (st instanceof SQLDropTableStatement d) {
          touches = true;
          for (SQLExprTableSource s : d.getTableSources()) {
            TableName t = name(s, schema);
            if (t != null) {
              dropped.add(t);
            }
          }
        } else if (st instanceof SQLCreateIndexStatement || st instanceof SQLDropIndexStatement) {
          touches = true;
        } else if (st.getClass().getSimpleName().contains("DropDatabase")) {
          touches = true;
        }
      }
      return new Changes(created, dropped, renamed, altered, touches);
    }

    boolean isEmpty() {
      return !touchesTables;
    }

    /** Every table the statements name: created, dropped, altered, renamed from and to. */
    List<TableName> named() {
      List<TableName> all = new ArrayList<>(created);
      all.addAll(dropped);
      all.addAll(altered);
      renamed.forEach(r -> all.addAll(List.of(r)));
      return all;
    }

    void updateUnknown(Map<String, String> unknown) {
      for (TableName t : dropped) {
        unknown.remove(norm(t));
      }
      for (TableName[] r : renamed) {
        String reason = unknown.remove(norm(r[0]));
        if (reason != null) {
          unknown.put(norm(r[1]), reason);
        } else {
          unknown.remove(norm(r[1]));
        }
      }
      for (TableName t : created) {
        unknown.remove(norm(t));
      }
    }
  }
}
