package org.binlogload.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.binlogload.dorisdouble.Faults;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.TestDatabase;
import org.binlogload.testkit.Wait;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Doris unavailable for longer than the job used to retry (8 tries, about 2 minutes, then PAUSED for good): the job
 * stays RUNNING and says it is retrying, its lag grows in /metrics, /health is not UP, and when Doris answers again
 * the job delivers by itself (no RESUME) and ends equal to MySQL.
 */
@ExtendWith(MariaDbExtension.class)
class OutageTest {
  private static final String DORIS_DB = "it_outage";
  private static final String JOB = "outage";
  private static final Duration OUTAGE = Duration.ofSeconds(140);
  @RegisterExtension
  static final DaemonAndDoris ENV = new DaemonAndDoris("outage");

  @Test
  void dorisDownLongerThanTheOldGiveUpTimeHealsByItselfAndEndsEqual(TestDatabase db) {
    Assumptions.assumeTrue(ENV.doris().isDouble(), "needs the Doris double's fault injection");
    Faults faults = ENV.doris().dorisDouble().orElseThrow().faults();
    db.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))");
    ENV.doris().recreateDatabase(DORIS_DB);
    AdminClient admin = ENV.daemon().admin();
    AdminClient.Result r = admin.sql(E2e.createJob(DORIS_DB, JOB, db.server(), E2e.masterStatus(db.server()),
        "FROM " + db.schema() + ".* INTO " + DORIS_DB, Map.of("sync_commit_interval_second", "1")));
    assertThat(r.ok()).as(r.msg()).isTrue();
    db.execute("INSERT INTO t VALUES (1, 'before'), (2, 'before'), (3, 'before')");
    E2e.awaitEqual(db.server(), db.schema(), ENV.doris(), DORIS_DB, List.of("t"), admin, JOB, Duration.ofSeconds(60));
    assertThat(admin.healthStatus()).isEqualTo(200);

    faults.serverErrorNext(Integer.MAX_VALUE, 503); // every Stream Load and 2PC request: 503 until cleared
    long healAt = System.nanoTime() + OUTAGE.toNanos();
    db.execute("INSERT INTO t VALUES (4, 'during'), (5, 'during')");
    db.execute("UPDATE t SET v = 'changed' WHERE id = 1");
    db.execute("DELETE FROM t WHERE id = 2");

    JsonNode retrying = Wait.until("the job retrying", Duration.ofSeconds(60), () -> admin.job(JOB),
        j -> j.path("msg").asText().startsWith("retrying in"));
    assertThat(retrying.path("state").asText()).isEqualTo("RUNNING");
    assertThat(admin.healthStatus()).isEqualTo(503);
    long lag = lag(admin.metrics());
    assertThat(lag).isPositive();
    Wait.until("the lag to grow in /metrics", Duration.ofSeconds(30), () -> lag(admin.metrics()) > lag + 3000);
    assertThat(admin.metrics()).contains("binlogload_job_retrying{job=\"" + DORIS_DB + "." + JOB + "\"");

    // through the whole outage the job never pauses (it used to after about 2 minutes)
    Wait.until("the outage to last " + OUTAGE.toSeconds() + " s with the job never PAUSED", OUTAGE.plusSeconds(30),
        () -> admin.job(JOB), j -> {
          assertThat(j.path("state").asText()).as(j.path("msg").asText()).isEqualTo("RUNNING");
          return System.nanoTime() >= healAt;
        });
    faults.clear();

    E2e.awaitEqual(db.server(), db.schema(), ENV.doris(), DORIS_DB, List.of("t"), admin, JOB, Duration.ofSeconds(90));
    Wait.until("/health UP again", Duration.ofSeconds(30), () -> admin.healthStatus() == 200);
    assertThat(admin.job(JOB).path("msg").asText()).isEmpty();
  }

  private static long lag(String metrics) {
    Matcher m = Pattern.compile("(?m)^binlogload_job_delay_milliseconds\\{job=\"" + DORIS_DB + "\\." + JOB
        + "\"[^}]*\\} (\\d+)$").matcher(metrics);
    if (!m.find()) {
      throw new AssertionError("no lag of " + DORIS_DB + "." + JOB + " in /metrics:\n" + metrics);
    }
    return Long.parseLong(m.group(1));
  }
}
