package org.binlogload.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.MariaDbServer;
import org.binlogload.testkit.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ALTER SYNC JOB through the daemon: the MySQL password of a running job is rotated without stopping it; a wrong new
 * password is refused and changes nothing; the new one is kept across a daemon restart (the old one no longer works,
 * so rows arriving afterwards prove it); no password shows in the log, SHOW or /api/jobs.
 */
@ExtendWith(MariaDbExtension.class)
class AlterSyncJobTest {
  private static final String DORIS_DB = "it_alter";
  private static final String USER = "bl_rotating";
  private static final String OLD = "Old-Pa55-rot";
  private static final String NEW = "New-Pa55-rot";
  private static final String WRONG = "Wrong-Pa55-rot";
  private static DorisTarget doris;
  private static DaemonProcess daemon;

  @BeforeAll
  static void start() {
    doris = DorisTarget.start();
    doris.recreateDatabase(DORIS_DB);
    daemon = DaemonProcess.prepare(E2e.home("alter"), doris, Map.of()).start();
  }

  @AfterAll
  static void stop() {
    if (daemon != null) {
      daemon.stop();
    }
    if (doris != null) {
      doris.close();
    }
  }

  private static void setPassword(TestDatabase db, String password, boolean create) {
    for (String host : List.of("%", "localhost", "127.0.0.1")) {
      String user = "'" + USER + "'@'" + host + "'";
      if (create) {
        db.execute("CREATE OR REPLACE USER " + user + " IDENTIFIED BY '" + password + "'",
            "GRANT SELECT, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO " + user);
      } else {
        db.execute("ALTER USER " + user + " IDENTIFIED BY '" + password + "'");
      }
    }
  }

  @Test
  void passwordRotatesUnderARunningJobAndSurvivesARestart(TestDatabase db) {
    MariaDbServer s = db.server();
    setPassword(db, OLD, true);
    db.execute("CREATE TABLE items (id INT PRIMARY KEY, v VARCHAR(20))", "INSERT INTO items VALUES (0, 'before')");
    AdminClient admin = daemon.admin();
    String create = E2e.createJob(DORIS_DB, "rotating", s, E2e.masterStatus(s),
        "FROM " + db.schema() + ".* INTO " + DORIS_DB, Map.of("sync_commit_interval_second", "1"))
        .replace("\"mysql.user\" = \"" + s.replUser() + "\", \"mysql.password\" = \"" + s.replPassword() + "\"",
            "\"mysql.user\" = \"" + USER + "\", \"mysql.password\" = \"" + OLD + "\"");
    AdminClient.Result created = admin.sql(create);
    assertThat(created.ok()).as(created.msg()).isTrue();
    db.execute("INSERT INTO items VALUES (1, 'one'), (2, 'two')", "DELETE FROM items WHERE id = 0");
    E2e.awaitEqual(s, db.schema(), doris, DORIS_DB, List.of("items"), admin, "rotating", Duration.ofSeconds(60));

    setPassword(db, NEW, false); // the job's open connection goes on; a new one needs the new password
    AdminClient.Result wrong = admin.sql("ALTER SYNC JOB " + DORIS_DB + ".rotating FROM BINLOG (\"mysql.password\" = \""
        + WRONG + "\")");
    assertThat(wrong.ok()).isFalse();
    assertThat(wrong.msg()).contains(USER).containsIgnoringCase("access denied").doesNotContain(WRONG);
    assertThat(admin.job("rotating").path("state").asText()).isEqualTo("RUNNING");

    AdminClient.Result altered = admin.sql("ALTER SYNC JOB " + DORIS_DB + ".rotating FROM BINLOG (\"mysql.password\" = \""
        + NEW + "\") PROPERTIES (\"sync_commit_interval_second\" = \"2\")");
    assertThat(altered.ok()).as(altered.msg()).isTrue();
    assertThat(altered.msg()).isEqualTo("altered sync job " + DORIS_DB + ".rotating; it goes on with the new values");
    db.execute("INSERT INTO items VALUES (3, 'three')", "UPDATE items SET v = 'uno' WHERE id = 1");
    E2e.awaitEqual(s, db.schema(), doris, DORIS_DB, List.of("items"), admin, "rotating", Duration.ofSeconds(60));
    assertThat(admin.sql("SHOW SYNC JOB FROM " + DORIS_DB).value(0, "JobConfig"))
        .contains("sync_commit_interval_second:2");

    daemon.stop();
    db.execute("INSERT INTO items VALUES (4, 'while down')", "DELETE FROM items WHERE id = 2");
    daemon.start();
    E2e.awaitEqual(s, db.schema(), doris, DORIS_DB, List.of("items"), admin, "rotating", Duration.ofSeconds(60));
    assertThat(admin.job("rotating").path("state").asText()).isEqualTo("RUNNING");

    for (String secret : List.of(OLD, NEW, WRONG)) {
      assertThat(daemon.log()).doesNotContain(secret);
      assertThat(admin.jobs().toString()).doesNotContain(secret);
      assertThat(admin.sql("SHOW SYNC JOB FROM " + DORIS_DB).rows().toString()).doesNotContain(secret);
    }
  }
}
