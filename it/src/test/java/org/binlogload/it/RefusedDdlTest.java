package org.binlogload.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.binlogload.connector.doris.DorisException;
import org.binlogload.connector.doris.ErrorKind;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.TestDatabase;
import org.binlogload.testkit.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A DDL the translator refuses (VARCHAR to INT: a value might not convert) pauses the job with the statement, its position, the reason and what to
 * do in Msg; RESUME retries and pauses again at the same statement; the change applied by hand in Doris plus
 * {@code RESUME SYNC JOB ... SKIP DDL AT "<position>"} resumes the job with nothing lost, rows written after the DDL
 * included.
 */
@ExtendWith(MariaDbExtension.class)
class RefusedDdlTest {
  private static final String DORIS_DB = "it_refused";
  private static final Pattern POSITION = Pattern.compile("DDL refused at (\\S+): \\[");
  @RegisterExtension
  static final DaemonAndDoris ENV = new DaemonAndDoris("refused");

  @Test
  void refusedDdlPausesAndTheManualFixPlusSkipResumesWithNothingLost(TestDatabase db) {
    db.execute("CREATE TABLE r1 (id INT PRIMARY KEY, n VARCHAR(12), v VARCHAR(30))",
        "CREATE TABLE r2 (id INT PRIMARY KEY, note VARCHAR(20))");
    ENV.doris().recreateDatabase(DORIS_DB);
    AdminClient admin = ENV.daemon().admin();
    AdminClient.Result created = admin.sql(E2e.createJob(DORIS_DB, "refused", db.server(),
        E2e.masterStatus(db.server()), "FROM " + db.schema() + ".* INTO " + DORIS_DB,
        Map.of("sync_commit_interval_second", "1")));
    assertThat(created.ok()).as(created.msg()).isTrue();
    db.execute("INSERT INTO r1 VALUES (1, '10', 'before'), (2, '20', 'before')", "INSERT INTO r2 VALUES (1, 'a')");
    E2e.awaitEqual(db.server(), db.schema(), ENV.doris(), DORIS_DB, List.of("r1", "r2"), admin, "refused",
        Duration.ofSeconds(60));

    db.execute("ALTER TABLE r1 MODIFY n INT"); // VARCHAR to INT: refused, a value might not convert
    db.execute("INSERT INTO r1 VALUES (3, 3, 'after')", "UPDATE r1 SET n = n + 100, v = 'changed' "
        + "WHERE id = 1", "DELETE FROM r1 WHERE id = 2", "INSERT INTO r2 VALUES (2, 'after the DDL')");

    JsonNode paused = E2e.awaitState(admin, "refused", "PAUSED", Duration.ofSeconds(60));
    String msg = paused.path("msg").asText();
    System.out.println("Msg of the paused job: " + msg);
    Matcher m = POSITION.matcher(msg);
    assertThat(m.find()).as("Msg names the position: " + msg).isTrue();
    String position = m.group(1);
    assertThat(msg).contains("ALTER TABLE r1 MODIFY n INT").containsIgnoringCase("INT")
        .containsIgnoringCase("VARCHAR").contains("RESUME").contains("skip");
    AdminClient.Result show = admin.sql("SHOW SYNC JOB FROM " + DORIS_DB);
    assertThat(show.value(0, "State")).isEqualTo("PAUSED");
    assertThat(show.value(0, "Msg")).isEqualTo(msg);
    assertThat(ENV.doris().rows(DORIS_DB, "r1", List.of("id"))).as("rows before the DDL stay, nothing after it")
        .containsExactly(List.of("1", "10", "before"), List.of("2", "20", "before"));

    // RESUME retries the statement: refused again, at the same position
    assertThat(admin.sql("RESUME SYNC JOB " + DORIS_DB + ".refused").ok()).isTrue();
    Wait.until("paused again on the same DDL", Duration.ofSeconds(60), () -> {
      JsonNode j = admin.job("refused");
      return j.path("state").asText().equals("PAUSED") && j.path("msg").asText().contains(position);
    });

    // a wrong position is not skipped
    AdminClient.Result wrong = admin.sql("RESUME SYNC JOB " + DORIS_DB + ".refused SKIP DDL AT \"mysql-bin.000001:4\"");
    if (wrong.ok()) {
      Wait.until("still paused at " + position, Duration.ofSeconds(60), () -> {
        JsonNode j = admin.job("refused");
        return j.path("state").asText().equals("PAUSED") && j.path("msg").asText().contains(position);
      });
    }
    assertThat(ENV.doris().rows(DORIS_DB, "r1", List.of("id"))).hasSize(2);

    // the manual fix in Doris, then the explicit skip of exactly that statement
    String fix = "ALTER TABLE r1 MODIFY COLUMN n INT NULL";
    try {
      ENV.doris().execute(DORIS_DB, fix);
    } catch (DorisException e) {
      // the client does not retry a DDL whose answer was lost; as a user would, look, and run it again if needed
      if (e.kind() != ErrorKind.CONNECTION) {
        throw e;
      }
      System.out.println("manual fix: lost answer (" + e.getMessage() + "); checking and retrying");
      if (!ENV.doris().describe(DORIS_DB, "r1").contains(List.of("n", "int"))) {
        ENV.doris().execute(DORIS_DB, fix);
      }
    }
    Wait.until("the manual schema change finished", Duration.ofSeconds(60), () -> ENV.doris().describe(DORIS_DB, "r1")
        .contains(List.of("n", "int")));
    AdminClient.Result skip = admin.sql("RESUME SYNC JOB " + DORIS_DB + ".refused SKIP DDL AT \"" + position + "\"");
    assertThat(skip.ok()).as(skip.msg()).isTrue();
    E2e.awaitEqual(db.server(), db.schema(), ENV.doris(), DORIS_DB, List.of("r1", "r2"), admin, "refused",
        Duration.ofSeconds(60));
    assertThat(ENV.doris().rows(DORIS_DB, "r1", List.of("id"))).containsExactly(List.of("1", "110", "changed"),
        List.of("3", "3", "after"));
    assertThat(admin.job("refused").path("state").asText()).isEqualTo("RUNNING");

    // later rows still flow into the fixed column
    db.execute("INSERT INTO r1 VALUES (4, 4, 'later')");
    E2e.awaitEqual(db.server(), db.schema(), ENV.doris(), DORIS_DB, List.of("r1", "r2"), admin, "refused",
        Duration.ofSeconds(60));
    assertThat(ENV.daemon().log()).contains(position);
  }
}
