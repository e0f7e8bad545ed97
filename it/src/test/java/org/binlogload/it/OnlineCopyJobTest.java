package org.binlogload.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.MariaDbServer;
import org.binlogload.testkit.TestDatabase;
import org.binlogload.testkit.Wait;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tables added to, re-copied in and dropped from a running job through the daemon: ALTER SYNC JOB ADD copies a table
 * with rows while the other tables keep flowing, RESNAPSHOT makes a table Doris was made to diverge on equal again,
 * DROP removes a channel and keeps its Doris table.
 */
@ExtendWith(MariaDbExtension.class)
class OnlineCopyJobTest {
  private static final String RUN = Long.toString(ProcessHandle.current().pid(), 36);
  private static DorisTarget doris;
  private DaemonProcess daemon;

  @BeforeAll
  static void start() {
    doris = DorisTarget.start();
  }

  @AfterAll
  static void stop() {
    if (doris != null) {
      doris.close();
    }
  }

  @AfterEach
  void stopDaemon() {
    if (daemon != null) {
      daemon.stop();
    }
  }

  @Test
  void addResnapshotAndDropWhileTheJobRunsUnderWrites(TestDatabase db) throws Exception {
    MariaDbServer server = db.server();
    String schema = "online_" + RUN;
    try (Connection c = server.adminConnection(null); Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + schema);
      st.execute("CREATE DATABASE " + schema + " CHARACTER SET utf8mb4");
    }
    E2e.sql(server, schema, "CREATE TABLE orders (id INT PRIMARY KEY, amount INT, note VARCHAR(20))",
        "CREATE TABLE items (o INT, line INT, qty INT, PRIMARY KEY (o, line))");
    StringBuilder o = new StringBuilder("INSERT INTO orders VALUES ");
    StringBuilder i = new StringBuilder("INSERT INTO items VALUES ");
    for (int k = 1; k <= 2000; k++) {
      o.append(k > 1 ? "," : "").append("(").append(k).append(",").append(k).append(",'n").append(k).append("')");
      i.append(k > 1 ? "," : "").append("(").append(k).append(",1,").append(k).append(")");
    }
    E2e.sql(server, schema, o.toString(), i.toString());
    daemon = DaemonProcess.prepare(E2e.home("online-copy"), doris, Map.of()).start();
    doris.recreateDatabase("it_online");
    doris.execute("it_online", "CREATE TABLE orders (id INT NOT NULL, amount INT NULL, note VARCHAR(20) NULL) "
        + "UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\", "
        + "\"function_column.sequence_type\" = \"BIGINT\")");
    AdminClient.Result created = daemon.admin().sql(E2e.createJob("it_online", "grow", server, null,
        "FROM " + schema + ".orders INTO orders", Map.of("sync_commit_interval_second", "1",
            "snapshot_chunk_size", "300")));
    assertThat(created.ok()).as(created.msg()).isTrue();
    E2e.awaitEqual(server, schema, doris, "it_online", List.of("orders"), daemon.admin(), "grow",
        Duration.ofSeconds(120));

    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicReference<Throwable> failed = new AtomicReference<>();
    Thread writer = new Thread(() -> write(server, schema, writing, failed), "online-writes");
    writer.start();
    try {
      AdminClient.Result add = daemon.admin().sql("ALTER SYNC JOB it_online.grow ADD (FROM " + schema
          + ".items INTO items)");
      assertThat(add.ok()).as(add.msg()).isTrue();
      assertThat(add.msg()).contains("added " + schema + ".items to sync job it_online.grow");
      Wait.until("the copy of items running", Duration.ofSeconds(60), () -> daemon.log().contains("online copy "));
      long before = daemon.admin().job("grow").path("totalRows").asLong();
      Wait.until("the copy of items handed over", Duration.ofSeconds(180),
          () -> daemon.log().contains(schema + ".items copied online"));
      assertThat(daemon.admin().job("grow").path("totalRows").asLong()).as("orders kept flowing")
          .isGreaterThan(before);
    } finally {
      writing.set(false);
      writer.join();
    }
    assertThat(failed.get()).as("the write load").isNull();
    E2e.awaitEqual(server, schema, doris, "it_online", List.of("orders", "items"), daemon.admin(), "grow",
        Duration.ofSeconds(60));

    // MySQL changes outside the binlog (a repair with sql_log_bin = 0): Doris keeps rows MySQL no longer has, lacks
    // one it has, and holds an old value
    try (Connection c = server.adminConnection(schema); Statement st = c.createStatement()) {
      st.execute("SET SESSION sql_log_bin = 0");
      st.execute("DELETE FROM items WHERE o BETWEEN 100 AND 120");
      st.execute("INSERT INTO items VALUES (777777, 1, 7)");
      st.execute("UPDATE items SET qty = -5 WHERE o = 2");
    }
    AdminClient.Result again = daemon.admin().sql("ALTER SYNC JOB it_online.grow RESNAPSHOT (" + schema + ".items)");
    assertThat(again.ok()).as(again.msg()).isTrue();
    Wait.until("the re-snapshot handed over", Duration.ofSeconds(120), () -> daemon.log().split(
        java.util.regex.Pattern.quote(schema + ".items copied online"), -1).length == 3);
    E2e.awaitEqual(server, schema, doris, "it_online", List.of("items"), daemon.admin(), "grow",
        Duration.ofSeconds(120));

