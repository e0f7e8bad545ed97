package org.binlogload.canal.internal.schema;

import com.alibaba.otter.canal.filter.CanalEventFilter;
import com.alibaba.otter.canal.parse.inbound.TableMeta;
import com.alibaba.otter.canal.parse.inbound.mysql.MysqlConnection;
import com.alibaba.otter.canal.parse.inbound.mysql.tsdb.DatabaseTableMeta;
import com.alibaba.otter.canal.parse.inbound.mysql.tsdb.TableMetaTSDB;
import com.alibaba.otter.canal.protocol.position.EntryPosition;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.binlogload.canal.BinlogException;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.DurableStore;
import org.binlogload.canal.internal.TableMetaFactory;
import org.binlogload.canal.internal.schema.HistoryRecord.Snapshot;
import org.binlogload.canal.internal.schema.HistoryRecord.TableName;

/**
 * Canal's {@link TableMetaTSDB} backed by a persistent, versioned schema history in a {@link DurableStore}: a snapshot
 * of the tracked tables' definitions plus every DDL with its binlog position, so that rows are always decoded with the
 * definition their table had when they were written.
 *
 * <p>It extends {@link DatabaseTableMeta} only because Canal's {@code MysqlEventParser} hands its meta connection and
 * its table filters to instances of that class; none of the parent's database code runs. The work is done by
 * {@link HistoryLog} (the records in the store), {@link TrackedDefinitions} (the definitions at the reader's
 * position), {@link DdlApplier} (DDL from the binlog), {@link ProvenDefinitions} (definitions from the server) and
 * {@link ProvisionalTables} (a snapshot ahead of the reader). See docs/schema-history.md.
 */
public final class SchemaHistory extends DatabaseTableMeta {
  /** Prefix of the keys this history uses in its store. */
  public static final String KEY_PREFIX = "schema-history/";

  private final String key;
  private final Object lock = new Object();
  private final StickyFailure failure;
  private final HistoryLog log;
  private final TrackedDefinitions definitions;
  private final ProvenDefinitions proven;
  private final ProvisionalTables provisional;
  private final DdlApplier ddl;

  private volatile CanalEventFilter<String> filter;
  private volatile CanalEventFilter<String> blackFilter;
  private volatile Predicate<TableName> include;

  /** A history for the reader {@code name}, kept under {@code schema-history/<name>} in {@code store}. */
  public SchemaHistory(DurableStore store, String name) {
    Objects.requireNonNull(store, "store == null");
    this.key = KEY_PREFIX + Objects.requireNonNull(name, "name == null");
    this.failure = new StickyFailure(key);
    this.log = new HistoryLog(store, key, failure);
    this.definitions = new TrackedDefinitions(key, this::included);
    this.proven = new ProvenDefinitions(key, log, definitions, failure);
    this.provisional = new ProvisionalTables(key, proven, definitions);
    this.ddl = new DdlApplier(key, log, definitions, provisional, proven, failure);
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
    proven.setConnection(connection);
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
    proven.setSnapshotsAhead(on);
  }

  /**
   * Whether rows of {@code schema.table} at {@code at} are decoded with a definition taken on trust: the server's
   * at a snapshot ahead of the reader, before which the table may have changed. Their table-map event must then
   * describe the same columns ({@link TableMapCheck}).
   */
  public boolean provisional(String schema, String table, BinlogPosition at) {
    return provisional.provisional(schema, table, at);
  }

  /** The error for rows at {@code at} that a provisional definition does not decode; the history stops with it. */
  public BinlogException provisionalMismatch(String schema, String table, BinlogPosition at, String why) {
    String message = provisionalRefusal(schema, table, at, why);
    synchronized (lock) {
      return failure.fail(BinlogException.Reason.SCHEMA_MISMATCH, message);
    }
  }

  /**
   * Why rows of {@code schema.table} at {@code at} are not decoded with its provisional definition ({@code why}: the
   * difference), naming the change; the history goes on (every later rows event is checked again).
   */
  public String provisionalRefusal(String schema, String table, BinlogPosition at, String why) {
    return provisional.refusal(schema, table, at, why);
  }

  /**
   * Why rows of {@code schema.table} cannot be decoded at all (its definition at the reader's position is unknown),
   * or null; unlike {@link #find} it does not stop the history, so a reader may hand the rows on as undecodable.
   */
  public String unknownRefusal(String schema, String table) {
    if (!definitions.hasUnknown() || failure.failed()) {
      return null;
    }
    synchronized (lock) {
      String reason = definitions.unknownReason(schema, table);
      return reason == null ? null : definitions.unknownMessage(schema, table, reason);
    }
  }

  /** The fatal error this history stopped with, if any; it is thrown again by every later call. */
  public Optional<BinlogException> failure() {
    return failure.get();
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
    return definitions.memory().snapshot();
  }

  @Override
  public TableMeta find(String schema, String table) {
    failure.check();
    TableMeta meta = definitions.find(schema, table);
    if (meta != null && !definitions.hasUnknown()) {
      return meta;
    }
    synchronized (lock) {
      String reason = definitions.unknownReason(schema, table);
      if (reason != null) {
        throw failure.fail(BinlogException.Reason.SCHEMA_MISMATCH,
            definitions.unknownMessage(schema, table, reason));
      }
      meta = definitions.find(schema, table);
      if (meta != null) {
        return meta;
      }
      log.requireLoaded();
      TableName name = new TableName(schema, table);
      proven.recover(definitions.current(), !definitions.currentIsDdl(),
          "rows of " + name + " with no definition in the history", List.of(name), null);
      return definitions.find(schema, table);
    }
  }

  @Override
  public boolean apply(EntryPosition entryPosition, String schema, String ddl, String extra) {
    failure.check();
    if ("first".equals(extra)) {
      throw new IllegalStateException("schema history " + key + " never lets Canal read a live definition itself");
    }
    BinlogPosition at = position(entryPosition);
    synchronized (lock) {
      this.ddl.apply(entryPosition, at, schema, ddl);
      return true;
    }
  }

  @Override
  public boolean rollback(EntryPosition entryPosition) {
    failure.check();
    BinlogPosition at = position(entryPosition);
    synchronized (lock) {
      Snapshot base = log.rewind(at, proven::mayTakeAhead, () -> proven.firstSnapshot(at));
      definitions.rebuild(base, log.records());
      provisional.hold(base, log.records(), at);
      definitions.moveTo(at, false);
      return true;
    }
  }

  /**
   * Whether the query event {@code info} ({@code SHOW BINLOG EVENTS}: "use `db`; statement") may change
   * {@code schema.table} under the proof rule ({@link ProofRule#mayChange}).
   */
  public static boolean mayChange(String info, String schema, String table) {
    return ProofRule.mayChange(info, new TableName(schema, table));
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

  private BinlogPosition position(EntryPosition p) {
    if (p == null || p.getJournalName() == null || p.getJournalName().isEmpty() || p.getPosition() == null) {
      throw failure.fail(BinlogException.Reason.CONFIGURATION, "schema history " + key + " needs a binlog file and "
          + "offset, got " + p);
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
}
