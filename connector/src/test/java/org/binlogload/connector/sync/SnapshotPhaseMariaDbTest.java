package org.binlogload.connector.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.binlogload.connector.job.ChannelSpec;
import org.binlogload.connector.job.CommitPolicy;
import org.binlogload.connector.job.JobDefinition;
import org.binlogload.connector.job.JobState;
import org.binlogload.connector.job.SnapshotStatus;
import org.binlogload.connector.job.SourceSpec;
import org.binlogload.connector.state.LocalStateStore;
import org.binlogload.dorisdouble.DorisDouble;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.TestDatabase;
import org.binlogload.testkit.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snapshot phase of a job: a channel's column list and column name mappings shape the copied rows as they shape
 * the streamed ones; a chunk whose source session is killed is retried, and the job says so while it waits.
 */
@ExtendWith(MariaDbExtension.class)
class SnapshotPhaseMariaDbTest {
  private static final AtomicInteger IDS = new AtomicInteger(300);
  @RegisterExtension
  static final EngineFixture ENGINE = new EngineFixture(DorisDouble.builder());
  private static final DorisDouble doris = ENGINE.doris;

  private static JobDefinition definition(TestDatabase db, String dorisDb, List<ChannelSpec> channels,
      Map<String, String> props) {
    Map<String, String> all = new java.util.HashMap<>(Map.of("replication_num", "1", "snapshot_parallelism", "1",
        "snapshot_chunk_size", "25"));
    all.putAll(props);
    return JobDefinition.builder().database(dorisDb).name("job_" + dorisDb)
        .source(SourceSpec.builder().host(db.host()).port(db.port()).user(db.server().replUser())
            .password(db.server().replPassword()).startPosition(SourceSpec.INITIAL).build())
        .properties(all).commitPolicy(CommitPolicy.builder().intervalSeconds(1).minCommitSize(200).build())
        .channels(channels).build();
  }

