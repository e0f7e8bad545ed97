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

/** Drains a backlog (bulk inserts and one-row transactions) through the whole runtime and prints rows per second. */
@ExtendWith(MariaDbExtension.class)
class SyncJobThroughputMariaDbTest {
  @Test
  void drainsABacklogCompletelyAndReportsItsRate(TestDatabase db, @TempDir Path dir) {
    createBulkTable(db);
    try (DorisDouble doris = DorisDouble.builder().start();
        DorisClient client = DorisClient.create(DorisConfig.builder().feAddress(doris.feAddress())
            .user(doris.user()).password(doris.password()).build())) {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      doris.sql("", "CREATE DATABASE tp");
      JobDefinition def = bulkJob(db);
      java.util.concurrent.atomic.AtomicLong sinkNanos = new java.util.concurrent.atomic.AtomicLong();
      java.util.concurrent.atomic.AtomicLong[] started = {new java.util.concurrent.atomic.AtomicLong()};
      SyncJob job = CanalDorisEngine.builder().doris(client).pool(pool).pollTimeout(Duration.ofMillis(50))
          .decorateSink(s -> new HookedSink(s, op -> {
            if (op.startsWith("prepare:") || op.startsWith("commit:")) {
              started[0].set(System.nanoTime());
            } else if (op.startsWith("prepared:") || op.startsWith("committed:")) {
              sinkNanos.addAndGet(System.nanoTime() - started[0].get());
            }
          })).build()
          .create(1, def, LocalStateStore.open(dir).scoped("jobs/1"));
      try {
        job.start();
        warmUp(db, job, doris);
        job.pause();
        int bulkRows = 100_000;
        for (int s = 0; s < bulkRows / 1000; s++) {
          db.execute(bulkInsert(s));
        }
        int singles = 5_000;
        try (var c = db.connection(); var st = c.createStatement()) {
          for (int i = 0; i < singles; i++) {
            st.execute("INSERT INTO bulk VALUES (" + (1_000_000 + i) + ", 1, 'single', 1.5, '2024-01-01 00:00:00',"
                + " 1, 's', '2024-01-01')");
          }
        } catch (java.sql.SQLException e) {
          throw new IllegalStateException(e);
        }
        long total = 1 + bulkRows + singles;
        long t0 = System.nanoTime();
        job.resume();
        Wait.until("backlog drained", Duration.ofSeconds(300), () -> {
          if (job.state() != JobState.RUNNING) {
            throw new AssertionError(job.state() + ": " + job.message());
          }
          return doris.count("tp", "bulk") == total;
        });
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("sync throughput: %d rows (%d in 1000-row INSERTs, %d one-row transactions) drained in "
            + "%.1f s = %.0f rows/s; %d rounds%n", total - 1, bulkRows, singles, secs, (total - 1) / secs,
            job.status().commitRounds());
        System.out.printf("time in Doris loads and commits: %.1f s%n", sinkNanos.get() / 1e9);
        assertThat(doris.count("tp", "bulk")).isEqualTo(total);
        assertThat(doris.checksum("tp", "bulk")).isNotEmpty();
      } finally {
        job.stop();
        pool.shutdownNow();
      }
    }
  }

  /** The table these tests write: 8 columns of the usual kinds under a BIGINT key. */
  static void createBulkTable(TestDatabase db) {
    db.execute("CREATE TABLE bulk (id BIGINT PRIMARY KEY, a INT, b VARCHAR(40), c DECIMAL(12,2), d DATETIME(3), "
        + "e DOUBLE, f VARCHAR(20), g DATE)");
  }

  /** The job of these tests: {@code bulk} into the double's {@code tp.bulk} from the binlog's end now. */
  static JobDefinition bulkJob(TestDatabase db) {
    String[] at = db.masterStatus();
    return JobDefinition.builder().database("tp").name("bench")
        .source(SourceSpec.builder().host(db.host()).port(db.port()).user(db.server().replUser())
            .password(db.server().replPassword()).startPosition(at[0] + ":" + at[1]).build())
        .properties(Map.of("replication_num", "1"))
        .commitPolicy(CommitPolicy.builder().intervalSeconds(1).minCommitSize(8192).build())
        .addChannel(ChannelSpec.table(db.schema(), "bulk", "tp", "bulk", List.of())).build();
  }

  /** Writes a warm-up row and waits until the running job committed it into the double. */
  static void warmUp(TestDatabase db, SyncJob job, DorisDouble doris) {
    db.execute("INSERT INTO bulk VALUES (0, 0, 'warm', 0, '2024-01-01 00:00:00', 0, 'x', '2024-01-01')");
    Wait.until("warm-up row", Duration.ofSeconds(60), () -> {
      if (job.state() != JobState.RUNNING) {
        throw new AssertionError(job.state() + ": " + job.message());
      }
      return job.committed() != null && doris.count("tp", "bulk") == 1 ? "" : job.status() + " reading="
          + job.isReading();
    }, String::isEmpty);
  }

  /** The {@code s}-th 1000-row INSERT into {@code bulk} (ids {@code 1 + 1000 s} on). */
  static String bulkInsert(int s) {
    StringBuilder ins = new StringBuilder("INSERT INTO bulk VALUES ");
    for (int i = 0; i < 1000; i++) {
      long id = 1 + s * 1000L + i;
      ins.append(i > 0 ? "," : "").append("(").append(id).append(",").append(id % 1000).append(",'row ")
          .append(id).append(" of the bulk load',").append(id).append(".25,'2024-05-06 07:08:09.123',")
          .append(id / 3.0).append(",'f").append(id % 97).append("','2024-05-06')");
    }
    return ins.toString();
  }
}
