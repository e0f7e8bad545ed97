package org.binlogload.canal.internal.schema;

import com.alibaba.otter.canal.parse.inbound.TableMeta;
import com.google.common.collect.MapMaker;
import com.taobao.tddl.dbsync.binlog.event.TableMapLogEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * For each table definition, the last table map whose columns matched it: a rows event whose table map and definition
 * equal a matched pair needs no check again. Compares by value (a history may change a definition in place); thread
 * safe for Canal's parallel parsing.
 */
final class MatchedTableMaps {
  /** A matched pair: the definition's columns and the table map's columns as they were when they matched. */
  private record Pair(String[] names, String[] types, boolean[] unsigned, TableMapLogEvent.ColumnInfo[] columns) {}

  private final Map<TableMeta, Pair> byDefinition = new MapMaker().weakKeys().makeMap();

  /** Whether {@code columns} and {@code meta} equal a pair that matched before. */
  boolean matches(TableMeta meta, TableMapLogEvent.ColumnInfo[] columns) {
    Pair p = byDefinition.get(meta);
    if (p == null || p.columns.length != columns.length) {
      return false;
    }
    List<TableMeta.FieldMeta> fields = meta.getFields();
    if (fields.size() != p.names.length) {
      return false;
    }
    for (int i = 0; i < p.names.length; i++) {
      TableMeta.FieldMeta f = fields.get(i);
      if (!f.getColumnName().equals(p.names[i]) || !f.getColumnType().equals(p.types[i])
          || f.isUnsigned() != p.unsigned[i] || !same(p.columns[i], columns[i])) {
        return false;
      }
    }
    return true;
  }

  /** Remembers that {@code columns} matched {@code meta}. */
  void remember(TableMeta meta, TableMapLogEvent.ColumnInfo[] columns) {
    List<TableMeta.FieldMeta> fields = meta.getFields();
    int n = fields.size();
    String[] names = new String[n];
    String[] types = new String[n];
    boolean[] unsigned = new boolean[n];
    for (int i = 0; i < n; i++) {
      TableMeta.FieldMeta f = fields.get(i);
      names[i] = f.getColumnName();
      types[i] = f.getColumnType();
      unsigned[i] = f.isUnsigned();
    }
    byDefinition.put(meta, new Pair(names, types, unsigned, copy(columns)));
  }

  private static boolean same(TableMapLogEvent.ColumnInfo a, TableMapLogEvent.ColumnInfo b) {
    return a.type == b.type && a.meta == b.meta && a.unsigned == b.unsigned && a.charset == b.charset
        && a.pk == b.pk && a.nullable == b.nullable && a.geoType == b.geoType && Objects.equals(a.name, b.name)
        && Objects.equals(a.set_enum_values, b.set_enum_values);
  }

  private static TableMapLogEvent.ColumnInfo[] copy(TableMapLogEvent.ColumnInfo[] columns) {
    TableMapLogEvent.ColumnInfo[] out = new TableMapLogEvent.ColumnInfo[columns.length];
    for (int i = 0; i < columns.length; i++) {
      TableMapLogEvent.ColumnInfo c = columns[i];
      TableMapLogEvent.ColumnInfo d = new TableMapLogEvent.ColumnInfo();
      d.type = c.type;
      d.meta = c.meta;
      d.name = c.name;
      d.unsigned = c.unsigned;
      d.pk = c.pk;
      d.set_enum_values = c.set_enum_values == null ? null : new ArrayList<>(c.set_enum_values);
      d.charset = c.charset;
      d.geoType = c.geoType;
      d.nullable = c.nullable;
      out[i] = d;
    }
    return out;
  }
}
