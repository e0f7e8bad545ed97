package org.binlogload.bench;

import static org.binlogload.bench.BinlogSupport.insertBulk;
import static org.binlogload.bench.BinlogSupport.insertSingles;
import static org.binlogload.bench.BinlogSupport.master;
import static org.binlogload.bench.BinlogSupport.mysqlTable;
import static org.binlogload.bench.BinlogSupport.rangeSince;
import static org.binlogload.bench.BinlogSupport.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.binlogload.testkit.MariaDbServer;

/** Writes issue 11's three binlog ranges, one table each: W1 bulk inserts, W2 updates and deletes, W3 one-row txns. */
final class PeerWorkloads {
  static final String SCHEMA = "bench_peer";

  private PeerWorkloads() {}

  /** One workload: its name, its table in {@link #SCHEMA}, the binlog range holding its rows, what it is. */
  record Workload(String name, String table, BinlogRange range, String what) {}

  /** Writes W1, W2 and W3 at {@code scale} of 500k inserted, 200k+100k updated and deleted, 50k single rows. */
  static List<Workload> write(MariaDbServer server, double scale) throws SQLException {
    long inserts = Math.max(1000, Math.round(500_000 * scale));
    long updates = Math.max(1000, Math.round(200_000 * scale));
    long deletes = Math.max(1000, Math.round(100_000 * scale));
    int singles = (int) Math.max(100, Math.round(50_000 * scale));
    sql(server, "DROP DATABASE IF EXISTS " + SCHEMA, "CREATE DATABASE " + SCHEMA, mysqlTable(SCHEMA + ".w1"),
        mysqlTable(SCHEMA + ".w2"), mysqlTable(SCHEMA + ".w3"));
    try (Connection c = server.adminConnection(SCHEMA); Statement st = c.createStatement()) {
      String[] start = master(server);
      insertBulk(st, "w1", 1, inserts);
      BinlogRange w1 = rangeSince(server, start, inserts);
      insertBulk(st, "w2", 1, updates + deletes); // before W2's range: the rows it updates and deletes
      start = master(server);
      byRange(st, "UPDATE w2 SET a = a + 1, c = CONCAT('u-', id), f = f * 2", 1, updates);
      byRange(st, "DELETE FROM w2", updates + 1, deletes);
      BinlogRange w2 = rangeSince(server, start, updates + deletes);
      start = master(server);
      insertSingles(st, "w3", 1, singles);
      BinlogRange w3 = rangeSince(server, start, singles);
      return List.of(
          new Workload("W1", "w1", w1, inserts + " rows in 1000-row INSERTs"),
          new Workload("W2", "w2", w2, updates + " updates + " + deletes + " deletes, 1000 rows a statement"),
          new Workload("W3", "w3", w3, singles + " one-row transactions"));
    }
  }

  /** Runs {@code statement WHERE id BETWEEN ..} over ids {@code first..first+rows-1}, 1000 ids a statement. */
  private static void byRange(Statement st, String statement, long first, long rows) throws SQLException {
    for (long from = first; from < first + rows; from += 1000) {
      long to = Math.min(from + 999, first + rows - 1);
      st.execute(statement + " WHERE id BETWEEN " + from + " AND " + to);
    }
  }
}
