package org.binlogload.canal.internal;

import com.alibaba.otter.canal.parse.inbound.TableMeta;
import com.alibaba.otter.canal.protocol.CanalEntry;
import com.google.common.collect.MapMaker;
import com.taobao.tddl.dbsync.binlog.LogEvent;
import com.taobao.tddl.dbsync.binlog.event.LogHeader;
import com.taobao.tddl.dbsync.binlog.event.RowsLogBuffer;
import com.taobao.tddl.dbsync.binlog.event.RowsLogEvent;
import com.taobao.tddl.dbsync.binlog.event.TableMapLogEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.binlogload.canal.BinlogException;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.ColumnInfo;
import org.binlogload.canal.RowChange;

/**
 * Decodes a rows event straight into typed, positional values on Canal's parser thread (no protobuf, no text in
 * between), with the column definitions of the table-meta history; the entry Canal carries through its sink and ring
 * is only the header, and the consumer finds the rows by that entry. Safe for Canal's parallel parsing.
 */
public final class RowDecoder {
  /** The rows of one rows event: one shape, and for each row its values (before then after for an update). */
  record Rows(RowChange.Kind kind, String schema, String table, List<ColumnInfo> columns, List<Object[]> images,
      String undecodable) {}

  /**
   * Columns and value types of one table definition, shared by every row of that definition; the names, types and key
   * flags are copied (a history may change its column objects in place).
   */
  private record Shape(String[] names, String[] mysqlTypes, boolean[] keys, ColumnType[] types,
      List<ColumnInfo> columns, String ddl, String[] charsets) {
    boolean matches(List<TableMeta.FieldMeta> fields, String definition) {
      if (fields.size() != names.length || !java.util.Objects.equals(ddl, definition)) {
        return false;
      }
      for (int i = 0; i < names.length; i++) {
        TableMeta.FieldMeta f = fields.get(i);
        if (f.isKey() != keys[i] || !f.getColumnName().equals(names[i]) || !f.getColumnType().equals(mysqlTypes[i])) {
          return false;
        }
      }
      return true;
    }
  }

  /** Whether rows are read from the binlog layout by {@link RowReader} where it knows every column's type. */
  private static volatile boolean direct = true;

  private final Map<String, Shape> shapes = new ConcurrentHashMap<>();

  /** Reads every row with Canal's row reader when false (tests compare both readers); true by default. */
  public static void directReading(boolean on) {
    direct = on;
  }

  /**
   * Decoded rows by the entry that carries them, from decoding until the sink moves them into the ring's event;
   * compared by identity (a protobuf message hashes every field by reflection). Weak keys only for entries that
   * never reach the sink (a transaction the parser drops on a reconnect): a weak map keeps a value through the
   * collection that clears its key, so the ring's events carry the rows instead ({@link RowsEvent}).
   */
  private final Map<CanalEntry.Entry, Rows> byEntry = new MapMaker().weakKeys().makeMap();

  /** Removes and returns the rows of {@code entry}, or null when it carries none (a DDL, a transaction end). */
  Rows take(CanalEntry.Entry entry) {
    return entry.getStoreValue().isEmpty() ? byEntry.remove(entry) : null;
  }

  /**
   * Decodes {@code event} of the table {@code meta} describes and returns the header-only entry that stands for it in
   * Canal's ring.
   */
  public CanalEntry.Entry decode(RowsLogEvent event, TableMeta meta) {
    LogHeader h = event.getHeader();
    RowChange.Kind kind = kind(h.getType());
    TableMapLogEvent map = event.getTable();
    Shape shape = shape(meta);
    int n = shape.types.length;
    BitSet columns = event.getColumns();
    if (map.getColumnCnt() != n || columns.cardinality() != n) {
      throw new BinlogException(BinlogException.Reason.SCHEMA_MISMATCH, true, "rows event at " + position(h) + " of "
          + meta.getFullName() + " has " + columns.cardinality() + " of " + map.getColumnCnt() + " columns where the"
          + " table has " + n + "; binlog_row_image must be FULL and the table definition current");
    }
    BitSet changed = event.getChangeColumns();
    if (kind == RowChange.Kind.UPDATE && changed.cardinality() != n) {
      throw new BinlogException(BinlogException.Reason.SCHEMA_MISMATCH, true, "update at " + position(h) + " of "
          + meta.getFullName() + " has " + changed.cardinality() + " after-image columns where the table has " + n
          + "; binlog_row_image must be FULL");
    }
    TableMapLogEvent.ColumnInfo[] info = map.getColumnInfo();
    String charsetUnknown = TableMapCharsets.unknown(map, textColumns(shape), shape.names);
    if (charsetUnknown != null) {
      return undecodable(event, charsetUnknown);
    }
    String refused = refusedCharset(shape, info, meta);
    if (refused != null) {
      return undecodable(event, refused);
    }
    ColumnType.Decoder[] text = textDecoders(shape, info, meta);
    List<Object[]> images;
    try {
      RowReader direct = RowDecoder.direct ? RowReader.of(event, info, shape.types, text) : null;
      images = direct != null ? readDirect(direct, kind, shape, h, meta)
          : readWithCanal(event, kind, columns, changed, shape, info, text, h, meta);
    } catch (TextDecoders.UndecodableText e) {
      return undecodable(event, e.getMessage());
    }
    CanalEntry.Entry entry = entry(h, kind, map);
    byEntry.put(entry, new Rows(kind, map.getDbName(), map.getTableName(), shape.columns, images, null));
    return entry;
  }

