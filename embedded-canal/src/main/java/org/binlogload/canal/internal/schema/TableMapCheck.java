package org.binlogload.canal.internal.schema;

import com.alibaba.otter.canal.parse.inbound.TableMeta;
import com.taobao.tddl.dbsync.binlog.LogEvent;
import com.taobao.tddl.dbsync.binlog.event.TableMapLogEvent;
import java.util.ArrayList;
import org.binlogload.canal.internal.TableMapCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Whether a definition decodes a rows event as its table-map event (with binlog_row_metadata=FULL) describes it:
 * the same columns in the same order, each of a type that decodes the same (integer width, signedness, decimal,
 * floating point, temporal kind, text or binary, the members of an ENUM or SET). Used where a definition is taken on
 * trust instead of proven by a scan of the binlog.
 */
final class TableMapCheck {
  private static final int BINARY_CHARSET = 63;

  private TableMapCheck() {}

  /** The first difference between {@code meta} and {@code columns}, or null when they decode alike. */
  static String difference(TableMeta meta, TableMapLogEvent.ColumnInfo[] columns) {
    List<TableMeta.FieldMeta> fields = meta.getFields();
    if (fields.size() != columns.length) {
      return "the binlog has " + columns.length + " columns " + names(columns) + ", the definition " + fields.size();
    }
    boolean charsets = charsetsTrusted(columns);
    for (int i = 0; i < columns.length; i++) {
      TableMetaLike f = new TableMetaLike(fields.get(i));
      TableMapLogEvent.ColumnInfo c = columns[i];
      if (c.name != null && !f.name.equalsIgnoreCase(c.name)) {
        return "column " + (i + 1) + " is " + c.name + " in the binlog, " + f.name + " in the definition";
      }
      String why = typeDifference(f, c, charsets ? c.charset : 0);
      if (why != null) {
        return "column " + f.name + ": " + why;
      }
    }
    return null;
  }

  private record TableMetaLike(String name, String type, String base, boolean unsigned) {
    TableMetaLike(TableMeta.FieldMeta f) {
      this(f.getColumnName(), f.getColumnType(), base(f.getColumnType()), f.isUnsigned());
    }

    static String base(String type) {
      String t = type.toLowerCase(Locale.ROOT).trim();
      int end = 0;
      while (end < t.length() && Character.isLetterOrDigit(t.charAt(end))) { // inet6, inet4
        end++;
      }
      return t.substring(0, end);
    }
  }

  /**
   * Whether the per-column charsets can be believed: read from the event's bytes ({@link TableMapCharsets}), or
   * Canal's where they cannot be wrong. Canal 1.1.7 reads ENUM_AND_SET_DEFAULT_CHARSET into the same
   * field as DEFAULT_CHARSET, so in a table with an ENUM or SET column every character column that has the table
   * map's default charset is given the ENUM/SET default instead (seen: a BINARY(4) column reported as utf8mb4).
   */
  static boolean charsetsTrusted(TableMapLogEvent.ColumnInfo[] columns) {
    if (TableMapCharsets.readFromEvent(columns)) {
      return true;
    }
    for (TableMapLogEvent.ColumnInfo c : columns) {
      int type = realType(c);
      if (type == LogEvent.MYSQL_TYPE_ENUM || type == LogEvent.MYSQL_TYPE_SET) {
        return false;
      }
    }
    return true;
  }

  private static int realType(TableMapLogEvent.ColumnInfo c) {
    // ENUM and SET travel as STRING with their real type in the metadata
    return c.type == LogEvent.MYSQL_TYPE_STRING && (c.meta >> 8) >= 0xf5 ? c.meta >> 8 : c.type;
  }

