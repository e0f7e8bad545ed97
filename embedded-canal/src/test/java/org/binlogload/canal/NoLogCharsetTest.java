package org.binlogload.canal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.binlogload.testkit.MariaDbServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With binlog_row_metadata=NO_LOG (MariaDB's default) the table map names no charsets: text decodes in the charset
 * the tracked definition names (the column's own, else the table's default), for a table defined before the reader
 * started and one created while it reads, and after ALTER TABLE ... CONVERT TO / CHARACTER SET, equal to the server's
 * own conversion; a refused charset's rows go on undecodable.
 */
class NoLogCharsetTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String DB = "nolog_db";

  @Test
  void textDecodesInTheCharsetItsDefinitionNames(@TempDir Path dir) {
    MariaDbServer server = DedicatedServer.get();
    DedicatedServer.sql(server, "CREATE DATABASE IF NOT EXISTS " + DB, "DROP TABLE IF EXISTS " + DB + ".snap",
        "DROP TABLE IF EXISTS " + DB + ".live", "DROP TABLE IF EXISTS " + DB + ".ms",
        "CREATE TABLE " + DB + ".snap (id INT PRIMARY KEY, g VARCHAR(20) CHARACTER SET gbk, c VARCHAR(20),"
            + " u VARCHAR(20) CHARACTER SET utf8mb4, b TEXT COLLATE big5_bin) DEFAULT CHARSET=cp1251");
    List<ChangeEvent> events;
    DedicatedServer.sql(server, "SET GLOBAL binlog_row_metadata = 'NO_LOG'");
    try (EmbeddedCanal canal = Readers.builder(server, DB, dir).build()) {
      canal.start();
      DedicatedServer.sql(server,
          "CREATE TABLE " + DB + ".live (id INT PRIMARY KEY, k VARCHAR(20) CHARACTER SET euckr, s VARCHAR(20))"
              + " DEFAULT CHARSET=sjis",
          "CREATE TABLE " + DB + ".ms (id INT PRIMARY KEY, t VARCHAR(20) CHARACTER SET eucjpms)",
          "INSERT INTO " + DB + ".snap VALUES (1, '\u4e2d\u6587', '\u041f\u0440\u0438\u0432\u0435\u0442',"
              + " '\u00e9\ud83d\ude00', '\u4e2d\u6587\u6e2c\u8a66')",
          "INSERT INTO " + DB + ".ms VALUES (1, '\u304b\u306a')",
          "INSERT INTO " + DB + ".live VALUES (1, '\ud55c\uad6d\uc5b4', '\u65e5\u672c\u8a9e\u2015')",
          // druid's schema keeps the old charsets: the history reads the table from the server instead
          "ALTER TABLE " + DB + ".snap CONVERT TO CHARACTER SET utf8mb4",
          "INSERT INTO " + DB + ".snap VALUES (2, '\u4e2d\u6587 \ud83d\ude00', '\u041f\u0440\u0438', 'x',"
              + " '\u6e2c\u8a66')",
          "ALTER TABLE " + DB + ".live CHARACTER SET = big5",
          "INSERT INTO " + DB + ".live VALUES (2, '\ud55c', '\u65e5')");
      events = Readers.drain(canal, WAIT, Readers.rowCount("live", 2));
    } finally {
      DedicatedServer.sql(server, "SET GLOBAL binlog_row_metadata = 'FULL'");
    }
    assertThat(values(Readers.rows(events, "snap"), "g", "c", "u", "b"))
        .isEqualTo(converted(server, "snap", "g", "c", "u", "b"));
    assertThat(values(Readers.rows(events, "live"), "k", "s")).isEqualTo(converted(server, "live", "k", "s"));
    List<UndecodableRows> undecodable = events.stream().filter(e -> e instanceof UndecodableRows)
        .map(e -> (UndecodableRows) e).toList();
    assertThat(undecodable).hasSize(1);
    assertThat(undecodable.get(0).table()).isEqualTo("ms");
    assertThat(undecodable.get(0).reason()).contains("column t of ").contains("eucjpms")
        .contains("convert the column to utf8mb4");
  }

  private static List<List<Object>> values(List<RowChange> rows, String... columns) {
    List<List<Object>> out = new ArrayList<>();
    for (RowChange r : rows) {
      List<Object> v = new ArrayList<>();
      for (String c : columns) {
        v.add(r.after(c));
      }
      out.add(v);
    }
    return out;
  }

  /** The server's own conversion of the columns to utf8mb4, row by row in id order. */
  private static List<List<Object>> converted(MariaDbServer server, String table, String... columns) {
    Map<Integer, List<Object>> out = new LinkedHashMap<>();
    StringBuilder sql = new StringBuilder("SELECT id");
    for (String c : columns) {
      sql.append(", CONVERT(").append(c).append(" USING utf8mb4)");
    }
    sql.append(" FROM ").append(DB).append('.').append(table).append(" ORDER BY id");
    try (Connection c = server.adminConnection(null); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql.toString())) {
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 0; i < columns.length; i++) {
          row.add(rs.getString(i + 2));
        }
        out.put(rs.getInt(1), row);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return new ArrayList<>(out.values());
  }
}
