package org.binlogload.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A daemon restarted with a heap too small for one job's ring pauses that job alone, with the limit and the fix in
 * its Msg: the other job keeps delivering, and STOP reaches the paused one.
 */
@ExtendWith(MariaDbExtension.class)
class JobStartFailureTest {
  private static final String SMALL = "it_startfail_small";
  private static final String BIG = "it_startfail_big";
  @RegisterExtension
  static final DaemonAndDoris ENV = new DaemonAndDoris("startfail");

  @Test
  void aJobThatCannotStartPausesAloneAndTheOthersRun(TestDatabase db) {
    String other = db.schema() + "_big";
    E2e.sql(db.server(), null, "DROP DATABASE IF EXISTS " + other, "CREATE DATABASE " + other,
        "CREATE TABLE " + other + ".b (id INT PRIMARY KEY, v VARCHAR(20))");
    db.execute("CREATE TABLE s (id INT PRIMARY KEY, v VARCHAR(20))");
    ENV.doris().recreateDatabase(SMALL);
    ENV.doris().recreateDatabase(BIG);
    AdminClient admin = ENV.daemon().admin();
    String at = E2e.masterStatus(db.server());
    Map<String, String> props = Map.of("sync_commit_interval_second", "1", "replication_num", "1");
    assertThat(admin.sql(E2e.createJob(SMALL, "small", db.server(), at, "FROM " + db.schema() + ".* INTO " + SMALL,
        props)).orThrow().ok()).isTrue();
    Map<String, String> bigRing = new java.util.HashMap<>(props);
    bigRing.put("ring_bytes", String.valueOf(64L << 20)); // fits a quarter of the 384 MiB heap, not of 128 MiB
    assertThat(admin.sql(E2e.createJob(BIG, "big", db.server(), at, "FROM " + other + ".* INTO " + BIG, bigRing))
        .orThrow().ok()).isTrue();
    db.execute("INSERT INTO s VALUES (1, 'before')");
    E2e.sql(db.server(), other, "INSERT INTO b VALUES (1, 'before')");
    E2e.awaitEqual(db.server(), db.schema(), ENV.doris(), SMALL, List.of("s"), admin, "small", Duration.ofSeconds(60));
    E2e.awaitEqual(db.server(), other, ENV.doris(), BIG, List.of("b"), admin, "big", Duration.ofSeconds(60));

    ENV.daemon().stop();
    ENV.daemon().jvmArgs("-Xmx128m").start();
    try {
      JsonNode big = E2e.awaitState(admin, "big", "PAUSED", Duration.ofSeconds(30));
      assertThat(big.path("msg").asText()).contains("ring_bytes " + (64L << 20)).contains("heap")
          .contains("-Xmx");
      db.execute("INSERT INTO s VALUES (2, 'after the restart')", "UPDATE s SET v = 'changed' WHERE id = 1");
      E2e.awaitEqual(db.server(), db.schema(), ENV.doris(), SMALL, List.of("s"), admin, "small",
          Duration.ofSeconds(60));
      assertThat(admin.job("small").path("state").asText()).isEqualTo("RUNNING");

      AdminClient.Result stop = admin.sql("STOP SYNC JOB " + BIG + ".big");
      assertThat(stop.ok()).as(stop.msg()).isTrue();
      assertThat(admin.job("big").path("state").asText()).isEqualTo("CANCELLED");
      assertThat(admin.sql("STOP SYNC JOB " + SMALL + ".small").ok()).isTrue();
    } finally {
      ENV.daemon().jvmArgs();
      E2e.sql(db.server(), null, "DROP DATABASE IF EXISTS " + other);
    }
  }
}