  /**
   * The header-only entry that stands in Canal's ring for {@code event}, whose rows cannot be decoded safely for
   * {@code reason}: the reader hands it on as an {@link org.binlogload.canal.UndecodableRows} instead of stopping.
   */
  public CanalEntry.Entry undecodable(RowsLogEvent event, String reason) {
    TableMapLogEvent map = event.getTable();
    CanalEntry.Entry entry = entry(event.getHeader(), kind(event.getHeader().getType()), map);
    byEntry.put(entry, new Rows(kind(event.getHeader().getType()), map.getDbName(), map.getTableName(), List.of(),
        List.of(), reason));
    return entry;
  }

  private static List<Object[]> readDirect(RowReader direct, RowChange.Kind kind, Shape shape, LogHeader h,
      TableMeta meta) {
    List<Object[]> images = new ArrayList<>();
    try {
      while (direct.next()) {
        images.add(direct.values());
        if (kind == RowChange.Kind.UPDATE) {
          if (!direct.next()) {
            throw new IllegalStateException("the last row has no after image");
          }
          images.add(direct.values());
        }
      }
    } catch (TextDecoders.UndecodableText e) {
      throw e;
    } catch (RuntimeException e) {
      throw new BinlogException(BinlogException.Reason.SCHEMA_MISMATCH, true, "cannot decode the rows of "
          + meta.getFullName() + " at " + position(h) + " with columns " + shape.columns + ": " + e, e);
    }
    return images;
  }

  private static List<Object[]> readWithCanal(RowsLogEvent event, RowChange.Kind kind, BitSet columns, BitSet changed,
      Shape shape, TableMapLogEvent.ColumnInfo[] info, ColumnType.Decoder[] text, LogHeader h, TableMeta meta) {
    List<Object[]> images = new ArrayList<>();
    RowsLogBuffer buffer = event.getRowsBuf(StandardCharsets.UTF_8);
    while (buffer.nextOneRow(columns, false)) {
      images.add(row(buffer, shape, info, text, h, meta));
      if (kind == RowChange.Kind.UPDATE) {
        if (!buffer.nextOneRow(changed, true)) {
          throw new BinlogException(BinlogException.Reason.SCHEMA_MISMATCH, true, "update at " + position(h)
              + " of " + meta.getFullName() + " ends without the after image of its last row");
        }
        images.add(row(buffer, shape, info, text, h, meta));
      }
    }
    return images;
  }

  /** The header-only entry of a rows event: its position, table, kind and length (the ring's size estimate). */
  private static CanalEntry.Entry entry(LogHeader h, RowChange.Kind kind, TableMapLogEvent map) {
    CanalEntry.Header.Builder header = CanalEntry.Header.newBuilder()
        .setVersion(1)
        .setLogfileName(h.getLogFileName())
        .setLogfileOffset(h.getLogPos() - h.getEventLen())
        .setServerId(h.getServerId())
        .setExecuteTime(h.getWhen() * 1000L)
        .setSourceType(CanalEntry.Type.MYSQL)
        .setEventType(kind == RowChange.Kind.INSERT ? CanalEntry.EventType.INSERT
            : kind == RowChange.Kind.UPDATE ? CanalEntry.EventType.UPDATE : CanalEntry.EventType.DELETE)
        .setSchemaName(map.getDbName())
        .setTableName(map.getTableName())
        .setEventLength(h.getEventLen());
    String gtid = h.getGtidSetStr();
    if (gtid != null && !gtid.isEmpty()) {
      header.setGtid(gtid);
    }
    return CanalEntry.Entry.newBuilder().setHeader(header).setEntryType(CanalEntry.EntryType.ROWDATA).build();
  }

  /** Which columns are decoded as text in their character set. */
  private static boolean[] textColumns(Shape shape) {
    boolean[] text = new boolean[shape.types.length];
    for (int i = 0; i < text.length; i++) {
      text[i] = shape.types[i].kind == ColumnType.Kind.STRING;
    }
    return text;
  }

  /**
   * Null when every text column's character set is decoded as the server reads it; else why the first one is not,
   * naming table, column and fix.
   */
  private static String refusedCharset(Shape shape, TableMapLogEvent.ColumnInfo[] info, TableMeta meta) {
    for (int i = 0; i < info.length; i++) {
      String named = definitionCharset(shape, info, i);
      String why = shape.types[i].kind != ColumnType.Kind.STRING ? null
          : named != null ? MysqlCharsets.refusal(named) : MysqlCharsets.refusal(info[i].charset);
      if (why != null) {
        return undecodable(shape, i, meta, why);
      }
    }
    return null;
  }

