package org.binlogload.testkit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A fresh schema on a binlog-enabled server, owned by one test class. */
public final class TestDatabase {
  private final MariaDbServer server;
  private final String schema;

  /** A test database over an existing {@code schema} of {@code server} (a second schema of one test). */
  public TestDatabase(MariaDbServer server, String schema) {
    this.server = server;
    this.schema = schema;
  }

  /** The server the schema lives on. */
  public MariaDbServer server() {
    return server;
  }

  /** The schema's name, unique per test class. */
  public String schema() {
    return schema;
  }

  public String host() {
    return server.host();
  }

  public int port() {
    return server.port();
  }

  public String jdbcUrl() {
    return server.jdbcUrl(schema);
  }

  /** A new connection to the schema as the admin user. */
  public Connection connection() throws SQLException {
    return server.adminConnection(schema);
  }

  /** Runs each statement in the schema, autocommit on. */
  public void execute(String... sql) {
    try (Connection c = connection(); Statement st = c.createStatement()) {
      for (String s : sql) {
        st.execute(s);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("SQL failed in " + schema + ": " + e.getMessage(), e);
    }
  }

  /** Runs the statements in one transaction. */
  public void transaction(String... sql) {
    try (Connection c = connection(); Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      for (String s : sql) {
        st.execute(s);
      }
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException("transaction failed in " + schema + ": " + e.getMessage(), e);
    }
  }

  /** The rows of a query, each as a list of JDBC values. */
  public List<List<Object>> query(String sql) {
    try (Connection c = connection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<List<Object>> rows = new ArrayList<>();
      while (rs.next()) {
        List<Object> row = new ArrayList<>(md.getColumnCount());
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.add(rs.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("query failed in " + schema + ": " + e.getMessage(), e);
    }
  }

  /** The single value of a one-row, one-column query. */
  public Object queryValue(String sql) {
    List<List<Object>> rows = query(sql);
    if (rows.size() != 1 || rows.get(0).size() != 1) {
      throw new IllegalStateException("expected one value from " + sql + ", got " + rows);
    }
    return rows.get(0).get(0);
  }

  /** The server's current binlog file and position ({@code SHOW MASTER STATUS}). */
  public String[] masterStatus() {
    List<List<Object>> rows = query("SHOW MASTER STATUS");
    return new String[] {String.valueOf(rows.get(0).get(0)), String.valueOf(rows.get(0).get(1))};
  }
}
