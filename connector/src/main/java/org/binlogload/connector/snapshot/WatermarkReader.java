package org.binlogload.connector.snapshot;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Reads the source's binlog position with REPLICATION CLIENT only: {@code SHOW MASTER STATUS}, or on MySQL 8.4 and
 * later, which removed it, {@code SHOW BINARY LOG STATUS}; and, where the server has them (MariaDB, Percona Server),
 * the position exactly consistent with a transaction's snapshot ({@code Binlog_snapshot_file/_position} after
 * {@code START TRANSACTION WITH CONSISTENT SNAPSHOT}). No lock; the only transaction lasts one chunk.
 */
public final class WatermarkReader {
  static final String MASTER_STATUS = "SHOW MASTER STATUS";
  static final String BINARY_LOG_STATUS = "SHOW BINARY LOG STATUS";
  private static final int ER_PARSE_ERROR = 1064;

  private WatermarkReader() {
  }

  /** The position the next binlog event will be written at. */
  public static Watermark read(Connection c) throws SQLException {
    try {
      return read(c, MASTER_STATUS);
    } catch (SQLException e) {
      if (e.getErrorCode() != ER_PARSE_ERROR) {
        throw e;
      }
      return read(c, BINARY_LOG_STATUS);
    }
  }

  /**
   * Starts a consistent-snapshot transaction on {@code c} and returns its low watermark: the snapshot's own binlog
   * position where the server tells it (every transaction before it is visible, none after it), else the position read
   * just before the snapshot began (MySQL: a transaction whose binlog is written but whose commit is not yet visible
   * can then fall below the watermark, see docs/snapshot.md). End it with {@link #endRead}.
   */
  public static Watermark startRead(Connection c) throws SQLException {
    Watermark before = read(c);
    try (Statement st = c.createStatement()) {
      st.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT");
      String file = null;
      long position = -1;
      try (ResultSet rs = st.executeQuery("SHOW STATUS LIKE 'Binlog_snapshot_%'")) {
        while (rs.next()) {
          if ("Binlog_snapshot_file".equalsIgnoreCase(rs.getString(1))) {
            file = rs.getString(2);
          } else if ("Binlog_snapshot_position".equalsIgnoreCase(rs.getString(1))) {
            position = Long.parseLong(rs.getString(2));
          }
        }
      }
      return file == null || file.isEmpty() || position < 0 ? before : new Watermark(file, position, null);
    }
  }

  /** Ends the transaction {@link #startRead} began. */
  public static void endRead(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("COMMIT");
    }
  }

  private static Watermark read(Connection c, String statement) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(statement)) {
      if (!rs.next()) {
        throw new SQLException(statement + " returned no row: the source's binary log is off (log_bin)");
      }
      return new Watermark(rs.getString(1), rs.getLong(2), gtid(rs));
    }
  }

  /** MySQL's {@code Executed_Gtid_Set} column when present (MariaDB has none). */
  private static String gtid(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    for (int i = 1; i <= md.getColumnCount(); i++) {
      if ("Executed_Gtid_Set".equalsIgnoreCase(md.getColumnLabel(i))) {
        String g = rs.getString(i);
        return g == null ? null : g.replace("\n", "");
      }
    }
    return null;
  }
}
