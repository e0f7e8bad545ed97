package org.binlogload.connector.snapshot;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Reads the source's current binlog position with REPLICATION CLIENT only: {@code SHOW MASTER STATUS}, or on MySQL
 * 8.4 and later, which removed it, {@code SHOW BINARY LOG STATUS}. No lock, no transaction.
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
