package org.binlogload.canal.internal.schema;

import com.alibaba.otter.canal.parse.inbound.TableMeta;
import com.alibaba.otter.canal.parse.inbound.mysql.dbsync.LogEventConvert;
import com.taobao.tddl.dbsync.binlog.event.LogHeader;
import com.taobao.tddl.dbsync.binlog.event.RowsLogEvent;
import com.taobao.tddl.dbsync.binlog.event.TableMapLogEvent;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.binlogload.canal.BinlogPosition;

/**
 * Canal's binlog converter that, before decoding a rows event, checks the column names of its table-map event
 * (present with binlog_row_metadata=FULL) against the tracked definition and stops on a mismatch.
 */
public class SchemaCheckingLogEventConvert extends LogEventConvert {

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
    return c;
  }

  @Override
  public TableMeta parseRowsEventForTableMeta(RowsLogEvent event) {
    TableMeta meta = super.parseRowsEventForTableMeta(event);
    TableMapLogEvent map = event.getTable();
    if (meta == null || map == null || !map.isExistOptionalMetaData()) {
      return meta;
    }
    TableMapLogEvent.ColumnInfo[] columns = map.getColumnInfo();
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
    return meta;
  }
}
