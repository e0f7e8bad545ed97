package org.binlogload.connector.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.binlogload.connector.doris.DorisClient;
import org.binlogload.connector.doris.DorisConfig;
import org.binlogload.connector.doris.RetryPolicy;
import org.binlogload.connector.job.ChannelSpec;
import org.binlogload.connector.job.CommitPolicy;
import org.binlogload.connector.job.JobDefinition;
import org.binlogload.connector.job.JobState;
import org.binlogload.connector.job.SourceSpec;
import org.binlogload.connector.state.LocalStateStore;
import org.binlogload.connector.state.StateStore;
import org.binlogload.dorisdouble.DorisDouble;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.TestDatabase;
import org.binlogload.testkit.Wait;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A runtime dies at each step of a commit round (the runner thread ends on an Error, without cleaning up), against
 * the real embedded Canal, the real Doris client and the Doris double; a new runtime over the same state finishes
 * with MySQL and Doris equal and no transaction left PRECOMMITTED.
 */
@ExtendWith(MariaDbExtension.class)
class SyncJobRecoveryMariaDbTest {
  private static final AtomicInteger IDS = new AtomicInteger(100);
  private DorisDouble doris;
  private DorisClient client;
  private ExecutorService pool;

  enum Step { AFTER_PREPARE, AFTER_DECISION, AFTER_FIRST_COMMIT, BEFORE_COMMITTED_POSITION, IN_HEAVY_SCHEMA_CHANGE }

  @BeforeEach
  void startDoris() {
    doris = DorisDouble.builder().heavySchemaChangeDuration(Duration.ofMillis(200)).start();
    client = DorisClient.create(DorisConfig.builder().feAddress(doris.feAddress()).user(doris.user())
        .password(doris.password()).retryPolicy(RetryPolicy.of(3, Duration.ofMillis(20), Duration.ofMillis(100)))
        .build());
    pool = Executors.newFixedThreadPool(2);
  }

  @AfterEach
  void stopDoris() {
    pool.shutdownNow();
    client.close();
    doris.close();
  }

