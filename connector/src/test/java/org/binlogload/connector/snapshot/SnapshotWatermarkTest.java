package org.binlogload.connector.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The watermark statements a server without SHOW MASTER STATUS (MySQL 8.4) or without a binlog answers. */
class SnapshotWatermarkTest {
  private final List<String> sent = new ArrayList<>();

  @Test
  void mySql84AnswersShowBinaryLogStatusWithItsGtidSet() throws SQLException {
    Connection c = server(Map.of(WatermarkReader.BINARY_LOG_STATUS,
        new Object[] {"binlog.000042", 157L, "3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5,\n7D2-1:1-2"}));
    Watermark w = WatermarkReader.read(c);
    assertThat(sent).containsExactly(WatermarkReader.MASTER_STATUS, WatermarkReader.BINARY_LOG_STATUS);
    assertThat(w).isEqualTo(new Watermark("binlog.000042", 157, "3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5,7D2-1:1-2"));
    assertThat(w.toString()).isEqualTo("binlog.000042:157");
    assertThat(w.position().gtidSet()).isEqualTo(w.gtid());
  }

  @Test
  void aServerWithoutBinlogIsNamedAsSuch() {
    Connection c = server(Map.of(WatermarkReader.MASTER_STATUS, new Object[0]));
    assertThatThrownBy(() -> WatermarkReader.read(c)).hasMessageContaining("binary log is off");
  }

  /** A connection answering each statement in {@code answers} with one row (none for an empty array), 1064 else. */
  private Connection server(Map<String, Object[]> answers) {
    return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
        (p, m, args) -> m.getName().equals("createStatement") ? statement(answers) : null);
  }

  private Statement statement(Map<String, Object[]> answers) {
    return (Statement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Statement.class},
        (p, m, args) -> {
          if (!m.getName().equals("executeQuery")) {
            return null;
          }
          String sql = (String) args[0];
          sent.add(sql);
          Object[] row = answers.get(sql);
          if (row == null) {
            throw new SQLSyntaxErrorException("You have an error in your SQL syntax", "42000", 1064);
          }
          return resultSet(row);
        });
  }

  private ResultSet resultSet(Object[] row) {
    boolean[] read = {false};
    String[] labels = {"File", "Position", "Executed_Gtid_Set"};
    ResultSetMetaData md = (ResultSetMetaData) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {ResultSetMetaData.class}, (p, m, args) -> m.getName().equals("getColumnCount") ? row.length
            : labels[(Integer) args[0] - 1]);
    return (ResultSet) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ResultSet.class},
        (p, m, args) -> switch (m.getName()) {
          case "next" -> {
            boolean has = row.length > 0 && !read[0];
            read[0] = true;
            yield has;
          }
          case "getString" -> String.valueOf(row[(Integer) args[0] - 1]);
          case "getLong" -> ((Number) row[(Integer) args[0] - 1]).longValue();
          case "getMetaData" -> md;
          default -> null;
        });
  }
}
