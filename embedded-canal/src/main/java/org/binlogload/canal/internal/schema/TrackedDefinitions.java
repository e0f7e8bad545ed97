package org.binlogload.canal.internal.schema;

import com.alibaba.otter.canal.parse.inbound.TableMeta;
import com.alibaba.otter.canal.parse.inbound.mysql.tsdb.MemoryTableMeta;
import com.alibaba.otter.canal.protocol.position.EntryPosition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.internal.schema.HistoryRecord.Ddl;
import org.binlogload.canal.internal.schema.HistoryRecord.Define;
import org.binlogload.canal.internal.schema.HistoryRecord.Snapshot;
import org.binlogload.canal.internal.schema.HistoryRecord.TableDefinition;
import org.binlogload.canal.internal.schema.HistoryRecord.TableName;

/**
 * The tracked tables' definitions at the reader's position: Canal's in-memory schema, built from the history's
 * records, and the tables whose definition there is unknown, with the reason.
 */
final class TrackedDefinitions {
  private final String key;
  private final Predicate<TableName> included;
  private volatile MemoryTableMeta memory = new MemoryTableMeta();
  private final Map<String, String> unknown = new LinkedHashMap<>();
  private volatile boolean hasUnknown;
  private BinlogPosition current;
  private boolean currentIsDdl;

  /** The definitions of the history kept under {@code key}, tracking the tables {@code included} accepts. */
  TrackedDefinitions(String key, Predicate<TableName> included) {
    this.key = key;
    this.included = included;
  }

  /** Canal's in-memory schema, which DDL statements are applied to. */
  MemoryTableMeta memory() {
    return memory;
  }

  /**
   * The definition of {@code schema.table}, or null; its {@link TableMeta#getDdl()} is its CREATE TABLE text (the row
   * decoder takes the columns' charsets from it where the table map names none).
   */
  TableMeta find(String schema, String table) {
    MemoryTableMeta m = memory;
    TableMeta meta = m.find(schema, table);
    if (meta != null && meta.getDdl() == null) {
      synchronized (m) { // as Canal's own apply and find lock it
        com.alibaba.druid.sql.repository.Schema s = m.getRepository().findSchema(schema);
        com.alibaba.druid.sql.repository.SchemaObject o = s == null ? null : s.findTable(table);
        if (o != null && o.getStatement() != null) {
          meta.setDdl(o.getStatement().toString());
        }
      }
    }
    return meta;
  }

  /** Whether the definition of {@code t} is held. */
  boolean defined(TableName t) {
    return memory.find(t.schema(), t.table()) != null;
  }

  /** Whether the reader tracks {@code t}: its filters accept it or its definition is held. */
  boolean tracked(TableName t) {
    return included(t) || defined(t);
  }

  /** Whether the reader's filters accept {@code t}. */
  boolean included(TableName t) {
    return included.test(t);
  }

  /** Whether some table's definition is unknown. */
  boolean hasUnknown() {
    return hasUnknown;
  }

  /** Whether the definition of {@code t} is unknown. */
  boolean isUnknown(TableName t) {
    return unknown.containsKey(TableChanges.key(t));
  }

  /** Why the definition of {@code schema.table} is unknown, or null when it is not. */
  String unknownReason(String schema, String table) {
    return unknown.get(TableChanges.key(schema, table));
  }

  /** The error for rows of {@code schema.table}, whose definition is unknown for {@code reason}. */
  String unknownMessage(String schema, String table, String reason) {
    return "the definition of " + new TableName(schema, table) + " at " + current + " is unknown (" + reason
        + "), so its rows cannot be decoded safely; start the job again from a position after that change and reload"
        + " the table";
  }

  /** Where the reader is: at {@code at}, after the DDL there when {@code afterDdl}. */
  void moveTo(BinlogPosition at, boolean afterDdl) {
    current = at;
    currentIsDdl = afterDdl;
  }

  /** The reader's position. */
  BinlogPosition current() {
    return current;
  }

  /** Whether the reader is past the DDL at {@link #current}. */
  boolean currentIsDdl() {
    return currentIsDdl;
  }

  /** Follows the table-level effects of a DDL just applied to {@link #memory} on the set of unknown tables. */
  void follow(TableChanges changes) {
    changes.updateUnknown(unknown);
    hasUnknown = !unknown.isEmpty();
  }

  /** Takes {@code d}'s definition of its table; {@link #settle} ends a run of them. */
  void define(Define d) {
    redefine(memory, d);
  }

  /** Makes the definitions taken since the last call visible to lookups that skip the unknown tables. */
  void settle() {
    hasUnknown = !unknown.isEmpty();
  }

  /** Rebuilds the definitions from {@code base} and the records after it in {@code records}. */
  void rebuild(Snapshot base, List<HistoryRecord> records) {
    MemoryTableMeta m = new MemoryTableMeta();
    unknown.clear();
    EntryPosition ep = entry(base.position());
    for (TableDefinition t : base.tables()) {
      if (t.known()) {
        m.apply(ep, t.name().schema(), t.createSql(), null);
      } else {
        unknown.put(TableChanges.key(t.name()), t.unknownReason());
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
          TableChanges.of(d.sql(), d.defaultSchema()).updateUnknown(unknown);
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
    unknown.remove(TableChanges.key(d.name()));
  }

  private static EntryPosition entry(BinlogPosition p) {
    return new EntryPosition(p.file(), p.offset(), p.timestampMillis(), p.serverId());
  }
}
