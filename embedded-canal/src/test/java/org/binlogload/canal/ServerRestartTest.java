package org.binlogload.canal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.binlogload.testkit.MariaDbServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerRestartTest {
  @Test
  void mariaDbRestartMidStreamReconnectsAndLosesNothing(@TempDir Path dir) {
    MariaDbServer server = DedicatedServer.get();
    DedicatedServer.sql(server, "DROP DATABASE IF EXISTS restart_db", "CREATE DATABASE restart_db",
        "CREATE TABLE restart_db.t (id INT PRIMARY KEY)");
    try (EmbeddedCanal canal = Readers.builder(server, "restart_db", dir).name("restart").build()) {
      canal.start();
      for (int i = 1; i <= 100; i++) {
        DedicatedServer.sql(server, "INSERT INTO restart_db.t VALUES (" + i + ")");
      }
      List<ChangeEvent> events = new ArrayList<>(Readers.drain(canal, Duration.ofSeconds(30), Readers.rowCount("t", 50)));
      server.restart();
      for (int i = 101; i <= 200; i++) {
        DedicatedServer.sql(server, "INSERT INTO restart_db.t VALUES (" + i + ")");
      }
      events.addAll(Readers.drain(canal, Duration.ofSeconds(90),
          e -> Readers.rows(events, "t").size() + Readers.rows(e, "t").size() >= 200));
      List<Object> ids = Readers.rows(events, "t").stream().map(r -> r.after("id")).toList();
      List<Object> expected = new ArrayList<>();
      for (long i = 1; i <= 200; i++) {
        expected.add(i);
      }
      assertThat(ids).isEqualTo(expected);
    }
  }
}