    AdminClient.Result last = daemon.admin().sql("ALTER SYNC JOB it_online.grow DROP (FROM " + schema + ".orders, "
        + "FROM " + schema + ".items)");
    assertThat(last.ok()).isFalse();
    assertThat(last.msg()).contains("without channels").contains("STOP SYNC JOB it_online.grow");
    AdminClient.Result drop = daemon.admin().sql("ALTER SYNC JOB it_online.grow DROP (FROM " + schema + ".items)");
    assertThat(drop.ok()).as(drop.msg()).isTrue();
    assertThat(drop.msg()).contains("the Doris tables (it_online.items) are kept");
    E2e.awaitState(daemon.admin(), "grow", "RUNNING", Duration.ofSeconds(30));
    assertThat(doris.tableExists("it_online", "items")).isTrue();
  }

  @Test
  void aDdlDuringTheInitialSnapshotCopiesThatTableAgainAndEndsEqual(TestDatabase db) throws Exception {
    MariaDbServer server = db.server();
    String schema = "online_ddl_" + RUN;
    try (Connection c = server.adminConnection(null); Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + schema);
      st.execute("CREATE DATABASE " + schema + " CHARACTER SET utf8mb4");
    }
    E2e.sql(server, schema, "CREATE TABLE wide (id INT PRIMARY KEY, n INT, note VARCHAR(20))",
        "CREATE TABLE small (id INT PRIMARY KEY, n INT)");
    StringBuilder w = new StringBuilder("INSERT INTO wide VALUES ");
    for (int k = 1; k <= 3000; k++) {
      w.append(k > 1 ? "," : "").append("(").append(k).append(",").append(k).append(",'n").append(k).append("')");
    }
    E2e.sql(server, schema, w.toString(), "INSERT INTO small VALUES (1, 1), (2, 2)");
    daemon = DaemonProcess.prepare(E2e.home("online-ddl"), doris, Map.of()).start();
    doris.recreateDatabase("it_online_ddl");
    doris.dorisDouble().ifPresent(d -> d.faults().delayLoads(Duration.ofMillis(100)));
    try {
      AdminClient.Result created = daemon.admin().sql(E2e.createJob("it_online_ddl", "ddl", server, null,
          "FROM " + schema + ".* INTO it_online_ddl", Map.of("sync_commit_interval_second", "1",
              "snapshot_chunk_size", "200", "snapshot_parallelism", "2")));
      assertThat(created.ok()).as(created.msg()).isTrue();
      Wait.until("wide being copied", Duration.ofSeconds(60), () -> daemon.admin()
          .sql("SHOW SYNC JOB FROM it_online_ddl").orThrow().value(0, "Status")
          .matches("phase:snapshot.*rows:[1-9].*"));
      E2e.sql(server, schema, "ALTER TABLE wide ADD COLUMN extra VARCHAR(10) DEFAULT 'x'",
          "UPDATE wide SET extra = 'y' WHERE id = 3", "INSERT INTO wide VALUES (9000, 9, 'new', 'z')",
          "DELETE FROM wide WHERE id = 5", "UPDATE small SET n = -1 WHERE id = 2");
    } finally {
      doris.dorisDouble().ifPresent(d -> d.faults().delayLoads(Duration.ZERO));
    }
    Wait.until("wide copied again", Duration.ofSeconds(120),
        () -> daemon.log().contains(schema + ".wide copied online"));
    E2e.sql(server, schema, "UPDATE wide SET extra = 'after' WHERE id = 9", "INSERT INTO small VALUES (3, 3)");
    E2e.awaitEqual(server, schema, doris, "it_online_ddl", List.of("wide", "small"), daemon.admin(), "ddl",
        Duration.ofSeconds(120));
    assertThat(daemon.log()).contains("wide changed while");
  }

  /** Updates, inserts, deletes and key changes on both tables, and two-table transactions, until told to stop. */
  private static void write(MariaDbServer server, String schema, AtomicBoolean writing,
      AtomicReference<Throwable> failed) {
    try (Connection c = server.adminConnection(schema); Statement st = c.createStatement()) {
      for (int k = 1; writing.get(); k++) {
        int id = 1 + (k * 37) % 2000;
        c.setAutoCommit(false);
        st.execute("UPDATE orders SET amount = amount + 1 WHERE id = " + id);
        st.execute("UPDATE items SET qty = qty + 1 WHERE o = " + id);
        st.execute("INSERT INTO items VALUES (" + (10000 + k) + ", 1, " + k + ")");
        c.commit();
        c.setAutoCommit(true);
        st.execute("INSERT INTO orders VALUES (" + (50000 + k) + ", " + k + ", 'w')");
        if (k % 3 == 0) {
          st.execute("DELETE FROM items WHERE o = " + (1 + (k * 13) % 2000));
        }
        if (k % 4 == 0) {
          st.execute("UPDATE items SET o = " + (900000 + k) + " WHERE o = " + (1 + (k * 17) % 2000));
        }
        Thread.sleep(20);
      }
    } catch (Throwable t) {
      failed.set(t);
    }
  }
}
