package org.binlogload.canal.internal.schema;

import com.alibaba.druid.DbType;
import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.parser.ParserException;
import com.alibaba.otter.canal.parse.exception.CanalParseException;
import com.alibaba.otter.canal.parse.inbound.TableMeta;
import com.alibaba.otter.canal.parse.inbound.mysql.dbsync.TableMetaCache;
import com.alibaba.otter.canal.protocol.CanalEntry.Entry;
import com.alibaba.otter.canal.protocol.position.EntryPosition;
import com.taobao.tddl.dbsync.binlog.LogEvent;
import com.taobao.tddl.dbsync.binlog.event.QueryLogEvent;
import com.alibaba.otter.canal.parse.inbound.mysql.dbsync.LogEventConvert;
import com.taobao.tddl.dbsync.binlog.event.LogHeader;
import com.taobao.tddl.dbsync.binlog.event.RotateLogEvent;
import com.taobao.tddl.dbsync.binlog.event.RowsLogEvent;
import com.taobao.tddl.dbsync.binlog.event.TableMapLogEvent;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.internal.PublishedTableMaps;
import org.binlogload.canal.internal.RowDecoder;

/**
 * Canal's binlog converter that, before decoding a rows event, checks the column names of its table-map event
 * (present with binlog_row_metadata=FULL) against the tracked definition and stops on a mismatch; that decodes rows
 * events with a {@link RowDecoder} into typed values instead of Canal's protobuf of text (rows of a table whose
 * definition is unknown there, or that do not match a provisional one, as undecodable entries the consumer judges,
 * instead of stopping); that drops the statement
 * annotations of rows events (nothing reads them); and that hands every statement druid cannot parse to the schema
 * history, which Canal skips when {@code filterQueryDcl} is on.
 */
public class SchemaCheckingLogEventConvert extends LogEventConvert {
  private volatile TableMetaCache tableMetaCache;
  private volatile RowDecoder decoder;
  private volatile boolean filterQueryDcl;
  /** Table maps already found to match their definitions (one table map event per transaction and table). */
  private final MatchedTableMaps matched = new MatchedTableMaps();
  /** The binlog file the last ROTATE event named: the file every event until the next ROTATE belongs to. */
  private String currentFile;
  /** The bytes of the table maps Canal's parallel stages got, when they run. */
  private volatile PublishedTableMaps published;

  @Override
  public void setTableMetaCache(TableMetaCache tableMetaCache) {
    super.setTableMetaCache(tableMetaCache);
    this.tableMetaCache = tableMetaCache;
  }

  @Override
  public void setFilterQueryDcl(boolean filterQueryDcl) {
    super.setFilterQueryDcl(filterQueryDcl);
    this.filterQueryDcl = filterQueryDcl;
  }

  /** Reads the charsets of table maps from their bytes in {@code published}: Canal's parallel stages published them. */
  public void tableMapsFrom(PublishedTableMaps published) {
    this.published = published;
  }

  /** Decodes rows events with {@code rowDecoder} from now on. */
  public void decodeRowsWith(RowDecoder rowDecoder) {
    this.decoder = rowDecoder;
  }

  @Override
  public Entry parseRowsEvent(RowsLogEvent event, TableMeta tableMeta) {
    RowDecoder d = decoder;
    if (d == null) {
      return super.parseRowsEvent(event, tableMeta);
    }
    TableMapLogEvent map = event.getTable();
    SchemaHistory history = history();
    String unknown = map == null || history == null ? null
        : history.unknownRefusal(map.getDbName(), map.getTableName());
    if (unknown != null) {
      return d.undecodable(event, unknown); // the consumer skips it where it skips the table's rows, or stops
    }
    TableMeta meta;
    try {
      meta = tableMeta != null ? tableMeta : checkedMeta(event, true);
    } catch (Refused r) {
      return d.undecodable(event, r.getMessage());
    }
    return meta == null ? null : d.decode(event, meta); // null: a table the filter excludes
  }