  /**
   * The character set the table definition names for column {@code i} where the table map names none
   * (binlog_row_metadata=NO_LOG), else null: the table map's collation is the column's.
   */
  private static String definitionCharset(Shape shape, TableMapLogEvent.ColumnInfo[] info, int i) {
    return info[i].charset <= 0 && shape.charsets != null ? shape.charsets[i] : null;
  }

  private static String undecodable(Shape shape, int i, TableMeta meta, String why) {
    return "column " + shape.names[i] + " of " + meta.getFullName() + " is not decoded: " + why + "; its rows are"
        + " handed on undecoded rather than decoded as UTF-8; convert the column to utf8mb4 (ALTER TABLE ... MODIFY"
        + " ... CHARACTER SET utf8mb4) to replicate it";
  }

  /**
   * For each text column in a character set other than UTF-8, its decoder (null elsewhere), whose failure names the
   * column; null for none.
   */
  private static ColumnType.Decoder[] textDecoders(Shape shape, TableMapLogEvent.ColumnInfo[] info, TableMeta meta) {
    ColumnType.Decoder[] out = null;
    for (int i = 0; i < info.length; i++) {
      String named = definitionCharset(shape, info, i);
      ColumnType.Decoder d = shape.types[i].kind != ColumnType.Kind.STRING ? null
          : named != null ? MysqlCharsets.decoder(named) : ColumnType.textDecoder(info[i].charset);
      if (d != null) {
        if (out == null) {
          out = new ColumnType.Decoder[info.length];
        }
        int column = i;
        out[i] = b -> {
          try {
            return d.text(b);
          } catch (TextDecoders.UndecodableText e) {
            throw new TextDecoders.UndecodableText(undecodable(shape, column, meta, e.getMessage()));
          }
        };
      }
    }
    return out;
  }

  private static Object[] row(RowsLogBuffer buffer, Shape shape, TableMapLogEvent.ColumnInfo[] info,
      ColumnType.Decoder[] text, LogHeader h, TableMeta meta) {
    ColumnType[] types = shape.types;
    Object[] v = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      ColumnType t = types[i];
      TableMapLogEvent.ColumnInfo c = info[i];
      try {
        ColumnType.Decoder d = text == null ? null : text[i];
        buffer.nextValue(null, i, c.type, c.meta, d != null || t.binary);
        if (!buffer.isNull()) {
          v[i] = d != null ? d.text((byte[]) buffer.getValue()) : t.typed(buffer.getValue(), buffer.getLength());
        }
      } catch (TextDecoders.UndecodableText e) {
        throw e;
      } catch (RuntimeException e) {
        throw new BinlogException(BinlogException.Reason.SCHEMA_MISMATCH, true, "cannot decode column "
            + shape.names[i] + " (" + shape.mysqlTypes[i] + ") of " + meta.getFullName()
            + " at " + position(h) + ": " + e, e);
      }
    }
    return v;
  }

  private Shape shape(TableMeta meta) {
    String key = meta.getFullName();
    List<TableMeta.FieldMeta> fields = meta.getFields();
    Shape s = shapes.get(key);
    if (s != null && s.matches(fields, meta.getDdl())) {
      return s;
    }
    int n = fields.size();
    String[] names = new String[n];
    String[] mysqlTypes = new String[n];
    boolean[] keys = new boolean[n];
    ColumnType[] types = new ColumnType[n];
    ColumnInfo[] infos = new ColumnInfo[n];
    for (int i = 0; i < n; i++) {
      TableMeta.FieldMeta f = fields.get(i);
      names[i] = f.getColumnName();
      mysqlTypes[i] = f.getColumnType();
      keys[i] = f.isKey();
      types[i] = ColumnType.of(mysqlTypes[i]);
      infos[i] = ColumnInfo.of(names[i], keys[i]);
    }
    String[] charsets = DefinitionCharsets.of(meta.getDdl());
    s = new Shape(names, mysqlTypes, keys, types, Collections.unmodifiableList(Arrays.asList(infos)), meta.getDdl(),
        charsets != null && charsets.length == n ? charsets : null);
    shapes.put(key, s);
    return s;
  }

  private static RowChange.Kind kind(int type) {
    switch (type) {
      case LogEvent.WRITE_ROWS_EVENT_V1:
      case LogEvent.WRITE_ROWS_EVENT:
        return RowChange.Kind.INSERT;
      case LogEvent.UPDATE_ROWS_EVENT_V1:
      case LogEvent.UPDATE_ROWS_EVENT:
      case LogEvent.PARTIAL_UPDATE_ROWS_EVENT:
        return RowChange.Kind.UPDATE;
      case LogEvent.DELETE_ROWS_EVENT_V1:
      case LogEvent.DELETE_ROWS_EVENT:
        return RowChange.Kind.DELETE;
      default:
        throw new IllegalArgumentException("not a rows event type: " + type);
    }
  }

  private static BinlogPosition position(LogHeader h) {
    return BinlogPosition.of(h.getLogFileName(), h.getLogPos() - h.getEventLen()).withTimestamp(h.getWhen() * 1000L)
        .withServerId(h.getServerId());
  }
}
