package org.binlogload.canal.internal;

import com.alibaba.otter.canal.protocol.CanalEntry.Column;
import com.alibaba.otter.canal.protocol.CanalEntry.EventType;
import com.alibaba.otter.canal.protocol.CanalEntry.Header;
import com.alibaba.otter.canal.protocol.CanalEntry.RowData;
import com.alibaba.otter.canal.protocol.CanalEntry;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.binlogload.canal.BinlogException;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.ChangeEvent;
import org.binlogload.canal.ColumnInfo;
import org.binlogload.canal.DdlEvent;
import org.binlogload.canal.RowChange;
import org.binlogload.canal.StatementEvent;
import org.binlogload.canal.TransactionEnd;

/**
 * Turns Canal entries into our events: typed row values, DDL and transaction ends, each with its position. Column
 * lists and codecs are built once per table shape and shared by every row of that shape. Not thread-safe.
 */
final class EntryConverter {
  private final Map<String, ColumnCodec> codecs = new HashMap<>();
  private final Map<String, TableShape> shapes = new HashMap<>();

  /** Columns and codecs of one table as Canal last described it. */
  private static final class TableShape {
    final String[] names;
    final String[] types;
    final boolean[] keys;
    final ColumnCodec[] codecs;
    final List<ColumnInfo> columns;

    TableShape(String[] names, String[] types, boolean[] keys, ColumnCodec[] codecs, List<ColumnInfo> columns) {
      this.names = names;
      this.types = types;
      this.keys = keys;
      this.codecs = codecs;
      this.columns = columns;
    }

