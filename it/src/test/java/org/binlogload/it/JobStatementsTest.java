package org.binlogload.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.MariaDbServer;
import org.binlogload.testkit.TestDatabase;
import org.binlogload.testkit.Wait;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The statements through the daemon's admin API: PAUSE, RESUME and STOP move the job as Doris's states say and take
 * effect on the data; SHOW SYNC JOB prints Doris's columns with the password masked (also in /api/jobs, /metrics
 * and the log); a RUNNING job survives a daemon restart and a PAUSED one stays paused; an explicit column list keeps
 * only those columns; and each bad job definition is refused with its own error.
 */
@ExtendWith(MariaDbExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobStatementsTest {
  private static final String DORIS_DB = "it_jobs";
  private static DorisTarget doris;
  private static DaemonProcess daemon;

  @BeforeAll
  static void start() {
    doris = DorisTarget.start();
    doris.recreateDatabase(DORIS_DB);
    doris.execute(DORIS_DB, "CREATE TABLE people (id INT NOT NULL, name VARCHAR(100) NULL, city VARCHAR(100) NULL) "
        + "UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\", "
        + "\"function_column.sequence_type\" = \"BIGINT\")");
    doris.execute(DORIS_DB, "CREATE TABLE dup (id INT NOT NULL, v VARCHAR(10) NULL) DUPLICATE KEY(id) "
        + "DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")");
    daemon = DaemonProcess.prepare(E2e.home("jobs"), doris, Map.of()).start();
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

  private static List<List<String>> people() {
    return doris.rows(DORIS_DB, "people", List.of("id"));
  }

  @Test
  @Order(1)
  void pauseResumeStopAndShowBehaveAndPrintAsSpecified(TestDatabase db) {
    MariaDbServer s = db.server();
    db.execute("CREATE TABLE people (id INT PRIMARY KEY, name VARCHAR(100), city VARCHAR(100), salary INT)");
    AdminClient admin = daemon.admin();
    String job = DORIS_DB + ".people_job";
    AdminClient.Result created = admin.sql(E2e.createJob(DORIS_DB, "people_job", s, E2e.masterStatus(s),
        "FROM " + db.schema() + ".people INTO people (id, name, city)", Map.of("sync_commit_interval_second", "1")));
    assertThat(created.ok()).as(created.msg()).isTrue();
    assertThat(created.msg()).contains("people_job");
    db.execute("INSERT INTO people VALUES (1, 'Ada', 'London', 100), (2, 'Linus', 'Helsinki', 200)");
    Wait.until("first rows in Doris", Duration.ofSeconds(60), () -> people().size() == 2);
    assertThat(people()).containsExactly(List.of("1", "Ada", "London"), List.of("2", "Linus", "Helsinki"));

    E2e.awaitCommitted(admin, "people_job"); // rows turn visible in Doris just before the position is recorded
    AdminClient.Result show = admin.sql("SHOW SYNC JOB FROM " + DORIS_DB);
    assertThat(show.ok()).isTrue();
    assertThat(show.columns()).containsExactly("JobId", "JobName", "Type", "State", "Channel", "Status", "JobConfig",
        "CreateTime", "LastStartTime", "LastStopTime", "FinishTime", "Msg");
    assertThat(show.rows()).hasSize(1);
    assertThat(show.value(0, "JobName")).isEqualTo("people_job");
    assertThat(show.value(0, "Type")).isEqualTo("MYSQL");
    assertThat(show.value(0, "State")).isEqualTo("RUNNING");
    assertThat(show.value(0, "Channel")).contains(db.schema() + ".people").contains(DORIS_DB + ".people");
    assertThat(show.value(0, "Status")).contains("position:mysql-bin.").contains("delay:");
    assertThat(show.value(0, "JobConfig")).contains(s.replUser()).doesNotContain(s.replPassword());
    assertThat(show.value(0, "CreateTime")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
    assertThat(show.value(0, "LastStartTime")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
    assertThat(show.value(0, "FinishTime")).isEqualTo("N/A");
    assertThat(show.value(0, "Msg")).isEmpty();
    assertThat(admin.sql("SHOW SYNC JOB FROM no_such_db").rows()).isEmpty();

    // PAUSE: the job stops applying; a second PAUSE is refused
    assertThat(admin.sql("PAUSE SYNC JOB " + job).ok()).isTrue();
    assertThat(admin.sql("SHOW SYNC JOB FROM " + DORIS_DB).value(0, "State")).isEqualTo("PAUSED");
    AdminClient.Result again = admin.sql("PAUSE SYNC JOB " + job);
    assertThat(again.ok()).isFalse();
    assertThat(again.msg()).contains("PAUSED").contains("not RUNNING");
    db.execute("INSERT INTO people VALUES (3, 'Grace', 'Arlington', 300)", "UPDATE people SET city = 'Cambridge' "
        + "WHERE id = 1");
    String positionWhilePaused = admin.job("people_job").path("position").asText();
    assertThat(people()).hasSize(2);
    assertThat(admin.sql("RESUME SYNC JOB " + job).ok()).isTrue();
    assertThat(admin.sql("SHOW SYNC JOB FROM " + DORIS_DB).value(0, "State")).isEqualTo("RUNNING");
    AdminClient.Result resumeRunning = admin.sql("RESUME SYNC JOB " + job);
    assertThat(resumeRunning.ok()).isFalse();
    assertThat(resumeRunning.msg()).contains("RUNNING").contains("not PAUSED");
    Wait.until("rows written while paused arrive after RESUME", Duration.ofSeconds(60), () -> people().equals(
        List.of(List.of("1", "Ada", "Cambridge"), List.of("2", "Linus", "Helsinki"),
            List.of("3", "Grace", "Arlington"))));
    Wait.until("the job's position moves past the rows written while paused", Duration.ofSeconds(30),
        () -> !admin.job("people_job").path("position").asText().equals(positionWhilePaused));

    // a graceful daemon restart keeps a RUNNING job running, from where it was
    daemon.stop();
    db.execute("INSERT INTO people VALUES (4, 'Barbara', 'Boston', 400)");
    daemon.start();
    assertThat(admin.job("people_job").path("state").asText()).isEqualTo("RUNNING");
    Wait.until("row written while the daemon was down", Duration.ofSeconds(60), () -> people().size() == 4);

    // a PAUSED job stays PAUSED across a restart
    assertThat(admin.sql("PAUSE SYNC JOB " + job).ok()).isTrue();
    daemon.stop();
    daemon.start();
    assertThat(admin.sql("SHOW SYNC JOB FROM " + DORIS_DB).value(0, "State")).isEqualTo("PAUSED");
    assertThat(admin.sql("RESUME SYNC JOB " + job).ok()).isTrue();

    // STOP is final
    assertThat(admin.sql("STOP SYNC JOB " + job).ok()).isTrue();
    AdminClient.Result stopped = admin.sql("SHOW SYNC JOB FROM " + DORIS_DB);
    assertThat(stopped.value(0, "State")).isEqualTo("CANCELLED");
    assertThat(stopped.value(0, "FinishTime")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
    AdminClient.Result resumeStopped = admin.sql("RESUME SYNC JOB " + job);
    assertThat(resumeStopped.ok()).isFalse();
    assertThat(resumeStopped.msg()).contains("CANCELLED");
    db.execute("INSERT INTO people VALUES (5, 'Edsger', 'Austin', 500)");
    assertThat(people()).hasSize(4);

    // the password is never printed
    String pw = s.replPassword();
    assertThat(admin.jobs().toString()).doesNotContain(pw);
    // a stopped job's own series leave /metrics (it is still counted by state)
    assertThat(admin.metrics()).doesNotContain("people_job").contains("binlogload_jobs{state=\"CANCELLED\"} 1")
        .doesNotContain(pw);
    assertThat(daemon.log()).doesNotContain(pw);
    assertThat(show.rows().toString()).doesNotContain(pw);
  }

  @Test
  @Order(2)
  void badJobDefinitionsEachGiveTheirError(TestDatabase db) throws Exception {
    MariaDbServer s = db.server();
    // src has the columns of Doris's people: every source column needs its Doris column
    db.execute("CREATE TABLE src (id INT PRIMARY KEY, name VARCHAR(100), city VARCHAR(100))",
        "CREATE TABLE src2 (id INT PRIMARY KEY)");
    try (Connection c = s.adminConnection(null); Statement st = c.createStatement()) {
      st.execute("CREATE USER IF NOT EXISTS 'it_noreplication'@'%' IDENTIFIED BY 'it_norepl_pw'");
      st.execute("CREATE USER IF NOT EXISTS 'it_noreplication'@'localhost' IDENTIFIED BY 'it_norepl_pw'");
      st.execute("CREATE USER IF NOT EXISTS 'it_noreplication'@'127.0.0.1' IDENTIFIED BY 'it_norepl_pw'");
      st.execute("GRANT SELECT ON *.* TO 'it_noreplication'@'%'");
      st.execute("GRANT SELECT ON *.* TO 'it_noreplication'@'localhost'");
      st.execute("GRANT SELECT ON *.* TO 'it_noreplication'@'127.0.0.1'");
    }
    String schema = db.schema();
    String ok = E2e.createJob(DORIS_DB, "good", s, "latest", "FROM " + schema + ".src INTO people", Map.of());
    String pw = s.replPassword();
    Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put(ok.replace("\"" + pw + "\"", "\"wrong_pw\""), "access denied for");
    cases.put(ok.replace("\"mysql.user\" = \"" + s.replUser() + "\", \"mysql.password\" = \"" + pw + "\"",
        "\"mysql.user\" = \"it_noreplication\", \"mysql.password\" = \"it_norepl_pw\""), "may not read the binlog");
    cases.put(ok.replace("\"mysql.port\" = \"" + s.port() + "\"", "\"mysql.port\" = \"1\""),
        "cannot connect to MySQL at 127.0.0.1:1");
    cases.put(ok.replace("\"mysql.port\" = \"" + s.port() + "\"", "\"mysql.port\" = \"70000\""),
        "mysql.port \"70000\" is out of range 1..65535");
    cases.put(ok.replace(schema + ".src INTO people", schema + ".nope INTO people"), "source table "
        + schema + ".nope does not exist");
    // a missing target is created by the job, with the listed columns, which must hold the key
    cases.put(ok.replace("INTO people", "INTO missing (name)"), "column list of " + schema + ".src->" + DORIS_DB
        + ".missing(name) leaves out the key column(s) [id] of " + schema + ".src");
    cases.put(ok.replace("INTO people", "INTO dup"), "not UNIQUE_KEYS");
    cases.put(ok.replace("FROM " + schema + ".src INTO people", "FROM " + schema + ".src INTO people, FROM " + schema
        + ".src INTO dup"), "is mapped twice");
    cases.put(ok.replace("FROM " + schema + ".src INTO people", "FROM " + schema + ".src INTO people, FROM " + schema
        + ".src2 INTO people"), "is mapped twice");
    cases.put(ok.replace("\"type\" = \"mysql\"", "\"type\" = \"canal\""), "not supported");
    cases.put(ok.replace("\"type\" = \"mysql\", ", ""), "FROM BINLOG has no \"type\"");
    cases.put(ok.replace("\"mysql.host\" = \"" + s.host() + "\", ", ""), "FROM BINLOG misses \"mysql.host\"");
    cases.put(ok.replace("\"latest\"", "\"somewhere\""), "mysql.start_position \"somewhere\" is not initial, snapshot, latest");
    cases.put(ok + " PROPERTIES (\"no_such_property\" = \"1\")", "unknown property \"no_such_property\"");
    cases.put(ok + " PROPERTIES (\"sync_commit_interval_second\" = \"0\")", "sync_commit_interval_second");
    cases.put(ok.replace("CREATE SYNC JOB " + DORIS_DB + ".good", "CREATE SYNC JOB good"), "no database for job");
    cases.put("CREATE SYNC JOB x.oops", "expected '('");
    cases.put("DROP SYNC JOB x.oops", "expected CREATE, ALTER, PAUSE, RESUME, STOP or SHOW SYNC JOB");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      AdminClient.Result r = daemon.admin().sql(c.getKey());
      System.out.println("refused as expected: " + r.msg());
      assertThat(r.ok()).as("accepted: " + c.getKey()).isFalse();
      assertThat(r.httpStatus()).isEqualTo(400);
      assertThat(r.msg()).as(c.getKey()).contains(c.getValue()).doesNotContain(pw).doesNotContain("wrong_pw")
          .doesNotContain("it_norepl_pw");
    }
    // a good one is accepted, then a second job of the same name, or on the same server and schema, is refused
    AdminClient.Result good = daemon.admin().sql(ok);
    assertThat(good.ok()).as(good.msg()).isTrue();
    AdminClient.Result sameName = daemon.admin().sql(ok);
    assertThat(sameName.msg()).contains("already exists");
    AdminClient.Result sameSource = daemon.admin().sql(ok.replace(DORIS_DB + ".good", DORIS_DB + ".other")
        .replace(".src INTO people", ".src2 INTO dup"));
    assertThat(sameSource.ok()).isFalse();
    assertThat(sameSource.msg()).contains("already reads schema");
    assertThat(daemon.admin().sql("STOP SYNC JOB " + DORIS_DB + ".good").ok()).isTrue();
    assertThat(daemon.admin().sql("PAUSE SYNC JOB " + DORIS_DB + ".nobody").msg()).contains("no sync job");
    JsonNode jobs = daemon.admin().jobs();
    assertThat(jobs.toString()).doesNotContain(pw);
  }

  @Test
  @Order(3)
  void aServerWithAStatementBinlogIsRefusedNamingTheVariable() {
    MariaDbServer stmt = MariaDbServer.dedicated("it_stmt_binlog").extraArgs("--binlog-format=STATEMENT");
    try {
      stmt.restart();
      AdminClient.Result r = daemon.admin().sql(E2e.createJob(DORIS_DB, "stmt", stmt, "latest",
          "FROM mysql.* INTO it_stmt_db", Map.of()));
      assertThat(r.ok()).isFalse();
      assertThat(r.msg()).contains("binlog_format is STATEMENT on").contains("set binlog_format=ROW")
          .doesNotContain(stmt.replPassword());
    } finally {
      stmt.stop();
    }
  }
}