  /** Rows a provisional definition does not decode, handed on as undecodable (the history goes on). */
  private static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  @Override
  public Entry parse(LogEvent logEvent, boolean isSeek) throws CanalParseException {
    fixFileName(logEvent);
    PublishedTableMaps p = published;
    if (p != null && logEvent instanceof TableMapLogEvent map) {
      p.settle(map); // the serial stage, in binlog order, before any rows event of this table map is decoded
    }
    int type = logEvent.getHeader().getType();
    if (decoder != null && (type == LogEvent.ANNOTATE_ROWS_EVENT || type == LogEvent.ROWS_QUERY_LOG_EVENT)) {
      return null; // the statement behind the rows events that follow: Canal would build a QUERY entry nobody reads
    }
    if (decoder != null && type == LogEvent.GTID_EVENT) {
      // MariaDB's GTID event: Canal would build a GTID entry (its text by String.format) nobody reads; the GTID set
      // every entry's header carries is the decoder's, kept whatever this returns
      return null;
    }
    if (!isSeek && filterQueryDcl && logEvent instanceof QueryLogEvent query) {
      // Canal sees a statement druid cannot parse as a QUERY and, with filterQueryDcl, drops it before it reaches the
      // table meta: the schema would go stale silently. The history decides what it changes.
      TableMetaCache cache = tableMetaCache;
      String sql = query.getQuery();
      if (cache != null && cache.isOnTSDB() && sql != null && !transactionControl(sql) && !parses(sql)) {
        LogHeader h = query.getHeader();
        cache.apply(new EntryPosition(h.getLogFileName(), h.getLogPos() - h.getEventLen(), h.getWhen() * 1000L,
            h.getServerId()), query.getDbName(), sql, null);
      }
    }
    return super.parse(logEvent, isSeek);
  }

  /**
   * Gives the event the file of the last ROTATE. Canal's decoder labels some events after a rotation with the file the
   * dump started in (seen on MariaDB 10.11 from the second rotation on: the binlog checkpoint, GTID and every row event
   * after them), which put rows of a new file at offsets of an old one, where the ring dropped them as re-read.
   */
  private void fixFileName(LogEvent logEvent) {
    LogHeader h = logEvent.getHeader();
    if (logEvent instanceof RotateLogEvent rotate) {
      currentFile = rotate.getFilename();
    } else if (currentFile != null && !currentFile.equals(h.getLogFileName())) {
      h.setLogFileName(currentFile);
    }
  }

  /** BEGIN, COMMIT and XA statements, which Canal handles before any DDL parsing (one per transaction on MySQL). */
  private static boolean transactionControl(String sql) {
    String s = sql.strip();
    return s.regionMatches(true, 0, "XA ", 0, 3) || s.regionMatches(true, Math.max(0, s.length() - 5), "BEGIN", 0, 5)
        || s.regionMatches(true, Math.max(0, s.length() - 6), "COMMIT", 0, 6);
  }

  private static boolean parses(String sql) {
    try {
      SQLUtils.parseStatements(sql, DbType.mysql, false);
      return true;
    } catch (ParserException e) {
      return false;
    }
  }

