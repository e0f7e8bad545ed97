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
 * Onboarding an existing database through the daemon: one CREATE SYNC JOB without a start position copies every
 * table's rows (the initial snapshot), then follows the binlog, and Doris ends equal to MariaDB; a table without a
 * key is shown NOT SYNCED with its reason; a concurrent write load and kill -9 during the copy and right after the
 * hand-over change nothing of that. The database holds several tables, compound and string keys, a keyless table and
 * one of every type of the type table.
 */
@ExtendWith(MariaDbExtension.class)
class SnapshotJobTest {
  private static final String RUN = Long.toString(ProcessHandle.current().pid(), 36);
  private static final List<String> TABLES = List.of("orders", "items", "tags", "alltypes");
  /** Every type of the type table (docs/ddl-translator.md), as SnapshotTypesMariaDbTest has them. */
  private static final String TYPES = "id INT PRIMARY KEY, t1 TINYINT(1), ti TINYINT, tiu TINYINT UNSIGNED,"
      + " si SMALLINT, siu SMALLINT UNSIGNED, mi MEDIUMINT, mi_u MEDIUMINT UNSIGNED, i INT, iu INT UNSIGNED,"
      + " bi BIGINT, biu BIGINT UNSIGNED, de DECIMAL(20,6), de0 DECIMAL(10,0), f FLOAT, d DOUBLE, b1 BIT(1),"
      + " b10 BIT(10), b64 BIT(64), c CHAR(5), vc VARCHAR(50), tx TEXT, lt LONGTEXT, e ENUM('red','green','blue'),"
      + " s SET('a','b','c','d'), j JSON, bin BINARY(4), vb VARBINARY(10), bl BLOB, dt DATE, dtm DATETIME,"
      + " dtm6 DATETIME(6), ts TIMESTAMP NULL, ts3 TIMESTAMP(3) NULL, tm TIME, tm3 TIME(3), y YEAR,"
      + " g GEOMETRY NULL, ip INET6 NULL, u UUID NULL";

