package org.binlogload.canal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.binlogload.testkit.MariaDbServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GtidTest {
  @Test
  void emptyGtidSetOnAFreshBinlogAndSeveralDomainsResumeByGtid(@TempDir Path dir) {
    MariaDbServer server = DedicatedServer.get();
    // A fresh binlog: its first file starts with an empty GTID list, where Canal 1.1.7 threw.
    DedicatedServer.sql(server, "RESET MASTER", "DROP DATABASE IF EXISTS gtid_db", "CREATE DATABASE gtid_db",
        "CREATE TABLE gtid_db.t (id INT PRIMARY KEY)", "INSERT INTO gtid_db.t VALUES (1), (2)",
        "SET SESSION gtid_domain_id = 1", "INSERT INTO gtid_db.t VALUES (3)", "SET SESSION gtid_domain_id = 0",
        "INSERT INTO gtid_db.t VALUES (4)");
    try (EmbeddedCanal canal = Readers.builder(server, "gtid_db", dir).name("gtid")
        .startPosition(StartPosition.parse("gtid:")).build()) {
      canal.start();
      List<ChangeEvent> events = Readers.drain(canal, Duration.ofSeconds(30), Readers.rowCount("t", 4));
      assertThat(events).anyMatch(e -> e instanceof DdlEvent d && d.sql().startsWith("CREATE TABLE"));
      List<RowChange> rows = Readers.rows(events, "t");
      assertThat(rows).extracting(r -> r.after("id")).containsExactly(1L, 2L, 3L, 4L);
      String gtid = rows.get(3).position().gtidSet();
      assertThat(gtid).contains("0-1-").contains("1-1-1");
    }
    String saved = new String(DurableStore.directory(dir).get("gtid.cursor").orElseThrow(), StandardCharsets.UTF_8);
    assertThat(saved).contains("gtidMode=true").contains("resume.gtid=");

    DedicatedServer.sql(server, "SET SESSION gtid_domain_id = 1", "INSERT INTO gtid_db.t VALUES (5)",
        "SET SESSION gtid_domain_id = 0", "INSERT INTO gtid_db.t VALUES (6)");
    try (EmbeddedCanal again = Readers.builder(server, "gtid_db", dir).name("gtid").build()) {
      again.start();
      List<RowChange> rows = Readers.rows(Readers.drain(again, Duration.ofSeconds(30), Readers.rowCount("t", 2)),
          "t");
      assertThat(rows).extracting(r -> r.after("id")).containsExactly(5L, 6L);
      assertThat(rows.get(1).position().gtidSet()).contains("1-1-2");
    }
  }
}
