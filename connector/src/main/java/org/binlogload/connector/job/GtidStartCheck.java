package org.binlogload.connector.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Refuses a GTID start position the server cannot serve: GTIDs after it already purged, or it names transactions
 * the server has not written (MariaDB: {@code @@gtid_binlog_pos} and {@code BINLOG_GTID_POS} of the oldest binlog;
 * MySQL: {@code GTID_SUBSET} against {@code @@gtid_purged} and {@code @@gtid_executed}).
 */
final class GtidStartCheck {
  private GtidStartCheck() {}

  static void check(Connection c, String where, String gtid) throws SQLException {
    if (gtid.isEmpty()) {
      return; // from the beginning of the oldest binlog
    }
    if (isMariaDb(c)) {
      checkMariaDb(c, where, gtid);
    } else {
      checkMySql(c, where, gtid);
    }
  }

  private static boolean isMariaDb(Connection c) throws SQLException {
    return scalar(c, "SELECT VERSION()", null).contains("MariaDB");
  }

  private static void checkMariaDb(Connection c, String where, String gtid) throws SQLException {
    String current = scalar(c, "SELECT @@GLOBAL.gtid_binlog_pos", null);
    String oldestFile = oldestBinlog(c);
    String beforeOldest = oldestFile == null ? "" : scalar(c, "SELECT BINLOG_GTID_POS(?, 4)", oldestFile);
    Map<Long, long[]> now = parseMariaDb(current);
    Map<Long, long[]> purged = parseMariaDb(beforeOldest == null ? "" : beforeOldest);
    for (Map.Entry<Long, long[]> e : parseMariaDb(gtid).entrySet()) {
      long domain = e.getKey();
      long seq = e.getValue()[1];
      long[] latest = now.get(domain);
      String start = "mysql.start_position \"" + gtid + "\"";
      if (latest == null) {
        throw new JobValidationException(start + ": GTID domain " + domain + " is not in the binlog of " + where
            + " (its binlog GTID position is \"" + current + "\"); give a GTID of this server, \"earliest\" or "
            + "\"latest\"");
      }
      if (seq > latest[1]) {
        throw new JobValidationException(start + " is ahead of " + where + ", whose last GTID in domain " + domain
            + " is " + domain + "-" + latest[0] + "-" + latest[1] + "; give a GTID this server has written, or "
            + "\"latest\"");
      }
      long[] gone = purged.get(domain);
      if (gone != null && seq < gone[1]) {
        throw new JobValidationException(start + ": the binlogs after it are purged on " + where + " (the oldest, "
            + oldestFile + ", starts after " + domain + "-" + gone[0] + "-" + gone[1] + "); start at \""
            + beforeOldest + "\" or \"earliest\" and re-copy the tables, or \"latest\"");
      }
    }
  }

  private static void checkMySql(Connection c, String where, String gtid) throws SQLException {
    String start = "mysql.start_position \"" + gtid + "\"";
    if (!"1".equals(scalar(c, "SELECT GTID_SUBSET(@@GLOBAL.gtid_purged, ?)", gtid))) {
      throw new JobValidationException(start + ": " + where + " has purged binlogs holding GTIDs after it "
          + "(gtid_purged is \"" + scalar(c, "SELECT @@GLOBAL.gtid_purged", null) + "\"); start at \"earliest\" and "
          + "re-copy the tables, or \"latest\"");
    }
    if (!"1".equals(scalar(c, "SELECT GTID_SUBSET(?, @@GLOBAL.gtid_executed)", gtid))) {
      throw new JobValidationException(start + " names transactions " + where + " has not executed (gtid_executed "
          + "is \"" + scalar(c, "SELECT @@GLOBAL.gtid_executed", null) + "\"); give a GTID set of this server, or "
          + "\"latest\"");
    }
  }

  /** {@code domain -> [server, seq]} of a MariaDB GTID list such as {@code 0-1-106,1-2-7}. */
  static Map<Long, long[]> parseMariaDb(String list) {
    Map<Long, long[]> out = new LinkedHashMap<>();
    for (String g : list.split(",")) {
      String t = g.trim();
      if (t.isEmpty()) {
        continue;
      }
      String[] p = t.split("-");
      if (p.length != 3) {
        throw new JobValidationException("mysql.start_position: \"" + t + "\" is not a MariaDB GTID "
            + "(domain-server-sequence, e.g. 0-1-106)");
      }
      out.put(Long.parseLong(p[0]), new long[] {Long.parseLong(p[1]), Long.parseLong(p[2])});
    }
    return out;
  }

  private static String oldestBinlog(Connection c) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW BINARY LOGS")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private static String scalar(Connection c, String sql, String arg) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (arg != null) {
        ps.setString(1, arg);
      }
      try (ResultSet rs = ps.executeQuery()) {
        String v = rs.next() ? rs.getString(1) : null;
        return v == null ? "" : v;
      }
    }
  }
}
