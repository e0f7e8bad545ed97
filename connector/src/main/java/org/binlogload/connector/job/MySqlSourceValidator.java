package org.binlogload.connector.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.binlogload.canal.BinlogException;
import org.binlogload.canal.BinlogSettings;

/**
 * Checks a job's MySQL source over JDBC before the job is created: the credentials work, the user may read the
 * binlog, the binlog is on with {@code binlog_format=ROW} and {@code binlog_row_image=FULL}, and the source
 * schemas and tables exist. Every error names {@code user@host:port}, the variable and the fix, never the password.
 */
public final class MySqlSourceValidator implements JobValidator, StartResolver {
  private static final int ACCESS_DENIED = 1045;
  private static final int NO_PRIVILEGE = 1227;

  private final Duration timeout;

  /** A validator that gives up connecting after {@code timeout}. */
  public MySqlSourceValidator(Duration timeout) {
    this.timeout = timeout;
  }

  /** A validator with a 10-second timeout. */
  public MySqlSourceValidator() {
    this(Duration.ofSeconds(10));
  }

  @Override
  public void validate(JobDefinition def) {
    SourceSpec s = def.source();
    String where = s.address();
    try (Connection c = connect(s)) {
      checkVariables(variables(c), where);
      checkBinlogPrivilege(c, where, s.user());
      checkStartPosition(c, s);
      for (ChannelSpec ch : def.channels()) {
        checkExists(c, ch, where);
      }
    } catch (SQLException e) {
      throw translate(e, s);
    }
  }

  @Override
  public void validateCredentials(JobDefinition def) {
    SourceSpec s = def.source();
    try (Connection c = connect(s)) {
      checkVariables(variables(c), s.address());
      checkBinlogPrivilege(c, s.address(), s.user());
    } catch (SQLException e) {
      throw translate(e, s);
    }
  }

  /** {@code latest} as the source's current {@code <file>:<pos>} (SHOW MASTER STATUS); other positions as given. */
  @Override
  public String resolve(SourceSpec s) {
    if (!SourceSpec.LATEST.equals(s.startPosition())) {
      return s.startPosition();
    }
    try (Connection c = connect(s); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
      if (!rs.next()) {
        throw noBinlog(s.address());
      }
      return rs.getString(1) + ":" + rs.getLong(2);
    } catch (SQLException e) {
      throw translate(e, s);
    }
  }

  /** Checks {@code log_bin}, {@code binlog_format} and {@code binlog_row_image} as SHOW GLOBAL VARIABLES gave them. */
  static void checkVariables(Map<String, String> vars, String where) {
    try {
      BinlogSettings.check(vars.getOrDefault("log_bin", "OFF"), vars.getOrDefault("binlog_format", ""),
          vars.get("binlog_row_image"), where, BinlogSettings.Fix.MY_CNF);
    } catch (BinlogException e) {
      throw new JobValidationException(e.getMessage());
    }
  }

  private static JobValidationException noBinlog(String where) {
    return new JobValidationException(BinlogSettings.noBinlog("SHOW MASTER STATUS", where, BinlogSettings.Fix.MY_CNF)
        .getMessage());
  }

