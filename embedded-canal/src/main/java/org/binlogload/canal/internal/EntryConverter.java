package org.binlogload.canal.internal;

import com.alibaba.otter.canal.protocol.CanalEntry.EventType;
import com.alibaba.otter.canal.protocol.CanalEntry.Header;
import com.alibaba.otter.canal.protocol.CanalEntry;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.binlogload.canal.BinlogException;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.ChangeEvent;
import org.binlogload.canal.DdlEvent;
import org.binlogload.canal.RowChange;
import org.binlogload.canal.StatementEvent;
import org.binlogload.canal.TransactionEnd;
import org.binlogload.canal.UndecodableRows;

/**
 * Turns Canal entries into our events: rows (decoded on the parser thread by {@link RowDecoder}), DDL, DML statements
 * and transaction ends, each with its position.
 */
final class EntryConverter {
  /**
   * Appends the events of {@code entry}, whose decoded rows are {@code decoded} (null for none), that come after
   * {@code floor} (null for none) to {@code out}.
   *
   * @return the number of events appended
   */
  int convert(CanalEntry.Entry entry, RowDecoder.Rows decoded, BinlogPosition floor, List<ChangeEvent> out) {
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
        return rows(entry, decoded, h, floor, out);
      default:
        return 0; // transaction begin (MySQL only), GTID, heartbeat: nothing for the consumer
    }
  }

  private int rows(CanalEntry.Entry entry, RowDecoder.Rows decoded, Header h, BinlogPosition floor,
      List<ChangeEvent> out) {
    if (decoded != null) {
      return rows(decoded, h, floor, out);
    }
    if (entry.getStoreValue().isEmpty()) {
      throw new BinlogException(BinlogException.Reason.INTERNAL, true, "rows at " + position(h, -1)
          + " reached the reader without their decoded values");
    }
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
    if (!rc.getRowDatasList().isEmpty()) {
      throw new BinlogException(BinlogException.Reason.INTERNAL, true, "rows at " + position(h, -1)
          + " reached the reader without their decoded values");
    }
    if (rc.getSql().isEmpty()) {
      return 0;
    }
    BinlogPosition p = position(h, -1); // DML logged as a statement (binlog_format STATEMENT or MIXED)
    if (floor != null && p.compareTo(floor) <= 0) {
      return 0;
    }
    out.add(StatementEvent.of(emptyToNull(h.getSchemaName()), emptyToNull(h.getTableName()), rc.getSql(), p));
    return 1;
  }

  /** Appends one {@link RowChange} per decoded row after {@code floor}; the values are shared, never copied. */
  private static int rows(RowDecoder.Rows rows, Header h, BinlogPosition floor, List<ChangeEvent> out) {
    if (rows.undecodable() != null) {
      BinlogPosition p = position(h, -1);
      if (floor != null && p.compareTo(floor) <= 0) {
        return 0;
      }
      out.add(UndecodableRows.of(rows.schema(), rows.table(), rows.undecodable(), p));
      return 1;
    }
    List<Object[]> images = rows.images();
    boolean update = rows.kind() == RowChange.Kind.UPDATE;
    int count = update ? images.size() / 2 : images.size();
    int n = 0;
    BinlogPosition first = position(h, 0); // the event's fields read once, each row's position derived from it
    for (int r = 0; r < count; r++) {
      BinlogPosition p = r == 0 ? first : first.withRowIndex(r);
      if (floor != null && p.compareTo(floor) <= 0) {
        continue;
      }
      switch (rows.kind()) {
        case INSERT:
          out.add(RowChange.insert(rows.schema(), rows.table(), rows.columns(), values(images.get(r)), p));
          break;
        case UPDATE:
          out.add(RowChange.update(rows.schema(), rows.table(), rows.columns(), values(images.get(2 * r)),
              values(images.get(2 * r + 1)), p));
          break;
        default:
          out.add(RowChange.delete(rows.schema(), rows.table(), rows.columns(), values(images.get(r)), p));
          break;
      }
      n++;
    }
    return n;
  }

  private static List<Object> values(Object[] v) {
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
