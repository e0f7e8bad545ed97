package org.binlogload.connector.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.binlogload.connector.doris.DorisClient;
import org.binlogload.connector.doris.DorisConfig;
import org.binlogload.connector.job.ChannelSpec;
import org.binlogload.connector.job.CommitPolicy;
import org.binlogload.connector.job.JobDefinition;
import org.binlogload.connector.job.JobState;
import org.binlogload.connector.job.SourceSpec;
import org.binlogload.connector.state.LocalStateStore;
import org.binlogload.dorisdouble.DorisDouble;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.TestDatabase;
import org.binlogload.testkit.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A backlog that crosses several binlog rotations (FLUSH BINARY LOGS) arrives whole, with the job running and paused. */
@ExtendWith(MariaDbExtension.class)
class BinlogRotationMariaDbTest {
  @Test
  void aBacklogAcrossRotationsArrivesWhole(TestDatabase db, @TempDir Path dir) {
    SyncJobThroughputMariaDbTest.createBulkTable(db);
    try (DorisDouble doris = DorisDouble.builder().start();
        DorisClient client = DorisClient.create(DorisConfig.builder().feAddress(doris.feAddress())
            .user(doris.user()).password(doris.password()).build())) {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      doris.sql("", "CREATE DATABASE tp");
      JobDefinition def = SyncJobThroughputMariaDbTest.bulkJob(db);
      SyncJob job = CanalDorisEngine.builder().doris(client).pool(pool).pollTimeout(Duration.ofMillis(50)).build()
          .create(1, def, LocalStateStore.open(dir).scoped("jobs/1"));
      try {
        job.start();
        SyncJobThroughputMariaDbTest.warmUp(db, job, doris);
        job.pause();
        int bulkRows = 40_000;
        for (int s = 0; s < bulkRows / 1000; s++) {
          db.execute(SyncJobThroughputMariaDbTest.bulkInsert(s));
          if (s % 10 == 4) {
            db.execute("FLUSH BINARY LOGS");
          }
        }
        long total = 3 + bulkRows;
        job.resume();
        db.execute("INSERT INTO bulk VALUES (-1, 0, 'live', 0, '2024-01-01 00:00:00', 0, 'x', '2024-01-01')");
        db.execute("FLUSH BINARY LOGS");
        db.execute("INSERT INTO bulk VALUES (-2, 0, 'live', 0, '2024-01-01 00:00:00', 0, 'x', '2024-01-01')");
        try {
          Wait.until("backlog drained", Duration.ofSeconds(120), () -> {
            if (job.state() != JobState.RUNNING) {
              throw new AssertionError(job.state() + ": " + job.message());
            }
            long n = doris.count("tp", "bulk");
            return n == total ? "" : n + " of " + total + " rows; committed " + job.committed() + "; " + job.status();
          }, String::isEmpty);
        } catch (AssertionError e) {
          throw new AssertionError(e.getMessage() + "; ids in Doris: " + ranges(doris.rows("tp", "bulk")), e);
        }
        assertThat(doris.count("tp", "bulk")).isEqualTo(total);
      } finally {
        job.stop();
        pool.shutdownNow();
      }
    }
  }

  /** The ids present as ranges {@code a..b}, to name what is missing. */
  private static String ranges(List<Map<String, Object>> rows) {
    long[] ids = rows.stream().mapToLong(r -> ((Number) r.get("id")).longValue()).sorted().toArray();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < ids.length; i++) {
      int j = i;
      while (j + 1 < ids.length && ids[j + 1] == ids[j] + 1) {
        j++;
      }
      sb.append(sb.length() == 0 ? "" : ", ").append(ids[i]).append("..").append(ids[j]);
      i = j;
    }
    return sb.toString();
  }
}