    boolean matches(List<Column> cols) {
      if (cols.size() != names.length) {
        return false;
      }
      for (int i = 0; i < names.length; i++) {
        Column c = cols.get(i);
        if (c.getIsKey() != keys[i] || !c.getName().equals(names[i]) || !c.getMysqlType().equals(types[i])) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * Appends the events of {@code entry} that come after {@code floor} (null for none) to {@code out}.
   *
   * @return the number of events appended
   */
  int convert(CanalEntry.Entry entry, BinlogPosition floor, List<ChangeEvent> out) {
    Header h = entry.getHeader();
    switch (entry.getEntryType()) {
      case TRANSACTIONEND: {
        BinlogPosition p = position(h, -1);
        if (floor != null && p.compareTo(floor) <= 0) {
          return 0;
        }
        Long xid = null;
        try {
          String id = CanalEntry.TransactionEnd.parseFrom(entry.getStoreValue()).getTransactionId();
          if (id != null && !id.isEmpty()) {
            xid = Long.parseLong(id);
          }
        } catch (InvalidProtocolBufferException | NumberFormatException e) {
          throw new BinlogException(BinlogException.Reason.INTERNAL, true,
              "cannot read the transaction end at " + p + ": " + e.getMessage(), e);
        }
        out.add(TransactionEnd.of(xid, p));
        return 1;
      }
      case ROWDATA:
        return rows(entry, h, floor, out);
      default:
        return 0; // transaction begin (MySQL only), GTID, heartbeat: nothing for the consumer
    }
  }

  private int rows(CanalEntry.Entry entry, Header h, BinlogPosition floor, List<ChangeEvent> out) {
    CanalEntry.RowChange rc;
    try {
      rc = CanalEntry.RowChange.parseFrom(entry.getStoreValue());
    } catch (InvalidProtocolBufferException e) {
      throw new BinlogException(BinlogException.Reason.INTERNAL, true,
          "cannot read the row change at " + position(h, -1) + ": " + e.getMessage(), e);
    }
    EventType type = h.getEventType();
    if (rc.getIsDdl()) {
      BinlogPosition p = position(h, -1);
      if (floor != null && p.compareTo(floor) <= 0) {
        return 0;
      }
      String schema = emptyToNull(h.getSchemaName());
      if (schema == null) {
        schema = emptyToNull(rc.getDdlSchemaName());
      }
      out.add(DdlEvent.of(schema, emptyToNull(h.getTableName()), rc.getSql(), p));
      return 1;
    }
    if (type != EventType.INSERT && type != EventType.UPDATE && type != EventType.DELETE) {
      return 0; // a query that is neither DDL nor DML (an annotation of row events, DCL): nothing to apply
    }
    String schema = h.getSchemaName();
    String table = h.getTableName();
    int n = 0;
    List<RowData> rows = rc.getRowDatasList();
    if (rows.isEmpty()) {
      if (rc.getSql().isEmpty()) {
        return 0;
      }
      BinlogPosition p = position(h, -1); // DML logged as a statement (binlog_format STATEMENT or MIXED)
      if (floor != null && p.compareTo(floor) <= 0) {
        return 0;
      }
      out.add(StatementEvent.of(emptyToNull(schema), emptyToNull(table), rc.getSql(), p));
      return 1;
    }
    RowData firstRow = rows.get(0);
    // One shape per rows event: every row of it has the same columns.
    TableShape shape = shape(schema, table,
        type == EventType.DELETE ? firstRow.getBeforeColumnsList() : firstRow.getAfterColumnsList());
    for (int r = 0; r < rows.size(); r++) {
      BinlogPosition p = position(h, r);
      if (floor != null && p.compareTo(floor) <= 0) {
        continue;
      }
      RowData row = rows.get(r);
      switch (type) {
        case INSERT:
          out.add(RowChange.insert(schema, table, shape.columns, values(shape, row.getAfterColumnsList(), p), p));
          break;
        case UPDATE:
          out.add(RowChange.update(schema, table, shape.columns, values(shape, row.getBeforeColumnsList(), p),
              values(shape, row.getAfterColumnsList(), p), p));
          break;
        default:
          out.add(RowChange.delete(schema, table, shape.columns, values(shape, row.getBeforeColumnsList(), p), p));
          break;
      }
      n++;
    }
    return n;
  }

  private TableShape shape(String schema, String table, List<Column> cols) {
    String key = schema + '.' + table;
    TableShape s = shapes.get(key);
    if (s != null && s.matches(cols)) {
      return s;
    }
    int n = cols.size();
    String[] names = new String[n];
    String[] types = new String[n];
    boolean[] keys = new boolean[n];
    ColumnCodec[] cs = new ColumnCodec[n];
    ColumnInfo[] infos = new ColumnInfo[n];
    for (int i = 0; i < n; i++) {
      Column c = cols.get(i);
      names[i] = c.getName();
      types[i] = c.getMysqlType();
      keys[i] = c.getIsKey();
      cs[i] = codecs.computeIfAbsent(types[i], ColumnCodec::forType);
      infos[i] = ColumnInfo.of(names[i], keys[i]);
    }
    s = new TableShape(names, types, keys, cs, Collections.unmodifiableList(Arrays.asList(infos)));
    shapes.put(key, s);
    return s;
  }

  private static List<Object> values(TableShape shape, List<Column> cols, BinlogPosition p) {
    if (cols.size() != shape.codecs.length) {
      throw new BinlogException(BinlogException.Reason.SCHEMA_MISMATCH, true, "row at " + p + " has " + cols.size()
          + " columns where the table has " + shape.codecs.length + "; binlog_row_image must be FULL");
    }
    Object[] v = new Object[cols.size()];
    for (int i = 0; i < v.length; i++) {
      Column c = cols.get(i);
      if (c.getIsNull()) {
        continue;
      }
      try {
        v[i] = shape.codecs[i].decode(c.getValue(), c.getSqlType());
      } catch (RuntimeException e) {
        throw new BinlogException(BinlogException.Reason.SCHEMA_MISMATCH, true, "cannot decode column "
            + shape.names[i] + " (" + shape.types[i] + ") at " + p + ": " + e.getMessage(), e);
      }
    }
    return Collections.unmodifiableList(Arrays.asList(v));
  }

  static BinlogPosition position(Header h, int rowIndex) {
    return BinlogPosition.of(h.getLogfileName(), h.getLogfileOffset(), rowIndex, h.getGtid(), h.getExecuteTime(),
        h.getServerId());
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** Whether {@code entry} ends a transaction or is a DDL: a place the parser can restart from. */
  static boolean isBoundary(CanalEntry.Entry entry) {
    if (entry.getEntryType() == CanalEntry.EntryType.TRANSACTIONEND) {
      return true;
    }
    if (entry.getEntryType() != CanalEntry.EntryType.ROWDATA) {
      return false;
    }
    switch (entry.getHeader().getEventType()) {
      case CREATE: case ALTER: case ERASE: case RENAME: case TRUNCATE: case CINDEX: case DINDEX:
        return true;
      default:
        return false;
    }
  }

}
