package org.binlogload.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The daemon (its own JVM) syncs a seeded mixed workload on three tables, with ADD, RENAME and MODIFY COLUMN
 * mid-stream, into Doris: afterwards both hold the same rows, value for value, and Doris's columns have the types
 * the translator maps MySQL's to.
 */
@ExtendWith(MariaDbExtension.class)
class MixedWorkloadTest {
  private static final String DORIS_DB = "it_mixed";
  @RegisterExtension
  static final DaemonAndDoris ENV = new DaemonAndDoris("mixed");

  @Test
  void mixedWorkloadWithDdlMidStreamEndsEqualRowForRowIncludingTypes(TestDatabase db) throws Exception {
    long seed = Long.getLong("binlogload.it.seed", System.nanoTime() % 100_000);
    System.out.println("MixedWorkloadTest seed " + seed + " (rerun with -Dbinlogload.it.seed=" + seed + ")");
    Workload w = new Workload(db.schema(), seed);
    try (Connection c = db.connection()) {
      w.create(c);
    }
    ENV.doris().recreateDatabase(DORIS_DB);
    AdminClient admin = ENV.daemon().admin();
    AdminClient.Result r = admin.sql(E2e.createJob(DORIS_DB, "mixed", db.server(), E2e.masterStatus(db.server()),
        "FROM " + db.schema() + ".* INTO " + DORIS_DB, Map.of("sync_commit_interval_second", "1")));
    assertThat(r.ok()).as(r.msg()).isTrue();
    E2e.awaitState(admin, "mixed", "RUNNING", Duration.ofSeconds(30));
    w.onDdl(sql -> E2e.awaitCommitted(admin, "mixed"));
    try (Connection c = db.connection()) {
      w.run(c, 400, true);
    }
    assertThat(w.ddlDone()).hasSize(3);
    E2e.awaitEqual(db.server(), db.schema(), ENV.doris(), DORIS_DB, Workload.TABLES, admin, "mixed",
        Duration.ofSeconds(120));

    assertThat(types(DORIS_DB, "customers")).containsExactly("id int", "name varchar(256)", "email varchar(512)",
        "birthday date", "score double", "updated datetime(6)", "bio text", "tier varchar(40)");
    assertThat(types(DORIS_DB, "orders")).containsExactly("id bigint", "customer_id int", "status varchar(160)",
        "amount decimal(12,2)", "created datetime(3)", "qty tinyint", "remark varchar(800)");
    assertThat(types(DORIS_DB, "events")).containsExactly("id bigint", "kind varchar(5)", "payload varchar(64)",
        "big largeint", "bits bigint", "dur text", "small smallint");
    for (String t : Workload.TABLES) {
      assertThat(ENV.doris().count(DORIS_DB, t)).as(t).isEqualTo(E2e.mysql(db.server(), db.schema(), t).size())
          .isGreaterThan(50);
    }
  }

  /** Doris's column types in the spelling of a Doris 2.x DESC (v2/v3 suffixes and case ignored). */
  private static List<String> types(String db, String table) {
    List<String> out = new ArrayList<>();
    for (List<String> c : ENV.doris().describe(db, table)) {
      String t = c.get(1).toLowerCase(Locale.ROOT).replace("datetimev2", "datetime").replace("datev2", "date")
          .replace("decimalv3", "decimal").replace("string", "text");
      out.add(c.get(0) + " " + t);
    }
    return out;
  }
}
