package org.binlogload.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.TestDatabase;
import org.binlogload.testkit.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A job created with {@code "mysql.start_position" = "latest"} starts exactly where the binlog stood when CREATE SYNC
 * JOB returned: a row committed right after the statement returns reaches Doris, and SHOW SYNC JOB shows the fixed
 * position rather than "latest".
 */
@ExtendWith(MariaDbExtension.class)
class StartPositionTest {
  private static final String DORIS_DB = "it_start";
  @RegisterExtension
  static final DaemonAndDoris ENV = new DaemonAndDoris("start");

  @Test
  void rowsCommittedRightAfterCreateReturnsAreDelivered(TestDatabase db) {
    ENV.doris().recreateDatabase(DORIS_DB);
    AdminClient admin = ENV.daemon().admin();
    for (int i = 1; i <= 3; i++) {
      String table = "t" + i;
      db.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, v VARCHAR(20))");
      ENV.doris().execute(DORIS_DB, "CREATE TABLE " + table + " (id INT NOT NULL, v VARCHAR(80) NULL) UNIQUE KEY(id) "
          + "DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\", "
          + "\"function_column.sequence_type\" = \"BIGINT\")");
      AdminClient.Result r = admin.sql(E2e.createJob(DORIS_DB, "start" + i, db.server(), "latest",
          "FROM " + db.schema() + "." + table + " INTO " + table, Map.of("sync_commit_interval_second", "1")));
      assertThat(r.ok()).as(r.msg()).isTrue();
      db.execute("INSERT INTO " + table + " VALUES (" + i + ", 'right after CREATE')");
      Wait.until("the row inserted right after CREATE of job start" + i + " in Doris", Duration.ofSeconds(60),
          () -> ENV.doris().count(DORIS_DB, table) == 1);
      assertThat(ENV.doris().rows(DORIS_DB, table, List.of("id")))
          .containsExactly(List.of(String.valueOf(i), "right after CREATE"));
      AdminClient.Result show = admin.sql("SHOW SYNC JOB FROM " + DORIS_DB);
      List<String> row = show.rows().get(show.rows().size() - 1);
      assertThat(row.get(show.columns().indexOf("JobConfig"))).doesNotContain("startPosition:latest")
          .containsPattern("startPosition:[^,]+\\.\\d{6}:\\d+");
      assertThat(admin.sql("STOP SYNC JOB " + DORIS_DB + ".start" + i).ok()).isTrue();
    }
  }
}
