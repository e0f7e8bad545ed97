package org.binlogload.canal.internal.schema;

import com.alibaba.otter.canal.parse.inbound.mysql.MysqlConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.binlogload.canal.BinlogException;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.internal.schema.HistoryRecord.Define;
import org.binlogload.canal.internal.schema.HistoryRecord.Snapshot;
import org.binlogload.canal.internal.schema.HistoryRecord.TableDefinition;
import org.binlogload.canal.internal.schema.HistoryRecord.TableName;
import org.binlogload.canal.internal.schema.LiveServer.QueryEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Table definitions read from the live server and proven by the proof rule ({@link ProofRule}): the first snapshot,
 * at the start position or ahead of it at the binlog end, and the recovery of tables the history cannot follow.
 */
final class ProvenDefinitions {
  private static final Logger LOG = LoggerFactory.getLogger(ProvenDefinitions.class);

  private final String key;
  private final HistoryLog log;
  private final TrackedDefinitions definitions;
  private final StickyFailure failure;
  private volatile MysqlConnection connection;
  private volatile boolean snapshotsAhead = true;

  /** Reads for the history kept under {@code key}, recording into {@code log} and {@code definitions}. */
  ProvenDefinitions(String key, HistoryLog log, TrackedDefinitions definitions, StickyFailure failure) {
    this.key = key;
    this.log = log;
    this.definitions = definitions;
    this.failure = failure;
  }

  /** Reads through {@code connection}, Canal's meta connection. */
  void setConnection(MysqlConnection connection) {
    this.connection = connection;
  }

  /** Whether a first snapshot may be taken at the binlog end when the server logs column metadata (on by default). */
  void setSnapshotsAhead(boolean on) {
    this.snapshotsAhead = on;
  }

  /** The live server, through the connection Canal handed over. */
  LiveServer server() {
    MysqlConnection c = connection;
    if (c == null) {
      throw new IllegalStateException("schema history " + key + " has no connection to read table definitions");
    }
    return new LiveServer(c);
  }

  /** Whether a first snapshot may be taken at the binlog end: allowed and the server logs column metadata. */
  boolean mayTakeAhead() {
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

  /** The first snapshot for a reader starting at {@code at}: at the binlog end when it may, else at {@code at}. */
  Snapshot firstSnapshot(BinlogPosition at) {
    BinlogPosition end = mayTakeAhead() ? binlogEnd() : null;
    BinlogPosition snapAt = end != null && end.compareTo(at) > 0 ? end : at;
    Snapshot base = takeSnapshot(snapAt);
    LOG.info("schema history {}: snapshot of {} tables at {}{}", key, base.tables().size(), snapAt,
        snapAt == at ? "" : " (the binlog end; the reader starts at " + at + " and checks each table-map event"
            + " against these definitions until there)");
    return base;
  }

  private BinlogPosition binlogEnd() {
    try {
      return server().binlogEnd();
    } catch (IOException e) {
      throw new UncheckedIOException("schema history " + key + ": cannot read the binlog end: " + e.getMessage(), e);
    }
  }

  private Snapshot takeSnapshot(BinlogPosition at) {
    LiveServer server = server();
    List<TableDefinition> defs = new ArrayList<>();
    try {
      List<TableName> tables = server.baseTables(definitions::included);
      Map<TableName, String> sql = new LinkedHashMap<>();
      for (TableName t : tables) {
        server.showCreateTable(t).ifPresent(s -> sql.put(t, s));
      }
      Map<TableName, QueryEvent> conflicts = ProofRule.laterChanges(server, at, true, List.copyOf(sql.keySet()));
      for (Map.Entry<TableName, String> e : sql.entrySet()) {
        QueryEvent c = conflicts.get(e.getKey());
        if (c != null) {
          defs.add(new TableDefinition(e.getKey(), null, "the statement at " + c.position()
              + " changed it after the start position " + at + ": " + ProofRule.abbreviate(c.info())));
        } else if (!TableChanges.parses(e.getValue())) {
          defs.add(new TableDefinition(e.getKey(), null, "druid cannot parse its definition: "
              + ProofRule.abbreviate(e.getValue())));
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

  /**
   * Reads the live definitions of {@code tables} and records them as their state at {@code at}, but only when no
   * statement after {@code at} (from {@code at} itself when {@code inclusive}) in the binlog can have changed them.
   */
  void recover(BinlogPosition at, boolean inclusive, String what, List<TableName> tables, String cause) {
    recover(at, inclusive, what, tables, cause, true);
  }

  /** As {@link #recover}; when not {@code strict}, returns false instead of stopping when the rule does not hold. */
  boolean recover(BinlogPosition at, boolean inclusive, String what, List<TableName> tables, String cause,
      boolean strict) {
    LiveServer server = server();
    Map<TableName, Optional<String>> live = new LinkedHashMap<>();
    Map<TableName, QueryEvent> conflicts;
    try {
      for (TableName t : tables) {
        live.put(t, server.showCreateTable(t));
      }
      conflicts = ProofRule.laterChanges(server, at, inclusive, tables);
    } catch (IOException e) {
      throw new UncheckedIOException("schema history " + key + ": cannot read table definitions from the server: "
          + e.getMessage(), e);
    }
    String fix = "start the job again from a position after the last change of the table and reload it";
    if (!strict) {
      for (TableName t : tables) {
        String sql = live.get(t).orElse(null);
        if (conflicts.containsKey(t) || sql == null || !TableChanges.parses(sql)) {
          return false;
        }
      }
    }
    if (!conflicts.isEmpty()) {
      Map.Entry<TableName, QueryEvent> c = conflicts.entrySet().iterator().next();
      throw failure.fail(cause == null ? BinlogException.Reason.SCHEMA_MISMATCH
              : BinlogException.Reason.UNPARSABLE_DDL,
          "cannot track " + c.getKey() + " at " + at + " for " + what + ": the server's current definition is not the"
              + " one at that position, because the statement at " + c.getValue().position() + " changed it later: "
              + ProofRule.abbreviate(c.getValue().info()) + "; " + fix);
    }
    for (TableName t : tables) {
      String sql = live.get(t).orElse(null);
      if (sql == null && cause == null) {
        throw failure.fail(BinlogException.Reason.SCHEMA_MISMATCH, "cannot track " + t + " at " + at + " for "
            + what + ": it is not in the schema history and no longer exists on the server; " + fix);
      }
      if (sql != null && !TableChanges.parses(sql)) {
        throw failure.fail(cause == null ? BinlogException.Reason.SCHEMA_MISMATCH
                : BinlogException.Reason.UNPARSABLE_DDL,
            "cannot track " + t + " at " + at + " for " + what + ": druid cannot parse its definition either: "
                + ProofRule.abbreviate(sql) + "; " + fix);
      }
      Define d = new Define(at, t, sql, cause == null ? what : cause);
      log.add(d);
      definitions.define(d);
    }
    definitions.settle();
    log.persist();
    LOG.info("schema history {}: took the server's definitions of {} as their state at {}", key, tables, at);
    return true;
  }
}