  /**
   * A checking converter with every setting of {@code configured} (filters, charset, table-meta cache...), e.g. the
   * one {@code AbstractMysqlEventParser.buildParser()} returns: {@code of((LogEventConvert) super.buildParser())}.
   */
  public static SchemaCheckingLogEventConvert of(LogEventConvert configured) {
    SchemaCheckingLogEventConvert c = new SchemaCheckingLogEventConvert();
    for (Class<?> k = LogEventConvert.class; k != null && k != Object.class; k = k.getSuperclass()) {
      for (Field f : k.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers())) {
          continue;
        }
        try {
          f.setAccessible(true);
          f.set(c, f.get(configured));
        } catch (ReflectiveOperationException | RuntimeException e) {
          throw new IllegalStateException("cannot copy " + k.getSimpleName() + "." + f.getName()
              + " into the schema-checking converter", e);
        }
      }
    }
    c.tableMetaCache = (TableMetaCache) read(configured, "tableMetaCache");
    c.filterQueryDcl = Boolean.TRUE.equals(read(configured, "filterQueryDcl"));
    return c;
  }

  /** The schema history under the table-meta cache, if it is one. */
  private SchemaHistory history() {
    TableMetaCache cache = tableMetaCache;
    if (cache == null || !cache.isOnTSDB()) {
      return null;
    }
    try {
      return TSDB.get(cache) instanceof SchemaHistory h ? h : null;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read TableMetaCache.tableMetaTSDB", e);
    }
  }

  private static final Field TSDB;

  static {
    try {
      TSDB = TableMetaCache.class.getDeclaredField("tableMetaTSDB");
      TSDB.setAccessible(true);
    } catch (NoSuchFieldException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static Object read(LogEventConvert from, String field) {
    try {
      Field f = LogEventConvert.class.getDeclaredField(field);
      f.setAccessible(true);
      return f.get(from);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("LogEventConvert has no field " + field, e);
    }
  }

  @Override
  public TableMeta parseRowsEventForTableMeta(RowsLogEvent event) {
    // Canal's parallel parsing asks here first, in binlog order, and never hands the rows event to parse(): its file
    // is fixed here, or rows after a rotation carry an old file's offsets and the ring drops them as read before
    fixFileName(event);
    return checkedMeta(event, false); // a refusal stops the reader there
  }

  /** The table meta of {@code event}, checked; a refusal is thrown as {@link Refused} when {@code handOn}. */
  private TableMeta checkedMeta(RowsLogEvent event, boolean handOn) {
    TableMapLogEvent map = event.getTable();
    if (map != null && map.isExistOptionalMetaData()) {
      for (TableMapLogEvent.ColumnInfo c : map.getColumnInfo()) {
        c.name = SchemaCheck.binlogName(c.name); // UTF-8 metadata Canal read as ISO-8859-1; Canal compares it next
      }
    }
    TableMeta meta = super.parseRowsEventForTableMeta(event);
    TableMetaCache cache = tableMetaCache;
    if (meta == null || map == null || !map.isExistOptionalMetaData() || cache == null || !cache.isOnTSDB()) {
      return meta;
    }
    TableMapLogEvent.ColumnInfo[] columns = map.getColumnInfo();
    if (matched.matches(meta, columns)) {
      return meta; // the same table map matched the same definition before: the checks below give the same answer
    }
    SchemaHistory history = history();
    if (history != null) {
      LogHeader h = event.getHeader();
      BinlogPosition at = BinlogPosition.of(h.getLogFileName(), h.getLogPos() - h.getEventLen());
      if (history.provisional(meta.getSchema(), meta.getTable(), at)) {
        String why = TableMapCheck.difference(meta, columns);
        if (why != null && handOn) {
          throw new Refused(history.provisionalRefusal(meta.getSchema(), meta.getTable(), at, why));
        }
        if (why != null) {
          throw history.provisionalMismatch(meta.getSchema(), meta.getTable(), at, why);
        }
      }
    }
    List<TableMeta.FieldMeta> fields = meta.getFields();
    boolean same = columns.length == fields.size();
    for (int i = 0; same && i < columns.length; i++) {
      String name = columns[i].name;
      if (name == null) {
        return meta;
      }
      same = fields.get(i).getColumnName().equalsIgnoreCase(name);
    }
    if (!same) {
      List<String> names = new ArrayList<>(columns.length);
      for (TableMapLogEvent.ColumnInfo c : columns) {
        names.add(c.name);
      }
      LogHeader h = event.getHeader();
      BinlogPosition at = BinlogPosition.of(h.getLogFileName(), h.getLogPos() - h.getEventLen())
          .withTimestamp(h.getWhen() * 1000L).withServerId(h.getServerId());
      throw SchemaCheck.mismatch(meta, names, at);
    }
    matched.remember(meta, columns);
    return meta;
  }
}
