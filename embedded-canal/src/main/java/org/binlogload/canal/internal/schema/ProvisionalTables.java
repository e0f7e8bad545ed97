package org.binlogload.canal.internal.schema;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.internal.schema.HistoryRecord.Ddl;
import org.binlogload.canal.internal.schema.HistoryRecord.Define;
import org.binlogload.canal.internal.schema.HistoryRecord.Snapshot;
import org.binlogload.canal.internal.schema.HistoryRecord.TableDefinition;
import org.binlogload.canal.internal.schema.HistoryRecord.TableName;
import org.binlogload.canal.internal.schema.LiveServer.QueryEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tables whose definitions were taken on trust from a snapshot ahead of the reader: provisional until the reader
 * reaches that snapshot, their rows checked against each table-map event, and refused naming the change they missed.
 */
final class ProvisionalTables {
  private static final Logger LOG = LoggerFactory.getLogger(ProvisionalTables.class);

  private final String key;
  private final ProvenDefinitions proven;
  private final TrackedDefinitions definitions;
  /** While reading before this position, the provisional tables' definitions are the server's at it, not proven. */
  private volatile BinlogPosition aheadUntil;
  private final Map<String, TableName> provisional = new ConcurrentHashMap<>();
  /** Per table, the change {@link #changeAfter} found last and where its scan began. */
  private final Map<TableName, Change> changes = new ConcurrentHashMap<>();

  private record Change(BinlogPosition from, QueryEvent event) {}

  /** The provisional tables of the history kept under {@code key}. */
  ProvisionalTables(String key, ProvenDefinitions proven, TrackedDefinitions definitions) {
    this.key = key;
    this.proven = proven;
    this.definitions = definitions;
  }

  /** Whether rows of {@code schema.table} at {@code at} are decoded with a definition taken on trust. */
  boolean provisional(String schema, String table, BinlogPosition at) {
    BinlogPosition until = aheadUntil;
    return until != null && at.compareTo(until) < 0 && provisional.containsKey(TableChanges.key(schema, table));
  }

  /** Why rows of {@code schema.table} at {@code at} are not decoded with its provisional definition ({@code why}). */
  String refusal(String schema, String table, BinlogPosition at, String why) {
    TableName t = new TableName(schema, table);
    BinlogPosition until = aheadUntil;
    QueryEvent change = changeAfter(t, at, until);
    return "rows of " + t + " at " + at + " were written with another definition than the one the reader holds ("
        + why + "): the reader took the table definitions from the server at " + until + ", ahead of its start"
        + " position, and the table changed before that, by " + (change == null ? "a DDL between them"
        : "the statement at " + change.position() + ": " + ProofRule.abbreviate(change.info()))
        + "; start the job again from a position after that change and reload the table";
  }

  /**
   * The first statement after {@code at} and before {@code until} that may change {@code t}, or null; the last one
   * found is reused for rows before it (no change of {@code t} lies between them), so that the rows of a table
   * skipped until its change do not scan the binlog each.
   */
  private QueryEvent changeAfter(TableName t, BinlogPosition at, BinlogPosition until) {
    Change known = changes.get(t);
    if (known != null && known.from().compareTo(at) <= 0 && at.compareTo(known.event().position()) < 0) {
      return known.event();
    }
    try {
      QueryEvent found = ProofRule.firstChange(proven.server(), t, at, until);
      if (found != null) {
        changes.put(t, new Change(at, found));
      }
      return found;
    } catch (IOException | RuntimeException e) {
      LOG.debug("schema history {}: cannot name the change of {}: {}", key, t, e.toString());
      return null;
    }
  }

  /**
   * With {@code base} ahead of {@code at}, its known tables are provisional until it, but for those the records after
   * it in {@code records} define.
   */
  void hold(Snapshot base, List<HistoryRecord> records, BinlogPosition at) {
    provisional.clear();
    if (base.position().compareTo(at) <= 0) {
      aheadUntil = null;
      return;
    }
    for (TableDefinition t : base.tables()) {
      if (t.known()) {
        provisional.put(TableChanges.key(t.name()), t.name());
      }
    }
    boolean after = false;
    for (HistoryRecord r : records) {
      after |= r == base;
      if (after && r instanceof Ddl d) {
        try {
          TableChanges c = TableChanges.of(d.sql(), d.defaultSchema());
          c.created().forEach(t -> provisional.remove(TableChanges.key(t)));
          c.dropped().forEach(t -> provisional.remove(TableChanges.key(t)));
        } catch (RuntimeException e) {
          // recorded DDL parsed when it was applied
        }
      } else if (after && r instanceof Define d) {
        provisional.remove(TableChanges.key(d.name()));
      }
    }
    aheadUntil = base.position();
  }

  /**
   * Whether the DDL at {@code at} ({@code changes}: its effects, null when druid cannot parse it), read before a
   * snapshot ahead of the reader, changes provisional tables whose definitions already hold it: then it is not applied
   * again (their rows are checked against each table-map event). A plain CREATE or DROP of them is applied: from
   * there on the binlog defines them.
   */
  boolean heldAhead(BinlogPosition at, String schema, String ddl, TableChanges changes) {
    BinlogPosition until = aheadUntil;
    if (until == null || at.compareTo(until) >= 0 || provisional.isEmpty()) {
      return false;
    }
    List<TableName> named = changes == null ? List.of() : changes.named();
    List<TableName> touched = new ArrayList<>();
    if (named.isEmpty()) { // not parsed, or an index statement: any mention counts
      String info = schema == null ? ddl : "use " + LiveServer.quote(schema) + "; " + ddl;
      for (TableName t : provisional.values()) {
        if (ProofRule.mayChange(info, t)) {
          touched.add(t);
        }
      }
    } else {
      named.stream().filter(t -> provisional.containsKey(TableChanges.key(t))).forEach(touched::add);
    }
    if (touched.isEmpty()) {
      return false;
    }
    boolean definesThem = changes != null && changes.renamed().isEmpty() && changes.altered().isEmpty();
    boolean othersTracked = named.stream().anyMatch(t -> !provisional.containsKey(TableChanges.key(t))
        && definitions.defined(t));
    if (definesThem || othersTracked) {
      // a plain CREATE or DROP, or a statement that also changes tables the binlog already defines: applied, and
      // from here on the binlog defines the provisional tables it names
      touched.forEach(t -> provisional.remove(TableChanges.key(t)));
      return false;
    }
    LOG.info("schema history {}: the DDL at {} on {} is already in their definitions, read at {}: {}", key, at,
        touched, until, ProofRule.abbreviate(ddl));
    return true;
  }
}
