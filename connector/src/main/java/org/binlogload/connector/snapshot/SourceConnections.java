package org.binlogload.connector.snapshot;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Properties;

/**
 * Opens the snapshot's JDBC connections as the job's replication user: REPEATABLE READ (a chunk's transaction is one
 * consistent snapshot, and lasts one chunk), and the session time zone UTC so TIMESTAMP text is UTC.
 */
public final class SourceConnections {
  private final String host;
  private final int port;
  private final String user;
  private final String password;

  /** Connections to {@code host:port} as {@code user}. */
  public SourceConnections(String host, int port, String user, String password) {
    this.host = Objects.requireNonNull(host, "host");
    this.port = port;
    this.user = Objects.requireNonNull(user, "user");
    this.password = password == null ? "" : password;
  }

  /** A new connection, ready for watermarks, planning and chunk reads. */
  public Connection open() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    // the text protocol keeps the server's own text of every value (TIME, DECIMAL, JSON) as the binlog reader sees it
    String url = "jdbc:mysql://" + host + ":" + port + "/?useSSL=false&allowPublicKeyRetrieval=true"
        + "&characterEncoding=utf8&connectTimeout=10000&tcpKeepAlive=true&useServerPrepStmts=false"
        + "&tinyInt1isBit=false&yearIsDateType=false";
    Connection c = DriverManager.getConnection(url, p);
    try (Statement st = c.createStatement()) {
      st.execute("SET SESSION time_zone = '+00:00'");
      // a consistent snapshot is one only under REPEATABLE READ, whatever the server's default
      st.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    c.setAutoCommit(true);
    return c;
  }

  /** {@code user@host:port}, for messages. */
  public String describe() {
    return user + "@" + host + ":" + port;
  }
}
