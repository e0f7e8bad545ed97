package org.binlogload.canal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.binlogload.testkit.MariaDbServer;

/** The MariaDB of embedded-canal's tests that stop, restart or reconfigure their server. */
final class DedicatedServer {
  static final String NAME = "embedded-canal";

  private DedicatedServer() {}

  static MariaDbServer get() {
    return MariaDbServer.dedicated(NAME);
  }

  static void sql(MariaDbServer server, String... statements) {
    try (Connection c = server.adminConnection(null); Statement st = c.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("SQL failed on " + server.name() + ": " + e.getMessage(), e);
    }
  }

  static List<String> column(MariaDbServer server, String query) {
    try (Connection c = server.adminConnection(null); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("query failed on " + server.name() + ": " + e.getMessage(), e);
    }
  }
}
