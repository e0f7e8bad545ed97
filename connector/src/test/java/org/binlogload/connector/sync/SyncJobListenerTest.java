package org.binlogload.connector.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.RowChange;
import org.binlogload.connector.job.ChannelSpec;
import org.binlogload.connector.job.JobDefinition;
import org.binlogload.connector.job.JobState;
import org.binlogload.connector.job.SyncEngine;
import org.binlogload.testkit.Wait;
import org.junit.jupiter.api.Test;

/** What a job tells its {@link SyncEngine.Listener}: the changes it makes on its own, and only those. */
class SyncJobListenerTest {
  private final List<String> heard = Collections.synchronizedList(new ArrayList<>());

  private SyncJob job(Harness h, JobDefinition def) {
    SyncJob j = SyncJob.builder().jobId(7).definition(def).state(h.store.scoped("jobs/7")).source(h.binlog::source)
        .sink(h.sink).planner(h.planner).catalog(h.catalog()).pool(h.pool).maxEvents(1024)
        .pollTimeout(Duration.ofMillis(20)).retries(5, Duration.ofMillis(10)).stopTimeout(Duration.ofSeconds(5))
        .listener((state, message) -> heard.add(state + " " + message)).build();
    h.jobs.add(j);
    return j;
  }

  @Test
  void waitingToRetryAndHealingAreTold() {
    try (Harness h = new Harness()) {
      h.sourceTable("t1");
      h.binlog.rows(RowChange.Kind.INSERT, "t1", Harness.COLS, true, new Object[] {1, "a"});
      AtomicBoolean down = new AtomicBoolean(true);
      h.sink.hook = op -> {
        if (down.get() && op.startsWith("prepare:")) {
          throw new MemorySink.Retryable("no FE reachable");
        }
      };
      SyncJob job = job(h, Harness.definition(Harness.policy(1, 1 << 20, 1 << 30),
          ChannelSpec.table("src", "t1", "ddb", "t1", List.of())));
      job.start();
      Wait.until("told it retries", Duration.ofSeconds(10), () -> !heard.isEmpty());
      assertThat(heard.get(0)).startsWith("RUNNING retrying in").contains("no FE reachable");
      down.set(false);
      h.awaitCaughtUp(job);
      Wait.until("told it delivers again", Duration.ofSeconds(10), () -> heard.contains("RUNNING "));
      assertThat(heard).allMatch(s -> s.startsWith("RUNNING "));

      heard.clear();
      job.pause(); // asked for: not told
      job.resume();
      job.stop();
      assertThat(heard).isEmpty();
    }
  }

  @Test
  void aPauseOnARefusedDdlIsToldWithItsMessage() {
    try (Harness h = new Harness()) {
      h.sourceTable("t1");
      h.binlog.rows(RowChange.Kind.INSERT, "t1", Harness.COLS, true, new Object[] {1, "a"});
      BinlogPosition ddl = h.binlog.ddl("t1", "ALTER TABLE t1 DROP COLUMN id");
      SyncJob job = job(h, Harness.definition(Harness.policy(1000, 1 << 20, 1 << 30),
          ChannelSpec.table("src", "t1", "ddb", "t1", List.of())));
      job.start();
      Wait.until("told it paused", Duration.ofSeconds(10), () -> heard.stream().anyMatch(s -> s.startsWith("PAUSED")));
      assertThat(heard).filteredOn(s -> s.startsWith("PAUSED")).singleElement()
          .isEqualTo("PAUSED " + job.message());
      assertThat(job.message()).contains(ddl.toString());
      assertThat(job.state()).isEqualTo(JobState.PAUSED);
    }
  }
}
