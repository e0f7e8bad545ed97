package org.binlogload.connector.sync;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.connector.job.SourceSpec;
import org.binlogload.ddl.TableDefinition;

/** Reads table definitions from the source over JDBC as the job's replication user (which has SELECT). */
public final class JdbcSourceCatalog implements SourceCatalog {
  private final String url;
  private final String user;
  private final String password;

  /** A catalog of the server at {@code host:port}. */
  public JdbcSourceCatalog(String host, int port, String user, String password) {
    this.url = "jdbc:mysql://" + host + ":" + port + "/?useSSL=false&allowPublicKeyRetrieval=true"
        + "&connectTimeout=10000&socketTimeout=60000";
    this.user = Objects.requireNonNull(user, "user");
    this.password = password == null ? "" : password;
  }

  /** The definition of {@code schema.table} on {@code source}, read as the job's user (for job creation's checks). */
  public static Optional<TableDefinition> definition(SourceSpec source, String schema, String table) {
    return new JdbcSourceCatalog(source.host(), source.port(), source.user(), source.password())
        .showCreateTable(schema, table).map(sql -> TableDefinition.fromCreateTable(schema, sql));
  }

  private Connection connect() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    return DriverManager.getConnection(url, p);
  }

  @Override
  public List<String> schemas() {
    try (Connection c = connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA ORDER BY SCHEMA_NAME")) {
      List<String> l = new ArrayList<>();
      while (rs.next()) {
        l.add(rs.getString(1));
      }
      return l;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot list the databases as " + user + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<String> tables(String schema) {
    try (Connection c = connect();
        PreparedStatement st = c.prepareStatement("SELECT TABLE_NAME FROM information_schema.TABLES "
            + "WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
      st.setString(1, schema);
      List<String> l = new ArrayList<>();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          l.add(rs.getString(1));
        }
      }
      return l;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot list the tables of " + schema + " as " + user + "@" + url
          .replaceFirst("jdbc:mysql://", "").replaceFirst("/\\?.*", "") + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<String> showCreateTable(String schema, String table) {
    try (Connection c = connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW CREATE TABLE " + quote(schema) + "." + quote(table))) {
      return rs.next() ? Optional.of(rs.getString(2)) : Optional.empty();
    } catch (SQLException e) {
      if (e.getErrorCode() == 1146 || e.getErrorCode() == 1049) { // no such table / database
        return Optional.empty();
      }
      throw new IllegalStateException("cannot read SHOW CREATE TABLE " + schema + "." + table + " as " + user + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public Optional<BinlogPosition> head() {
    try (Connection c = connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
      return rs.next() ? Optional.of(BinlogPosition.of(rs.getString(1), rs.getLong(2))) : Optional.empty();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read SHOW MASTER STATUS as " + user + ": " + e.getMessage(), e);
    }
  }

  private static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