  @ParameterizedTest
  @EnumSource(Step.class)
  void aNewRuntimeRecoversFromACrashAtEachStep(Step step, TestDatabase db, @TempDir Path dir) {
    String table = "c_" + step.name().toLowerCase();
    String ddb = "rec_" + step.name().toLowerCase();
    db.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, v VARCHAR(20), n INT)",
        "CREATE TABLE " + table + "_b (id INT PRIMARY KEY, v VARCHAR(20))");
    doris.sql("", "CREATE DATABASE " + ddb);
    String[] at = db.masterStatus();
    JobDefinition def = JobDefinition.builder().database(ddb).name("job")
        .source(SourceSpec.builder().host(db.host()).port(db.port()).user(db.server().replUser())
            .password(db.server().replPassword()).startPosition(at[0] + ":" + at[1]).build())
        .properties(Map.of("replication_num", "1"))
        .commitPolicy(CommitPolicy.builder().intervalSeconds(1).minCommitSize(100).build())
        .addChannel(ChannelSpec.table(db.schema(), table, ddb, table, List.of()))
        .addChannel(ChannelSpec.table(db.schema(), table + "_b", ddb, table + "_b", List.of())).build();
    long id = IDS.incrementAndGet();
    StateStore state = LocalStateStore.open(dir).scoped("jobs/" + id);

    AtomicBoolean crashed = new AtomicBoolean(true); // armed after a first round went through
    AtomicBoolean decided = new AtomicBoolean();
    Consumer<String> sinkHook = op -> {
      if (crashed.get()) {
        return;
      }
      boolean crash = switch (step) {
        case AFTER_DECISION -> op.startsWith("commit:");
        case AFTER_FIRST_COMMIT -> op.startsWith("committed:");
        case IN_HEAVY_SCHEMA_CHANGE -> op.startsWith("await:");
        default -> false;
      };
      if (crash && crashed.compareAndSet(false, true)) {
        throw new Crash(step.name());
      }
    };
    BiConsumer<String, byte[]> storeHook = (k, v) -> {
      if (crashed.get() || !k.equals(ProgressStore.PROGRESS_KEY)) {
        return;
      }
      Progress p = Progress.fromBytes(v);
      if (step == Step.AFTER_PREPARE && p.round() != null && p.round().decided()
          && crashed.compareAndSet(false, true)) {
        throw new Crash(step.name()); // every load PRECOMMITTED, the decision not yet written
      }
      if (step != Step.BEFORE_COMMITTED_POSITION) {
        return;
      }
      if (p.round() != null && p.round().decided()) {
        decided.set(true);
      } else if (decided.get() && p.round() == null && crashed.compareAndSet(false, true)) {
        throw new Crash(step.name());
      }
    };
    SyncJob first = CanalDorisEngine.builder().doris(client).pool(pool).pollTimeout(Duration.ofMillis(50))
        .decorateSink(s -> new HookedSink(s, sinkHook)).build()
        .create(id, def, new HookedStateStore(state, storeHook));
    first.start();
    Wait.until("reading", Duration.ofSeconds(30), first::isReading);
    db.execute("INSERT INTO " + table + " VALUES (0, 'warm', 0)", "INSERT INTO " + table + "_b VALUES (0, 'warm')");
    for (String t : List.of(table, table + "_b")) {
      Wait.until("first rows in " + t, Duration.ofSeconds(30), () -> dorisRows(ddb, t).size() == 1);
    }
    crashed.set(false);
    StringBuilder ins = new StringBuilder("INSERT INTO " + table + " VALUES ");
    for (int i = 1; i <= 30; i++) {
      ins.append(i > 1 ? "," : "").append("(").append(i).append(",'v").append(i).append("',").append(i).append(")");
    }
    db.transaction(ins.toString(), "INSERT INTO " + table + "_b VALUES (1, 'b1'), (2, 'b2')");
    db.execute("UPDATE " + table + " SET v = 'u' WHERE id <= 5", "DELETE FROM " + table + "_b WHERE id = 1",
        "ALTER TABLE " + table + " MODIFY n BIGINT", "INSERT INTO " + table + " VALUES (31, 'after', 9000000000)");
    Wait.until("crash at " + step, Duration.ofSeconds(60), () -> {
      if (crashed.get()) {
        return true; // the crashed runtime shows PAUSED with "internal error"
      }
      if (first.state() != JobState.RUNNING) {
        throw new AssertionError("first runtime is " + first.state() + ": " + first.message());
      }
      return crashed.get();
    });
    Wait.until("first runner dead", Duration.ofSeconds(30), () -> !first.isReading());
    Wait.until("first runtime paused by the crash", Duration.ofSeconds(30), () -> first.state() == JobState.PAUSED);
    assertThat(first.message()).contains("internal error", "simulated crash " + step.name());

    SyncJob second = CanalDorisEngine.builder().doris(client).pool(pool).pollTimeout(Duration.ofMillis(50)).build()
        .create(id, def, state);
    try {
      second.start();
      db.execute("INSERT INTO " + table + " VALUES (32, 'later', 1)", "UPDATE " + table + "_b SET v = 'x'");
      for (String t : List.of(table, table + "_b")) {
        Wait.until(ddb + "." + t + " equal", Duration.ofSeconds(60), () -> {
          if (second.state() != JobState.RUNNING) {
            throw new AssertionError("second runtime is " + second.state() + ": " + second.message());
          }
          List<List<String>> m = SyncJobMariaDbTest.mysqlRows(db, t);
          List<List<String>> d = dorisRows(ddb, t);
          return m.equals(d) ? "" : second.status() + "\nmysql " + m + "\ndoris " + d;
        }, String::isEmpty);
      }
      assertThat(doris.count(ddb, table)).isEqualTo(33);
      assertThat(doris.faults().expireAllPrecommitted()).as("transactions left PRECOMMITTED").isZero();
    } finally {
      second.stop();
      first.stop();
    }
  }

  private List<List<String>> dorisRows(String db, String table) {
    try {
      List<List<String>> out = new java.util.ArrayList<>();
      for (Map<String, Object> r : doris.rows(db, table)) {
        List<String> row = new java.util.ArrayList<>();
        r.values().forEach(v -> row.add(SyncJobMariaDbTest.norm(v)));
        out.add(row);
      }
      out.sort((a, b) -> Long.compare(Long.parseLong(a.get(0)), Long.parseLong(b.get(0))));
      return out;
    } catch (RuntimeException e) {
      return List.of();
    }
  }
}