  private static String typeDifference(TableMetaLike f, TableMapLogEvent.ColumnInfo c, int charset) {
    int type = realType(c);
    String expected = switch (type) {
      case LogEvent.MYSQL_TYPE_TINY -> "tinyint|bool|boolean";
      case LogEvent.MYSQL_TYPE_SHORT -> "smallint";
      case LogEvent.MYSQL_TYPE_INT24 -> "mediumint";
      case LogEvent.MYSQL_TYPE_LONG -> "int|integer";
      case LogEvent.MYSQL_TYPE_LONGLONG -> "bigint|serial";
      case LogEvent.MYSQL_TYPE_NEWDECIMAL, LogEvent.MYSQL_TYPE_DECIMAL -> "decimal|numeric|dec|fixed";
      case LogEvent.MYSQL_TYPE_FLOAT -> "float";
      case LogEvent.MYSQL_TYPE_DOUBLE -> "double|real|float";
      case LogEvent.MYSQL_TYPE_BIT -> "bit";
      case LogEvent.MYSQL_TYPE_YEAR -> "year";
      case LogEvent.MYSQL_TYPE_DATE, LogEvent.MYSQL_TYPE_NEWDATE -> "date";
      case LogEvent.MYSQL_TYPE_TIME, LogEvent.MYSQL_TYPE_TIME2 -> "time";
      case LogEvent.MYSQL_TYPE_DATETIME, LogEvent.MYSQL_TYPE_DATETIME2 -> "datetime";
      case LogEvent.MYSQL_TYPE_TIMESTAMP, LogEvent.MYSQL_TYPE_TIMESTAMP2 -> "timestamp";
      case LogEvent.MYSQL_TYPE_ENUM -> "enum";
      case LogEvent.MYSQL_TYPE_SET -> "set";
      case LogEvent.MYSQL_TYPE_VARCHAR, LogEvent.MYSQL_TYPE_VAR_STRING, LogEvent.MYSQL_TYPE_STRING ->
          charset == BINARY_CHARSET ? "binary|varbinary|uuid|inet6|inet4"
          : charset > 0 ? "char|varchar|nchar|nvarchar" : "char|varchar|binary|varbinary|uuid|inet6|inet4";
      case LogEvent.MYSQL_TYPE_BLOB, LogEvent.MYSQL_TYPE_TINY_BLOB, LogEvent.MYSQL_TYPE_MEDIUM_BLOB,
          LogEvent.MYSQL_TYPE_LONG_BLOB -> charset == BINARY_CHARSET ? "tinyblob|blob|mediumblob|longblob"
          : charset > 0 ? "tinytext|text|mediumtext|longtext|json|long"
          : "tinyblob|blob|mediumblob|longblob|tinytext|text|mediumtext|longtext|json|long";
      case LogEvent.MYSQL_TYPE_JSON -> "json";
      case LogEvent.MYSQL_TYPE_GEOMETRY -> null; // any spatial type decodes as bytes
      default -> null;
    };
    if (expected != null && !List.of(expected.split("\\|")).contains(f.base())) {
      return "the binlog has type " + type + (charset > 0 ? " (charset " + charset + ")" : "") + ", the definition "
          + f.type();
    }
    boolean numeric = type == LogEvent.MYSQL_TYPE_TINY || type == LogEvent.MYSQL_TYPE_SHORT
        || type == LogEvent.MYSQL_TYPE_INT24 || type == LogEvent.MYSQL_TYPE_LONG || type == LogEvent.MYSQL_TYPE_LONGLONG;
    if (numeric && c.unsigned != f.unsigned()) {
      return "the binlog has it " + (c.unsigned ? "unsigned" : "signed") + ", the definition " + f.type();
    }
    if ((type == LogEvent.MYSQL_TYPE_ENUM || type == LogEvent.MYSQL_TYPE_SET) && c.set_enum_values != null
        && !c.set_enum_values.equals(members(f.type()))) {
      return "the binlog has members " + c.set_enum_values + ", the definition " + f.type();
    }
    return null;
  }

  /** The members of an {@code enum('a','b')} or {@code set(...)} type as written. */
  static List<String> members(String type) {
    List<String> out = new ArrayList<>();
    int open = type.indexOf('(');
    StringBuilder cur = null;
    for (int i = open + 1; open >= 0 && i < type.length(); i++) {
      char ch = type.charAt(i);
      if (cur == null) {
        if (ch == '\'') {
          cur = new StringBuilder();
        }
      } else if (ch == '\'' && i + 1 < type.length() && type.charAt(i + 1) == '\'') {
        cur.append('\'');
        i++;
      } else if (ch == '\'') {
        out.add(cur.toString());
        cur = null;
      } else {
        cur.append(ch);
      }
    }
    return out;
  }

  private static List<String> names(TableMapLogEvent.ColumnInfo[] columns) {
    List<String> n = new ArrayList<>();
    for (TableMapLogEvent.ColumnInfo c : columns) {
      n.add(c.name);
    }
    return n;
  }
}
