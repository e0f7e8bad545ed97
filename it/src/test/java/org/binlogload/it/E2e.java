package org.binlogload.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.binlogload.testkit.MariaDbServer;
import org.binlogload.testkit.Wait;

/** What the end-to-end tests share: job statements, waits on the admin API, row-for-row comparison. */
final class E2e {
  private E2e() {
  }

  /** A fresh daemon home under {@code target/it-work/}, kept after the run so that its log can be read. */
  static java.nio.file.Path home(String name) {
    java.nio.file.Path p = java.nio.file.Path.of("target", "it-work", name + "-" + System.currentTimeMillis())
        .toAbsolutePath();
    try {
      java.nio.file.Files.createDirectories(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return p;
  }

  /** A CREATE SYNC JOB statement for {@code server} as the replication user; a null start position is left out. */
  static String createJob(String db, String name, MariaDbServer server, String startPosition, String channels,
      Map<String, String> props) {
    StringBuilder sb = new StringBuilder("CREATE SYNC JOB ").append(db).append('.').append(name).append(" (\n  ")
        .append(channels).append("\n) FROM BINLOG (\n  \"type\" = \"mysql\", \"mysql.host\" = \"").append(server.host())
        .append("\", \"mysql.port\" = \"").append(server.port()).append("\",\n  \"mysql.user\" = \"")
        .append(server.replUser()).append("\", \"mysql.password\" = \"").append(server.replPassword()).append('"')
        .append(startPosition == null ? "" : ",\n  \"mysql.start_position\" = \"" + startPosition + "\"")
        .append("\n)");
    if (!props.isEmpty()) {
      sb.append(" PROPERTIES (");
      List<String> p = new ArrayList<>();
      props.forEach((k, v) -> p.add("\"" + k + "\" = \"" + v + "\""));
      sb.append(String.join(", ", p)).append(')');
    }
    return sb.toString();
  }

  /** The binlog position now, {@code file:offset}. */
  static String masterStatus(MariaDbServer server) {
    try {
      return Demo.masterStatus(server);
    } catch (SQLException e) {
      throw new IllegalStateException("SHOW MASTER STATUS failed: " + e.getMessage(), e);
    }
  }

  /** Runs statements in {@code schema}. */
  static void sql(MariaDbServer server, String schema, String... statements) {
    try (Connection c = server.adminConnection(schema); Statement st = c.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("SQL failed: " + e.getMessage(), e);
    }
  }

  /** Waits until {@code name} is in {@code state}. */
  static JsonNode awaitState(AdminClient admin, String name, String state, Duration timeout) {
    return Wait.until("job " + name + " " + state, timeout, () -> admin.job(name),
        j -> state.equals(j.path("state").asText()));
  }

  /** Waits until the job has committed at least one round (it has connected and read the binlog). */
  static void awaitCommitted(AdminClient admin, String name) {
    Wait.until("job " + name + " committed its first rows", Duration.ofSeconds(60), () -> admin.job(name), j -> {
      failIfStopped(j);
      return j.path("totalRows").asLong() > 0;
    });
  }

  private static void failIfStopped(JsonNode j) {
    String s = j.path("state").asText();
    if (s.equals("PAUSED") || s.equals("CANCELLED")) {
      throw new AssertionError("job " + j.path("name").asText() + " is " + s + ": " + j.path("msg").asText());
    }
  }

  /**
   * Waits until each of {@code tables} holds in Doris ({@code dorisDb}) exactly what it holds in MySQL
   * ({@code schema}), row for row, failing at once when the job pauses or is cancelled; {@code admin} may be null.
   */
  static void awaitEqual(MariaDbServer server, String schema, DorisTarget doris, String dorisDb, List<String> tables,
      AdminClient admin, String job, Duration timeout) {
    String[] last = {""};
    long[] lastCompare = {0};
    try {
      Wait.until("Doris " + dorisDb + "." + tables + " equal to MySQL " + schema, timeout, () -> {
        if (admin != null) {
          failIfStopped(admin.job(job));
        }
        long now = System.nanoTime();
        if (now - lastCompare[0] < 500_000_000L) {
          return false; // compare at most twice a second: a comparison reads every row of both sides
        }
        lastCompare[0] = now;
        try {
          for (String t : tables) {
            if (!doris.tableExists(dorisDb, t)) {
              last[0] = dorisDb + "." + t + " does not exist yet";
              return false;
            }
            TableContents src = mysql(server, schema, t);
            TableContents dst = TableContents.doris(doris, dorisDb, t, keys(src));
            if (!src.sameAs(dst)) {
              last[0] = src.diff(dst, 5);
              return false;
            }
          }
          return true;
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\nlast difference:\n" + last[0], e);
    }
    for (String t : tables) {
      try {
        TableContents src = mysql(server, schema, t);
        TableContents dst = TableContents.doris(doris, dorisDb, t, keys(src));
        assertThat(dst.checksum()).as("checksum of " + t).isEqualTo(src.checksum());
        assertThat(dst.size()).isEqualTo(src.size());
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** The key to read a Doris table by: MySQL's primary key, else {@code id} as before. */
  private static List<String> keys(TableContents src) {
    return src.keys().isEmpty() ? List.of("id") : src.keys();
  }

  static TableContents mysql(MariaDbServer server, String schema, String table) throws SQLException {
    try (Connection c = server.adminConnection(schema)) {
      return TableContents.mysql(c, schema, table);
    }
  }
}