  private Connection connect(SourceSpec s) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", s.user());
    p.setProperty("password", s.password());
    p.setProperty("connectTimeout", String.valueOf(timeout.toMillis()));
    p.setProperty("socketTimeout", String.valueOf(timeout.toMillis()));
    p.setProperty("allowPublicKeyRetrieval", "true");
    p.setProperty("sslMode", "PREFERRED");
    String url = "jdbc:mysql://" + (s.host().contains(":") ? "[" + s.host() + "]" : s.host()) + ":" + s.port() + "/";
    // The driver is called directly rather than through DriverManager, which does not see drivers of a plugin's
    // class loader.
    Connection c = new com.mysql.cj.jdbc.Driver().connect(url, p);
    if (c == null) {
      throw new SQLException("driver refused URL " + url);
    }
    return c;
  }

  private static Map<String, String> variables(Connection c) throws SQLException {
    Map<String, String> out = new HashMap<>();
    try (Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SHOW GLOBAL VARIABLES WHERE Variable_name IN "
             + "('log_bin', 'binlog_format', 'binlog_row_image')")) {
      while (rs.next()) {
        out.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(2));
      }
    }
    return out;
  }

  private static void checkBinlogPrivilege(Connection c, String where, String user) {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
      if (!rs.next()) {
        throw noBinlog(where);
      }
    } catch (SQLException e) {
      if (e.getErrorCode() == NO_PRIVILEGE) {
        throw new JobValidationException(where + " may not read the binlog; " + BinlogSettings.GRANT + " '" + user
            + "'@'%' (MariaDB 10.5+: also BINLOG MONITOR)", e);
      }
      throw new JobValidationException("SHOW MASTER STATUS failed on " + where + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks that the server still has the binlog a {@code <file>:<pos>} start needs (SHOW BINARY LOGS) and that the
   * position lies in the file, or that a GTID start is neither purged nor ahead of the server; a start the server
   * cannot serve is refused here rather than retried by the job.
   */
  static void checkStartPosition(Connection c, SourceSpec s) throws SQLException {
    if (s.snapshots()) {
      return; // the snapshot takes its own consistent position when it starts
    }
    org.binlogload.canal.StartPosition p = org.binlogload.canal.StartPosition.parse(s.startPosition());
    if (p.kind() == org.binlogload.canal.StartPosition.Kind.FILE_OFFSET) {
      checkFilePosition(c, s.address(), p.file(), p.offset());
    } else if (p.kind() == org.binlogload.canal.StartPosition.Kind.GTID) {
      GtidStartCheck.check(c, s.address(), p.gtidSet());
    }
  }

  private static void checkFilePosition(Connection c, String where, String file, long pos) throws SQLException {
    java.util.List<String> files = new java.util.ArrayList<>();
    long size = -1;
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW BINARY LOGS")) {
      while (rs.next()) {
        files.add(rs.getString(1));
        if (rs.getString(1).equals(file)) {
          size = rs.getLong(2);
        }
      }
    }
    if (files.isEmpty()) {
      return;
    }
    if (size < 0) {
      throw new JobValidationException("mysql.start_position \"" + file + ":" + pos + "\": binlog file " + file
          + " is not on " + where + " (purged, or never written); its binlogs are " + files.get(0) + " .. "
          + files.get(files.size() - 1) + ": start at \"" + files.get(0) + ":4\" (the oldest it has), \"earliest\" "
          + "or \"latest\"");
    }
    if (pos < 4 || pos > size) {
      throw new JobValidationException("mysql.start_position \"" + file + ":" + pos + "\" is outside binlog file "
          + file + " on " + where + ", which holds positions 4.." + size + "; give a position of an event in it, "
          + "or \"latest\"");
    }
  }

  private static void checkExists(Connection c, ChannelSpec ch, String where) throws SQLException {
    if (ch.isSchemaPattern()) {
      return; // the databases it matches may come later; the job takes them when they appear
    }
    boolean whole = ch.isWholeDatabase();
    String sql = whole ? "SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?"
        : "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, ch.sourceSchema());
      if (!whole) {
        ps.setString(2, ch.sourceTable());
      }
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new JobValidationException((whole ? "source database " + ch.sourceSchema()
              : "source table " + ch.source()) + " does not exist on " + where + " (or " + where
              + " may not see it); check the FROM clause and GRANT SELECT on it");
        }
      }
    }
  }

  private static JobValidationException translate(SQLException e, SourceSpec s) {
    String where = s.address();
    if (e.getErrorCode() == ACCESS_DENIED) {
      return new JobValidationException("access denied for " + where + "; check \"mysql.user\" and "
          + "\"mysql.password\" (the server said: " + e.getMessage() + ")", e);
    }
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (state.startsWith("08")) {
      return new JobValidationException("cannot connect to MySQL at " + s.host() + ":" + s.port() + " as "
          + s.user() + "; check \"mysql.host\" and \"mysql.port\" and that the server is up ("
          + firstLine(e.getMessage()) + ")", e);
    }
    return new JobValidationException("checking MySQL source " + where + " failed: " + e.getMessage(), e);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
