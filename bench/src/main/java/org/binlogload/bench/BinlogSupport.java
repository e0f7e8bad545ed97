package org.binlogload.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.binlogload.testkit.MariaDbServer;

/** What the benchmarks share: the binlog range they measure, and the raw binlog read rate as the baseline. */
final class BinlogSupport {
  private BinlogSupport() {}

  /** Seconds {@code mariadb-binlog -v --read-from-remote-server} takes to decode the same range. */
  static double baseline(MariaDbServer server, BinlogRange range) throws Exception {
    List<String> files = new ArrayList<>();
    try (Connection c = server.adminConnection(null); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW BINARY LOGS")) {
      boolean in = false;
      while (rs.next()) {
        String f = rs.getString(1);
        in |= f.equals(range.startFile());
        if (in) {
          files.add(f);
        }
        if (f.equals(range.endFile())) {
          break;
        }
      }
    }
    List<String> cmd = new ArrayList<>(List.of("mariadb-binlog", "--no-defaults", "--read-from-remote-server",
        "--host=" + server.host(), "--port=" + server.port(), "--user=" + server.replUser(), "-v",
        "--base64-output=DECODE-ROWS", "--start-position=" + range.startOffset(),
        "--stop-position=" + range.endOffset()));
    cmd.addAll(files);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().put("MYSQL_PWD", server.replPassword()); // not on the command line
    long start = System.nanoTime();
    Process p = pb.start();
    int rc = p.waitFor();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (rc != 0) {
      throw new IllegalStateException("mariadb-binlog exited with " + rc);
    }
    return seconds;
  }

  static String[] master(MariaDbServer server) throws SQLException {
    try (Connection c = server.adminConnection(null); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
      rs.next();
      return new String[] {rs.getString(1), rs.getString(2)};
    }
  }

  static void sql(MariaDbServer server, String... statements) throws SQLException {
    try (Connection c = server.adminConnection(null); Statement st = c.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
    }
  }}
