package org.binlogload.connector.snapshot;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads a table's columns, chunking key and row estimate from {@code information_schema}, as the replication user. */
public final class TableInspector {
  private TableInspector() {
  }

  /** The table {@code schema.table}; its key is empty when it has none usable. */
  public static SnapshotTable inspect(Connection c, String schema, String table) throws SQLException {
    List<SnapshotTable.Column> columns = new ArrayList<>();
    Set<String> nullable = new HashSet<>();
    try (PreparedStatement st = c.prepareStatement("SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE "
        + "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
      st.setString(1, schema);
      st.setString(2, table);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          columns.add(new SnapshotTable.Column(rs.getString(1), rs.getString(2), ColumnKind.of(rs.getString(2))));
          if ("YES".equals(rs.getString(3))) {
            nullable.add(rs.getString(1));
          }
        }
      }
    }
    if (columns.isEmpty()) {
      throw new SQLException("table " + schema + "." + table + " does not exist or is not readable");
    }
    return new SnapshotTable(schema, table, columns, key(c, schema, table, nullable), estimate(c, schema, table));
  }

  /**
   * Whether {@code table}'s columns (names, order, MySQL types) are still those it was inspected with; run inside a
   * chunk's transaction after its SELECT, while the table's metadata lock keeps DDL out, it tells whether the chunk
   * was read with the inspected definition.
   */
  public static boolean unchanged(Connection c, SnapshotTable table) throws SQLException {
    return inspect(c, table.schema(), table.table()).columns().equals(table.columns());
  }

  /** The primary key, else the first unique key (by name) none of whose columns is nullable, else empty. */
  private static List<String> key(Connection c, String schema, String table, Set<String> nullable)
      throws SQLException {
    Map<String, List<String>> unique = new LinkedHashMap<>();
    try (PreparedStatement st = c.prepareStatement("SELECT INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS "
        + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND NON_UNIQUE = 0 "
        + "ORDER BY INDEX_NAME <> 'PRIMARY', INDEX_NAME, SEQ_IN_INDEX")) {
      st.setString(1, schema);
      st.setString(2, table);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          unique.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
        }
      }
    }
    for (List<String> cols : unique.values()) {
      if (cols.stream().noneMatch(nullable::contains)) {
        return cols;
      }
    }
    return List.of();
  }

  private static long estimate(Connection c, String schema, String table) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(
        "SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
      st.setString(1, schema);
      st.setString(2, table);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? Math.max(0, rs.getLong(1)) : 0;
      }
    }
  }
}
