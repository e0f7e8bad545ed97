package org.binlogload.connector.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A job whose binlog position was purged while it was paused pauses again, naming the position and the fix. */
@ExtendWith(MariaDbExtension.class)
class PurgedBinlogMariaDbTest {
  @RegisterExtension
  static final EngineFixture ENGINE = new EngineFixture(DorisDouble.builder());

  @Test
  void aResumeAfterTheBinlogWasPurgedPausesNamingThePositionTheOldestBinlogAndTheResnapshot(TestDatabase db,
      @TempDir Path dir) throws Exception {
    db.execute("CREATE TABLE p (id INT PRIMARY KEY, v VARCHAR(20))");
    ENGINE.doris.sql("", "CREATE DATABASE purged");
    JobDefinition def = JobDefinition.builder().database("purged").name("job_purged")
        .source(SourceSpec.builder().host(db.host()).port(db.port()).user(db.server().replUser())
            .password(db.server().replPassword()).startPosition(SourceSpec.LATEST).build())
        .properties(Map.of("replication_num", "1"))
        .commitPolicy(CommitPolicy.builder().intervalSeconds(1).minCommitSize(1).build())
        .channels(List.of(ChannelSpec.wholeDatabase(db.schema(), "purged"))).build();
    SyncJob job = ENGINE.create(1, def, LocalStateStore.open(dir).scoped("jobs/1"));
    job.start();
    Wait.until("the job reading", Duration.ofSeconds(60), job::isReading);
    db.execute("INSERT INTO p VALUES (1, 'one')");
    Wait.until("the row committed", Duration.ofSeconds(60), () -> job.committed() != null
        && ENGINE.doris.sql("purged", "SELECT COUNT(*) FROM p").rows().get(0).get(0).equals("1"));
    job.pause();
    String committed = job.committed().toString();
    // the server keeps a binlog a dump thread still reads: wait until the paused job's reader has gone
    Wait.until("the paused job's binlog dump closed", Duration.ofSeconds(30), () -> db.query(
        "SELECT ID FROM information_schema.PROCESSLIST WHERE COMMAND = 'Binlog Dump'").isEmpty());
    String oldest;
    // PURGE BINARY LOGS needs a privileged user: the test's root connection
    try (Connection c = db.server().adminConnection(null); Statement st = c.createStatement()) {
      st.execute("FLUSH BINARY LOGS");
      st.execute("INSERT INTO " + db.schema() + ".p VALUES (2, 'two')");
      st.execute("FLUSH BINARY LOGS");
      oldest = db.masterStatus()[0];
      String to = oldest;
      // MariaDB keeps a binlog until its binlog checkpoint (InnoDB's commits in it durable): purge until it is gone
      Wait.until("the older binlogs purged", Duration.ofSeconds(60), () -> {
        try {
          st.execute("PURGE BINARY LOGS TO '" + to + "'");
        } catch (java.sql.SQLException e) {
          throw new IllegalStateException(e);
        }
        return db.query("SHOW BINARY LOGS").get(0).get(0).equals(to);
      });
    }
    job.resume();
    Wait.until("the job paused again", Duration.ofSeconds(60), () -> job.state() == JobState.PAUSED);
    assertThat(job.message()).startsWith("job purged.job_purged cannot resume: the binlog position it resumes from, "
        + committed + ", is no longer on the source " + db.server().replUser() + "@" + db.host() + ":" + db.port()
        + " (its oldest binlog is " + oldest + ") (binlog reader: ")
        .contains("so its tables (" + db.schema() + ".p) must be copied again. To fix: ALTER SYNC JOB purged.job_purged "
            + "PROPERTIES (\"resnapshot_on_purge\" = \"true\"), then RESUME SYNC JOB purged.job_purged")
        .contains("or create a new job for them")
        .contains("RESNAPSHOT alone cannot");
    System.out.println("the purge message: " + job.message());
  }
}