  /** A row of every type with {@code id}: extreme values, non-ASCII text, binary, dates; {@code id} varies a few. */
  static String typesRow(int id) {
    return "(" + id + ", 1, -128, 255, -32768, 65535, -8388608, 16777215, -2147483648, 4294967295,"
        + " -9223372036854775808, 18446744073709551615, -12345678901234.123456, " + id + ", 1.5, -2.25e-300, b'1',"
        + " b'1000000001', b'1111111111111111111111111111111111111111111111111111111111111111', 'ab ',"
        + " 'h\u00e9llo \uD83D\uDE00 " + id + "', 'text \u2713', REPEAT('x', 3000), 'green', 'a,d',"
        + " '{\"k\": [1, \"\u00fc\"], \"n\": " + id + "}', x'0102', x'00FF10', x'DEADBEEF00', '2024-02-29',"
        + " '2024-02-29 23:59:58', '2024-02-29 23:59:58.000123', '2024-03-10 12:34:56',"
        + " '1999-12-31 23:59:59.999', '-838:59:59', '12:34:56.780', 2024, ST_GeomFromText('POINT(1 2)'),"
        + " '2001:db8::" + Integer.toHexString(id) + "', '123e4567-e89b-12d3-a456-4266141740" + (10 + id % 90)
        + "')";
  }
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
    doris.dorisDouble().ifPresent(d -> d.faults().clear());
  }

  /** A fresh schema with {@code rows} orders, as many items, a tenth as many string-keyed tags and a keyless log. */
  private static void existingDatabase(MariaDbServer server, String schema, int rows) throws Exception {
    try (Connection c = server.adminConnection(null); Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + schema);
      st.execute("CREATE DATABASE " + schema + " CHARACTER SET utf8mb4");
    }
    E2e.sql(server, schema,
        "CREATE TABLE orders (id INT PRIMARY KEY, customer VARCHAR(40), amount DECIMAL(10,2), at DATETIME(3))",
        "CREATE TABLE items (id INT, line INT, qty INT, note VARCHAR(20), PRIMARY KEY (id, line))",
        "CREATE TABLE tags (id VARCHAR(32) PRIMARY KEY, n BIGINT)",
        "CREATE TABLE logs (msg VARCHAR(40), at DATETIME)", "CREATE TABLE alltypes (" + TYPES + ")");
    StringBuilder o = new StringBuilder("INSERT INTO orders VALUES ");
    StringBuilder l = new StringBuilder("INSERT INTO items VALUES ");
    StringBuilder t = new StringBuilder("INSERT INTO tags VALUES ");
    for (int i = 1; i <= rows; i++) {
      o.append(i > 1 ? "," : "").append("(").append(i).append(",'c").append(i % 97).append(" \u00e9',").append(i)
          .append(".25,'2024-05-0").append(1 + i % 9).append(" 10:00:00.").append(100 + i % 900).append("')");
      l.append(i > 1 ? "," : "").append("(").append(1 + i / 3).append(",").append(i % 3).append(",").append(i)
          .append(",'n").append(i).append("')");
      if (i % 10 == 0) {
        t.append(i > 10 ? "," : "").append("('tag-").append(i).append("',").append(i * 1000L).append(")");
      }
    }
    E2e.sql(server, schema, "INSERT INTO alltypes VALUES " + typesRow(1) + ", " + typesRow(2) + ", " + typesRow(3),
        "INSERT INTO alltypes (id) VALUES (4)", "INSERT INTO alltypes (id, tiu, biu, b1, e, s, f, de) VALUES "
            + "(5, 0, 0, b'0', 'red', '', 3.4e38, 0.5)");
    E2e.sql(server, schema, o.toString(), l.toString(), t.toString(),
        "INSERT INTO logs VALUES ('same', '2024-01-01 00:00:00'), ('same', '2024-01-01 00:00:00')");
  }

  private void createJob(MariaDbServer server, String schema, String dorisDb, String job, Map<String, String> props) {
    doris.recreateDatabase(dorisDb);
    AdminClient.Result r = daemon.admin().sql(E2e.createJob(dorisDb, job, server, null,
        "FROM " + schema + ".* INTO " + dorisDb, props));
    assertThat(r.ok()).as(r.msg()).isTrue();
  }

  private String status(String dorisDb) {
    return daemon.admin().sql("SHOW SYNC JOB FROM " + dorisDb).orThrow().value(0, "Status");
  }

  @Test
  void oneDefaultCreateCopiesAWholeDatabaseThenFollowsItAndShowsTheKeylessTableNotSynced(TestDatabase db)
      throws Exception {
    MariaDbServer server = db.server();
    String schema = "snap_plain_" + RUN;
    existingDatabase(server, schema, 3000);
    daemon = DaemonProcess.prepare(E2e.home("snapshot-plain"), doris, Map.of()).start();
    createJob(server, schema, "it_snap_plain", "onboard", Map.of("sync_commit_interval_second", "1"));
    E2e.awaitEqual(server, schema, doris, "it_snap_plain", TABLES, daemon.admin(), "onboard",
        Duration.ofSeconds(120));
    Wait.until("the job streaming the binlog", Duration.ofSeconds(60),
        () -> status("it_snap_plain").startsWith("phase:stream"));
    E2e.sql(server, schema, "INSERT INTO orders VALUES (100000, 'after', 1.00, NOW(3))",
        "UPDATE tags SET n = -1 WHERE id = 'tag-10'", "DELETE FROM items WHERE id = 7",
        "UPDATE orders SET id = 200000 WHERE id = 5", "INSERT INTO logs VALUES ('more', NOW())",
        "INSERT INTO alltypes VALUES " + typesRow(6), "UPDATE alltypes SET vc = 'streamed' WHERE id = 2");
    E2e.awaitEqual(server, schema, doris, "it_snap_plain", TABLES, daemon.admin(), "onboard",
        Duration.ofSeconds(60));
    assertThat(status("it_snap_plain")).contains("NOT SYNCED " + schema + ".logs: it cannot become a Doris table")
        .contains("neither a primary key nor a NOT NULL unique key");
    assertThat(doris.tableExists("it_snap_plain", "logs")).isFalse();
    assertThat(daemon.admin().sql("SHOW SYNC JOB FROM it_snap_plain").orThrow().value(0, "JobConfig"))
        .contains("startPosition:initial");
    assertThat(daemon.log()).contains("snapshot done (4 tables");
  }

  /**
   * Several kill -9 at seeded random moments while the snapshot copies and after the hand-over, under a write load:
   * the seed is printed ({@code -Dsnapshot.kill.seed=<seed>} repeats a run's moments).
   */
  @Test
  void concurrentWritesAndKillNineAtRandomMomentsDuringTheCopyAndTheHandOverEndEqualWithNoDuplicate(TestDatabase db)
      throws Exception {
    long seed = Long.getLong("snapshot.kill.seed", System.nanoTime());
    System.out.println("kill -9 moments: seed " + seed);
    java.util.Random random = new java.util.Random(seed);
    MariaDbServer server = db.server();
    String schema = "snap_kill_" + RUN;
    existingDatabase(server, schema, 6000);
    daemon = DaemonProcess.prepare(E2e.home("snapshot-kill"), doris, Map.of()).start();
    // slow loads keep the copy going for some seconds, so the writes and the kills land inside it
    doris.dorisDouble().ifPresent(d -> d.faults().delayLoads(Duration.ofMillis(150)));
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicReference<Throwable> failed = new AtomicReference<>();
    Thread writer = new Thread(() -> write(server, schema, writing, failed), "snapshot-writes");
    writer.start();
    int duringCopy = 0;
    try {
      createJob(server, schema, "it_snap_kill", "killed", Map.of("sync_commit_interval_second", "1",
          "snapshot_chunk_size", "300", "snapshot_parallelism", "2"));
      for (int k = 0; k < 3; k++) {
        String seen = Wait.until("the snapshot copying (or done)", Duration.ofSeconds(120),
            () -> status("it_snap_kill"), s -> s.matches("phase:snapshot, tables:\\d+/4, rows:[1-9].*")
                || s.startsWith("phase:stream"));
        if (seen.startsWith("phase:stream")) {
          break;
        }
        long delay = random.nextInt(2000);
        Thread.sleep(delay); // the seeded random moment of the kill, not a wait for a condition
        String at = status("it_snap_kill");
        daemon.kill9();
        duringCopy += at.startsWith("phase:snapshot") ? 1 : 0;
        System.out.println("kill -9 " + delay + " ms after " + seen.split(", position")[0] + ", at: "
            + at.split(", position")[0]);
        daemon.start();
      }
      doris.dorisDouble().ifPresent(d -> d.faults().delayLoads(Duration.ZERO));
      for (int k = 0; k < 2; k++) {
        Wait.until("the hand-over to the binlog", Duration.ofSeconds(180), () -> status("it_snap_kill")
            .startsWith("phase:stream"));
        long delay = random.nextInt(1500);
        Thread.sleep(delay); // the seeded random moment of the kill, not a wait for a condition
        daemon.kill9();
        System.out.println("kill -9 " + delay + " ms after the hand-over");
        daemon.start();
      }
      E2e.awaitState(daemon.admin(), "killed", "RUNNING", Duration.ofSeconds(60));
      Wait.until("the restarted job reading the writes", Duration.ofSeconds(60),
          () -> daemon.admin().job("killed").path("totalRows").asLong() > 0);
    } finally {
      writing.set(false);
      writer.join();
    }
    assertThat(failed.get()).as("the write load").isNull();
    // EQUAL row for row, and no key twice (TableContents refuses a duplicate key), checksums and counts equal
    E2e.awaitEqual(server, schema, doris, "it_snap_kill", TABLES, daemon.admin(), "killed",
        Duration.ofSeconds(180));
    assertThat(duringCopy).as("kills while the snapshot copied (seed " + seed + ")").isPositive();
    assertThat(daemon.log()).contains("generation 1"); // a killed snapshot resumed instead of starting over
  }

  /**
   * A table larger than the daemon's heap: the daemon runs with -Xmx256m and one default CREATE SYNC JOB copies a
   * table of {@code -Dsnapshot.heap.mb} MB (320 unless told; 150 kB rows, all in one default-sized chunk, so one
   * Stream Load streams it) and ends with every row in Doris, value for value.
   */
  @Test
  void aTableLargerThanTheDaemonsHeapCopiesWithTheDaemonAt256m(TestDatabase db) throws Exception {
    MariaDbServer server = db.server();
    String schema = "snap_heap_" + RUN;
    int valueChars = 150_000;
    int rows = Integer.getInteger("snapshot.heap.mb", 320) * 1_000_000 / valueChars;
    try (Connection c = server.adminConnection(null); Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + schema);
      st.execute("CREATE DATABASE " + schema);
    }
    E2e.sql(server, schema, "CREATE TABLE digits (n INT PRIMARY KEY)",
        "INSERT INTO digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)",
        "CREATE TABLE big (id INT PRIMARY KEY, v LONGTEXT)",
        "INSERT INTO big SELECT id, REPEAT(CHAR(65 + id % 26), " + valueChars + ") FROM (SELECT a.n * 1000 + b.n * 100"
            + " + c.n * 10 + d.n + 1 AS id FROM digits a, digits b, digits c, digits d) ids WHERE id <= " + rows,
        "DROP TABLE digits", "ANALYZE TABLE big");
    daemon = DaemonProcess.prepare(E2e.home("snapshot-heap"), doris, Map.of()).jvmArgs("-Xmx256m").start();
    long started = System.nanoTime();
    createJob(server, schema, "it_snap_heap", "heap", Map.of());
    Wait.until("the snapshot of " + rows + " rows done", Duration.ofSeconds(240), () -> {
      String s = daemon.admin().job("heap").path("state").asText();
      if (!s.equals("RUNNING")) {
        throw new AssertionError("job heap is " + s + ": " + daemon.admin().job("heap").path("msg").asText());
      }
      return status("it_snap_heap").startsWith("phase:stream");
    });
    System.out.println("snapshot of " + rows * (long) valueChars / 1_000_000 + " MB with the daemon at -Xmx256m: "
        + (System.nanoTime() - started) / 1_000_000 + " ms");
    List<List<String>> copied = doris.rows("it_snap_heap", "big", List.of("id"));
    assertThat(copied).hasSize(rows);
    for (List<String> r : copied) {
      int id = Integer.parseInt(r.get(0));
      assertThat(r.get(1)).as("row " + id).hasSize(valueChars).startsWith(String.valueOf((char) (65 + id % 26)))
          .endsWith(String.valueOf((char) (65 + id % 26)));
    }
    assertThat(daemon.log()).doesNotContain("OutOfMemoryError");
  }

  /** Inserts, updates, key changes, deletes and two-table transactions until told to stop, about 50 a second. */
  private static void write(MariaDbServer server, String schema, AtomicBoolean writing,
      AtomicReference<Throwable> failed) {
    try (Connection c = server.adminConnection(schema); Statement st = c.createStatement()) {
      for (int i = 1; writing.get(); i++) {
        int k = 1 + (i * 37) % 6000;
        c.setAutoCommit(false);
        st.execute("UPDATE orders SET amount = amount + 1 WHERE id = " + k);
        st.execute("INSERT INTO items VALUES (" + (10000 + i) + ", 1, " + i + ", 'tx')");
        c.commit();
        c.setAutoCommit(true);
        st.execute("INSERT INTO orders VALUES (" + (50000 + i) + ", 'w', " + i + ", NOW(3))");
        if (i % 3 == 0) {
          st.execute("DELETE FROM orders WHERE id = " + (1 + (i * 13) % 6000));
        }
        if (i % 4 == 0) {
          st.execute("UPDATE orders SET id = " + (900000 + i) + " WHERE id = " + (1 + (i * 17) % 6000));
          st.execute("UPDATE tags SET id = 'moved-" + i + "' WHERE id = 'tag-" + (10 * (1 + i % 600)) + "'");
        }
        Thread.sleep(20);
      }
    } catch (Throwable t) {
      failed.set(t);
    }
  }
}
