package org.binlogload.canal.internal;

import java.util.List;

/** Builds Canal's table filter (comma-separated regular expressions on {@code schema.table}) from our includes. */
final class Filters {
  private Filters() {}

  /** {@code schema.table} and {@code schema.*} entries as one Canal filter; every table when there are none. */
  static String regex(List<String> include) {
    if (include.isEmpty()) {
      return ".*\\..*";
    }
    StringBuilder sb = new StringBuilder();
    for (String t : include) {
      int dot = t.indexOf('.');
      String schema = t.substring(0, dot);
      String table = t.substring(dot + 1);
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(quote(schema)).append("\\.").append(table.equals("*") ? ".*" : quote(table));
    }
    return sb.toString();
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 4);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ("\\^$.|?*+()[]{},".indexOf(c) >= 0) {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }
}