  private static List<String> sourceRows(TestDatabase db, String select) {
    List<String> out = new ArrayList<>();
    for (List<Object> r : db.query(select)) {
      out.add(r.stream().map(SyncJobMariaDbTest::norm).toList().toString());
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  private static List<String> dorisRows(String dorisDb, String table) {
    List<String> out = new ArrayList<>();
    if (doris.sql(dorisDb, "SHOW TABLES").rows().stream().noneMatch(r -> table.equals(r.get(0)))) {
      return out;
    }
    for (Map<String, Object> r : doris.rows(dorisDb, table)) {
      out.add(r.values().stream().map(SyncJobMariaDbTest::norm).toList().toString());
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  @Test
  void aColumnListAndColumnNameMappingsShapeTheCopiedRowsAsTheStreamedOnes(TestDatabase db, @TempDir Path dir) {
    db.execute("CREATE TABLE m (id INT PRIMARY KEY, secret VARCHAR(20), a VARCHAR(20), b INT)");
    StringBuilder sb = new StringBuilder("INSERT INTO m VALUES ");
    for (int i = 1; i <= 120; i++) {
      sb.append(i > 1 ? "," : "").append('(').append(i).append(",'s").append(i).append("','a").append(i).append("',")
          .append(i * 10).append(')');
    }
    db.execute(sb.toString());
    doris.sql("", "CREATE DATABASE snapm");
    doris.sql("snapm", "CREATE TABLE m (`id` INT NOT NULL, `a` VARCHAR(80), `bee` INT) UNIQUE KEY(`id`) "
        + "DISTRIBUTED BY HASH(`id`) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\", "
        + "\"function_column.sequence_type\" = \"BIGINT\")");
    SyncJob job = ENGINE.create(IDS.incrementAndGet(), definition(db, "snapm",
        List.of(ChannelSpec.table(db.schema(), "m", "snapm", "m", List.of("id", "a", "b"))),
        Map.of("name_mapping", "m.b=bee")), LocalStateStore.open(dir).scoped("jobs/1"));
    job.start();
    String select = "SELECT id, a, b FROM m";
    Wait.until("the snapshot's rows in Doris", Duration.ofSeconds(90), () -> {
      assertThat(job.state()).as(job.message()).isEqualTo(JobState.RUNNING);
      return sourceRows(db, select).equals(dorisRows("snapm", "m"));
    });
    assertThat(doris.rows("snapm", "m").get(0).keySet()).containsExactly("id", "a", "bee");
    Wait.until("the stream phase reading", Duration.ofSeconds(30), job::isReading);
    db.execute("UPDATE m SET b = -1, secret = 'x' WHERE id = 7", "INSERT INTO m VALUES (500, 'no', 'new', 5)");
    Wait.until("the streamed rows in Doris", Duration.ofSeconds(60),
        () -> sourceRows(db, select).equals(dorisRows("snapm", "m")));
  }

  @Test
  void aChunkWhoseSessionIsKilledIsRetriedAndTheJobSaysSoWhileItWaits(TestDatabase db, @TempDir Path dir) {
    db.execute("CREATE TABLE k (id INT PRIMARY KEY, v VARCHAR(200))");
    StringBuilder sb = new StringBuilder("INSERT INTO k VALUES ");
    for (int i = 1; i <= 400; i++) {
      sb.append(i > 1 ? "," : "").append('(').append(i).append(",'v").append(i).append("')");
    }
    db.execute(sb.toString(), "ANALYZE TABLE k");
    doris.sql("", "CREATE DATABASE snapk");
    doris.faults().delayLoads(Duration.ofMillis(200)); // the copy lasts seconds: the kill lands inside a chunk
    try {
      SyncJob job = ENGINE.create(IDS.incrementAndGet(), definition(db, "snapk",
          List.of(ChannelSpec.wholeDatabase(db.schema(), "snapk")), Map.of()),
          LocalStateStore.open(dir).scoped("jobs/1"));
      job.start();
      Wait.until("the snapshot copying", Duration.ofSeconds(60), () -> {
        SnapshotStatus s = job.status().snapshot();
        return s != null && s.rowsCopied() > 0;
      });
      killSnapshotSession(db);
      String shown = Wait.until("the job showing the retry", Duration.ofSeconds(30), job::message,
          m -> m.startsWith("retrying "));
      // the driver's words when the socket closes under it, or the server's when the kill meets a statement
      assertThat(shown).matches("retrying " + db.schema() + "\\.k chunk \\d+: (Communications link failure|Connection "
          + "was killed \\(error 1927\\)) \\(attempt 1, in 1 s\\)");
      doris.faults().delayLoads(Duration.ZERO);
      Wait.until("Doris equal to MariaDB", Duration.ofSeconds(90), () -> {
        assertThat(job.state()).as(job.message()).isEqualTo(JobState.RUNNING);
        return sourceRows(db, "SELECT * FROM k").equals(dorisRows("snapk", "k"));
      });
      Wait.until("the retry message cleared", Duration.ofSeconds(30), () -> !job.message().startsWith("retrying"));
    } finally {
      doris.faults().delayLoads(Duration.ZERO);
    }
  }

  /**
   * KILL CONNECTION of the snapshot's session: the replication user's one session that is not a binlog dump, once the
   * sessions an earlier test's jobs closed have left the server's list.
   */
  private static void killSnapshotSession(TestDatabase db) {
    try (Connection c = db.server().adminConnection(null); Statement st = c.createStatement()) {
      String sql = "SELECT ID FROM information_schema.PROCESSLIST WHERE USER = '" + db.server().replUser()
          + "' AND COMMAND <> 'Binlog Dump'";
      List<List<Object>> ids = Wait.until("the snapshot's session alone", Duration.ofSeconds(10),
          () -> db.query(sql), l -> l.size() == 1);
      st.execute("KILL CONNECTION " + ids.get(0).get(0));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
