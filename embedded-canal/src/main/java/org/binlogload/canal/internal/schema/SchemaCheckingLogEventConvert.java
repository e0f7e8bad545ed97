package org.binlogload.canal.internal.schema;

import com.alibaba.otter.canal.parse.inbound.TableMeta;
import com.alibaba.otter.canal.parse.inbound.mysql.dbsync.LogEventConvert;
import com.taobao.tddl.dbsync.binlog.event.LogHeader;
import com.taobao.tddl.dbsync.binlog.event.RowsLogEvent;
import com.taobao.tddl.dbsync.binlog.event.TableMapLogEvent;
import java.util.ArrayList;
import java.util.List;
import org.binlogload.canal.BinlogPosition;

/**
 * Canal's binlog converter that, before decoding a rows event, checks the column names of its table-map event
 * (present with binlog_row_metadata=FULL) against the tracked definition and stops on a mismatch.
 */
public class SchemaCheckingLogEventConvert extends LogEventConvert {

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
