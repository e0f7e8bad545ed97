package org.binlogload.canal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.MariaDbServer;
import org.binlogload.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(MariaDbExtension.class)
class FailureTest {
  @Test
  void wrongPasswordNamesUserHostAndPort(TestDatabase db, @TempDir Path dir) {
    String wrong = "not-the-password-4711";
    EmbeddedCanal canal = Readers.builder(db, dir).password(wrong).build();
    assertThatThrownBy(canal::start)
        .isInstanceOfSatisfying(BinlogException.class, e -> {
          assertThat(e.reason()).isEqualTo(BinlogException.Reason.AUTHENTICATION);
          assertThat(e.fatal()).isTrue();
        })
        .hasMessageStartingWith("access denied for " + db.server().replUser() + "@" + db.host() + ":" + db.port())
        .hasMessageNotContaining(wrong);
  }

  @Test
  void binlogNotRowNamesTheVariableAndTheFix(@TempDir Path dir) {
    MariaDbServer server = DedicatedServer.get();
    DedicatedServer.sql(server, "SET GLOBAL binlog_format = 'STATEMENT'");
    try {
      EmbeddedCanal canal = Readers.builder(server, "fail", dir).build();
      assertThatThrownBy(canal::start)
          .isInstanceOfSatisfying(BinlogException.class,
              e -> assertThat(e.reason()).isEqualTo(BinlogException.Reason.BINLOG_FORMAT))
          .hasMessage("binlog_format is STATEMENT on " + server.host() + ":" + server.port()
              + "; set binlog_format=ROW (SET GLOBAL binlog_format=ROW and --binlog-format=ROW in the server config)");
    } finally {
      DedicatedServer.sql(server, "SET GLOBAL binlog_format = 'ROW'");
    }
  }

  @Test
  void binlogOffNamesTheVariableAndTheFix(@TempDir Path dir) {
    MariaDbServer server = DedicatedServer.get();
    server.extraArgs("--skip-log-bin").restart();
    try {
      EmbeddedCanal canal = Readers.builder(server, "fail", dir).build();
      assertThatThrownBy(canal::start)
          .isInstanceOfSatisfying(BinlogException.class,
              e -> assertThat(e.reason()).isEqualTo(BinlogException.Reason.BINLOG_DISABLED))
          .hasMessage("log_bin is OFF on " + server.host() + ":" + server.port()
              + "; start the server with --log-bin (and --binlog-format=ROW --binlog-row-image=FULL)");
    } finally {
      server.extraArgs("").restart();
    }
  }

  @Test
  void purgedSavedPositionIsFatalAndNeverSkipped(@TempDir Path dir) {
    MariaDbServer server = DedicatedServer.get();
    DedicatedServer.sql(server, "CREATE DATABASE IF NOT EXISTS purge_db",
        "CREATE TABLE IF NOT EXISTS purge_db.t (id INT PRIMARY KEY)", "DELETE FROM purge_db.t");
    try (EmbeddedCanal canal = Readers.builder(server, "purge_db", dir).name("purge").build()) {
      canal.start();
      DedicatedServer.sql(server, "INSERT INTO purge_db.t VALUES (1)");
      Readers.drain(canal, Duration.ofSeconds(30), Readers.rowCount("t", 1));
    }
    BinlogPosition saved = BinlogPosition.parse(
        new String(DurableStore.directory(dir).get("purge.cursor").orElseThrow()).lines()
            .filter(l -> l.startsWith("resume=")).findFirst().orElseThrow().substring("resume=".length()));
    DedicatedServer.sql(server, "FLUSH BINARY LOGS", "INSERT INTO purge_db.t VALUES (2)", "FLUSH BINARY LOGS");
    List<String> logs = DedicatedServer.column(server, "SHOW BINARY LOGS");
    // The server keeps a file while a (just closed) dump connection still reads it: purge until it is gone.
    List<String> left = org.binlogload.testkit.Wait.until("the purge of " + saved.file(), Duration.ofSeconds(30), () -> {
      DedicatedServer.sql(server, "PURGE BINARY LOGS TO '" + logs.get(logs.size() - 1) + "'");
      return DedicatedServer.column(server, "SHOW BINARY LOGS");
    }, l -> !l.contains(saved.file()));

    EmbeddedCanal again = Readers.builder(server, "purge_db", dir).name("purge").build();
    assertThatThrownBy(again::start)
        .isInstanceOfSatisfying(BinlogException.class, e -> {
          assertThat(e.reason()).isEqualTo(BinlogException.Reason.POSITION_PURGED);
          assertThat(e.fatal()).isTrue();
        })
        .hasMessageContaining("saved position " + saved)
        .hasMessageContaining("no longer has (oldest: " + left.get(0) + ")")
        .hasMessageContaining("will not skip ahead");
  }

  @Test
  void error1236WhileDumpingIsFatalAndClear(TestDatabase db, @TempDir Path dir) {
    String[] status = db.masterStatus();
    // Offset 5 is inside the binlog header: the server refuses to send from there with error 1236.
    try (EmbeddedCanal canal = Readers.builder(db, dir).startPosition(StartPosition.at(status[0], 5)).build()) {
      canal.start();
      BinlogException e = org.binlogload.testkit.Wait.until("the reader reports error 1236", Duration.ofSeconds(30),
          () -> {
            try {
              canal.get(10, Duration.ofMillis(200));
              return null;
            } catch (BinlogException x) {
              return x;
            }
          }, x -> x != null);
      assertThat(e.reason()).isEqualTo(BinlogException.Reason.POSITION_PURGED);
      assertThat(e.fatal()).isTrue();
      assertThat(e.getMessage()).contains("error 1236").contains(db.host() + ":" + db.port())
          .contains("will not skip ahead");
      assertThatThrownBy(() -> canal.get(10, Duration.ofMillis(10))).isInstanceOf(BinlogException.class);
      assertThat(canal.position().offset()).isEqualTo(5);
    }
  }

  @Test
  void startInsideATransactionIsAClearConfigurationError(TestDatabase db, @TempDir Path dir) {
    db.execute("CREATE TABLE mid (id INT PRIMARY KEY)");
    String[] at = db.masterStatus();
    db.execute("INSERT INTO mid VALUES (1)");
    long rowsEvent = -1;
    for (List<Object> e : db.query("SHOW BINLOG EVENTS IN '" + at[0] + "' FROM " + at[1])) {
      if (String.valueOf(e.get(2)).startsWith("Write_rows")) {
        rowsEvent = ((Number) e.get(1)).longValue();
        break;
      }
    }
    assertThat(rowsEvent).isPositive();
    try (EmbeddedCanal canal = Readers.builder(db, dir).startPosition(StartPosition.at(at[0], rowsEvent)).build()) {
      canal.start();
      BinlogException e = org.binlogload.testkit.Wait.until("the reader refuses the position", Duration.ofSeconds(30),
          () -> {
            try {
              canal.get(10, Duration.ofMillis(200));
              return null;
            } catch (BinlogException x) {
              return x;
            }
          }, x -> x != null);
      assertThat(e.reason()).isEqualTo(BinlogException.Reason.CONFIGURATION);
      assertThat(e.getMessage()).startsWith("the start position is inside a transaction")
          .endsWith("start at a transaction boundary (a position from SHOW MASTER STATUS or SHOW BINLOG EVENTS)");
    }
  }
}
