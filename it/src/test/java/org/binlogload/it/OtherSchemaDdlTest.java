package org.binlogload.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DDL on tables outside the job is ignored, also when another schema of the same server has a table of the same name
 * and changes it between the job's start position and the job's first connection (two tenants with one schema
 * layout, say).
 */
@ExtendWith(MariaDbExtension.class)
class OtherSchemaDdlTest {
  private static final String DORIS_DB = "it_other";
  @RegisterExtension
  static final DaemonAndDoris ENV = new DaemonAndDoris("other");

  @Test
  void ddlQualifiedWithAnotherSchemaIsIgnored(TestDatabase db) {
    run(db, db.schema() + "_x", "other1", "t1", true);
  }

  @Test
  void ddlInAnotherUnrelatedSchemaIsIgnored(TestDatabase db) {
    run(db, "zz_other_" + Long.toString(ProcessHandle.current().pid(), 36), "other2", "t2", false);
  }

  /** {@code qualified}: the ALTER names other.t from our schema; else it runs unqualified after USE other. */
  private static void run(TestDatabase db, String other, String job, String t, boolean qualified) {
    String alterAdd = qualified ? "ALTER TABLE " + other + "." + t + " ADD COLUMN w INT"
        : "USE " + other + "; ALTER TABLE " + t + " ADD COLUMN w INT; USE " + db.schema();
    String alterDrop = qualified ? "ALTER TABLE " + other + "." + t + " DROP COLUMN w"
        : "USE " + other + "; ALTER TABLE " + t + " DROP COLUMN w; USE " + db.schema();
    db.execute("CREATE TABLE " + t + " (id INT PRIMARY KEY, v VARCHAR(20))", "DROP DATABASE IF EXISTS " + other,
        "CREATE DATABASE " + other, "CREATE TABLE " + other + "." + t + " (id INT PRIMARY KEY, v VARCHAR(20))");
    try {
      String start = E2e.masterStatus(db.server());
      // after the start position, before the job exists: the other schema's table changes, rows arrive in ours
      db.execute(alterAdd, "INSERT INTO " + other + "." + t + " VALUES (1, 'x', 1)",
          "INSERT INTO " + t + " VALUES (1, 'a'), (2, 'b')");
      ENV.doris().recreateDatabase(DORIS_DB + "_" + job);
      AdminClient.Result r = ENV.daemon().admin().sql(E2e.createJob(DORIS_DB + "_" + job, job, db.server(), start,
          "FROM " + db.schema() + "." + t + " INTO " + t, Map.of("sync_commit_interval_second", "1")));
      // the table channel's Doris table does not exist: the job creates it at its first start
      assertThat(r.ok()).as(r.msg()).isTrue();
      db.execute("UPDATE " + t + " SET v = 'changed' WHERE id = 1", alterDrop, "INSERT INTO " + t + " VALUES (3, 'c')");
      E2e.awaitEqual(db.server(), db.schema(), ENV.doris(), DORIS_DB + "_" + job, List.of(t), ENV.daemon().admin(), job,
          Duration.ofSeconds(60));
      assertThat(ENV.doris().columns(DORIS_DB + "_" + job, t)).containsExactly("id", "v");
    } finally {
      ENV.daemon().admin().sql("STOP SYNC JOB " + DORIS_DB + "_" + job + "." + job); // a failed run leaves none behind
      db.execute("DROP DATABASE IF EXISTS " + other);
    }
  }
}
