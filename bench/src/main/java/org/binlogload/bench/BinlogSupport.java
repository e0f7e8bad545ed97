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
  }

  /** The benches' 10-column MySQL table: BIGINT key, INT, BIGINT, VARCHAR, DECIMAL, DATETIME, DOUBLE, ... */
  static String mysqlTable(String qualifiedName) {
    return "CREATE TABLE " + qualifiedName + " (id BIGINT PRIMARY KEY, a INT, b BIGINT, c VARCHAR(32),"
        + " d DECIMAL(12,2), e DATETIME, f DOUBLE, g VARCHAR(64), h TINYINT, i DATE)";
  }

  /** The Doris target of {@link #mysqlTable}: UNIQUE KEY, merge-on-write, hidden sequence column. */
  static String dorisTable(String table) {
    return "CREATE TABLE " + table + " (id BIGINT NOT NULL, a INT NULL, b BIGINT NULL, c VARCHAR(128)"
        + " NULL, d DECIMAL(12,2) NULL, e DATETIME NULL, f DOUBLE NULL, g VARCHAR(256) NULL, h TINYINT NULL,"
        + " i DATE NULL) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 8 PROPERTIES"
        + " (\"replication_num\" = \"1\", \"enable_unique_key_merge_on_write\" = \"true\","
        + " \"function_column.sequence_type\" = \"BIGINT\")";
  }

  /** {@code CREATE SYNC JOB dorisDb.bench_<table>} from {@code schema.table} at {@code start} into {@code table}. */
  static String createSyncJob(MariaDbServer server, String dorisDb, String schema, String table, String start,
      String commitIntervalSeconds) {
    return createSyncJob(server, dorisDb, "bench_" + table, schema, table, start, commitIntervalSeconds);
  }

  /** As above, for the job named {@code job}. */
  static String createSyncJob(MariaDbServer server, String dorisDb, String job, String schema, String table,
      String start, String commitIntervalSeconds) {
    return "CREATE SYNC JOB " + dorisDb + "." + job + " (FROM " + schema + "." + table + " INTO " + table
        + ") FROM BINLOG (\"type\" = \"mysql\", \"mysql.host\" = \"" + server.host() + "\", \"mysql.port\" = \""
        + server.port() + "\", \"mysql.user\" = \"" + server.replUser() + "\", \"mysql.password\" = \""
        + server.replPassword() + "\", \"mysql.start_position\" = \"" + start + "\") PROPERTIES ("
        + "\"sync_commit_interval_second\" = \"" + commitIntervalSeconds + "\")";
  }

  /** Appends the VALUES tuple of row {@code id} of {@link #mysqlTable}. */
  static void row(StringBuilder sb, long id) {
    sb.append('(').append(id).append(',').append(id % 100_000).append(',').append(id * 31).append(",'name-")
        .append(id).append("',").append(id % 10_000).append(".25,'2024-05-06 07:08:09',").append(id / 7.0)
        .append(",'some text that is a little longer ").append(id % 977).append("',").append(id % 100)
        .append(",'2024-05-06')");
  }

  /** The range from {@code start} (a {@link #master} answer) to the server's current end, holding {@code rows}. */
  static BinlogRange rangeSince(MariaDbServer server, String[] start, long rows) throws SQLException {
    String[] end = master(server);
    return new BinlogRange(start[0], Long.parseLong(start[1]), end[0], Long.parseLong(end[1]), rows);
  }

  /** Runs {@code transactions} one-row autocommit INSERTs of {@link #row} into {@code table}, 100 a round trip. */
  static void insertSingles(Statement st, String table, long firstId, int transactions) throws SQLException {
    StringBuilder sb = new StringBuilder(1 << 16);
    for (int base = 0; base < transactions; base += 100) {
      sb.setLength(0);
      for (int i = 0; i < 100 && base + i < transactions; i++) {
        sb.append("INSERT INTO ").append(table).append(" VALUES ");
        row(sb, firstId + base + i);
        sb.append(';'); // autocommit: each statement is its own transaction
      }
      st.execute(sb.toString());
      while (st.getMoreResults() || st.getUpdateCount() != -1) {
        // drain the results of the multi-statement
      }
    }
  }

  /** Inserts rows {@code firstId..firstId+rows-1} of {@link #row} into {@code table}, 1000 rows a statement. */
  static void insertBulk(Statement st, String table, long firstId, long rows) throws SQLException {
    StringBuilder sb = new StringBuilder(1 << 17);
    for (long base = 0; base < rows; base += 1000) {
      sb.setLength(0);
      sb.append("INSERT INTO ").append(table).append(" VALUES ");
      long n = Math.min(1000, rows - base);
      for (long i = 0; i < n; i++) {
        sb.append(i > 0 ? "," : "");
        row(sb, firstId + base + i);
      }
      st.execute(sb.toString());
    }
  }
}
