package org.binlogload.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.binlogload.dorisdouble.Faults;
import org.binlogload.testkit.MariaDbServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recovery end to end, on a MariaDB of its own (it is restarted): the daemon killed with SIGKILL at 20+ random
 * points while a workload with DDL runs, the Doris double's injected faults, and a MariaDB restart. Afterwards Doris
 * holds exactly MySQL's rows: nothing lost, nothing applied twice (a replayed insert of a since deleted row, or a
 * replayed older version of an updated row, would show as a difference).
 *
 * <p>The random points come from a seed printed at the start; rerun one with {@code -Dbinlogload.it.seed=N}.
 */
class CrashRecoveryTest {
  private static final int KILLS = 22;
  private static final String RUN = Long.toString(ProcessHandle.current().pid(), 36);
  private static final String CRASH_KILL = "crash_kill_" + RUN;
  private static final String CRASH_FAULTS = "crash_faults_" + RUN;
  private static final String CRASH_RESTART = "crash_restart_" + RUN;
  private static final String CRASH_BARRIER = "crash_barrier_" + RUN;
  private static MariaDbServer server;
  private static DorisTarget doris;
  private static long seed;
  private DaemonProcess daemon;

  @BeforeAll
  static void start() {
    seed = Long.getLong("binlogload.it.seed", System.currentTimeMillis() % 1_000_000);
    System.out.println("CrashRecoveryTest seed " + seed + " (rerun with -Dbinlogload.it.seed=" + seed + ")");
    server = MariaDbServer.dedicated("it_crash");
    // heavy schema changes (e.g. INT to BIGINT) take 3 s in the double, as they take time in Doris
    doris = DorisTarget.start(org.binlogload.dorisdouble.DorisDouble.builder().password("double_pw").backends(3)
        .heavySchemaChangeDuration(Duration.ofSeconds(3)));
  }

  @AfterAll
  static void stop() {
    if (doris != null) {
      doris.close();
    }
    // the it_crash server is left running, like the shared one: another run on this tree may be using it
    // (scripts/test.sh stops every instance it started)
    for (String schema : new String[] {CRASH_KILL, CRASH_FAULTS, CRASH_RESTART, CRASH_BARRIER}) {
      E2e.sql(server, null, "DROP DATABASE IF EXISTS " + schema);
    }
  }

  @AfterEach
  void stopDaemon() {
    if (daemon != null) {
      daemon.stop();
    }
    doris.dorisDouble().ifPresent(d -> d.faults().clear());
  }

  private Workload prepare(String schema, String dorisDb, String job) throws Exception {
    try (Connection c = server.adminConnection(null); Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + schema);
      st.execute("CREATE DATABASE " + schema + " CHARACTER SET utf8mb4");
    }
    Workload w = new Workload(schema, seed);
    try (Connection c = server.adminConnection(schema)) {
      w.create(c);
    }
    doris.recreateDatabase(dorisDb);
    daemon = DaemonProcess.prepare(E2e.home(job), doris, Map.of("status_log_interval_second", "2"))
        .start();
    AdminClient.Result r = daemon.admin().sql(E2e.createJob(dorisDb, job, server, E2e.masterStatus(server),
        "FROM " + schema + ".* INTO " + dorisDb, Map.of("sync_commit_interval_second", "1")));
    assertThat(r.ok()).as(r.msg()).isTrue();
    E2e.awaitState(daemon.admin(), job, "RUNNING", Duration.ofSeconds(30));
    try (Connection c = server.adminConnection(schema)) {
      w.run(c, 10, false);
    }
    E2e.awaitCommitted(daemon.admin(), job);
    return w;
  }

  @Test
  void killNineAtTwentyRandomPointsLosesNothingAndDuplicatesNothing() throws Exception {
    Workload w = prepare(CRASH_KILL, "it_kill", "killed");
    Random points = new Random(seed);
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicReference<Throwable> failed = new AtomicReference<>();
    Thread writer = new Thread(() -> {
      try (Connection c = server.adminConnection(CRASH_KILL)) {
        while (writing.get()) {
          w.step(c, true);
          Thread.sleep(100); // paces the writer: about 10 steps a second while the daemon dies and restarts
        }
      } catch (Throwable e) {
        failed.set(e);
      }
    }, "workload");
    writer.start();
    // with the double, slow loads widen the window of an open round, so more kills land mid-round (loading,
    // precommitted, decided, committing); a real Doris is left at its own pace
    doris.dorisDouble().ifPresent(d -> d.faults().delayLoads(Duration.ofMillis(250)));
    try {
      for (int i = 1; i <= KILLS; i++) {
        long after = 200 + points.nextInt(2300);
        Thread.sleep(after); // the random point: how long the restarted daemon runs before the next SIGKILL
        JsonNode before = daemon.admin().job("killed");
        daemon.kill9();
        System.out.printf("kill -9 #%d after %d ms at job position %s (%d rows this run), workload step %d%n", i,
            after, before.path("position").asText(), before.path("totalRows").asLong(), w.steps());
        daemon.start();
        assertThat(failed.get()).as("workload").isNull();
      }
    } finally {
      writing.set(false);
      writer.join();
      doris.dorisDouble().ifPresent(d -> d.faults().delayLoads(Duration.ZERO));
    }
    assertThat(failed.get()).as("workload").isNull();
    assertThat(w.ddlDone()).as("the DDL ran while the daemon was being killed").hasSize(3);
    assertThat(daemon.starts()).isEqualTo(KILLS + 1);
    E2e.awaitEqual(server, CRASH_KILL, doris, "it_kill", Workload.TABLES, daemon.admin(), "killed",
        Duration.ofSeconds(240));
    assertThat(daemon.admin().job("killed").path("state").asText()).isEqualTo("RUNNING");
    String log = daemon.log();
    System.out.printf("after %d kills: %d decided rounds rolled forward, %d undecided rounds rolled back%n", KILLS,
        count(log, "rolling forward the decided round"), count(log, "rolling back the undecided round"));
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  /**
   * A kill inside the DDL barrier: Doris has accepted the schema change (a heavy one, still running) but the job has
   * not yet recorded the position past the DDL. The restarted job must notice the change is already there (or
   * underway) instead of refusing it, and go on with nothing lost.
   */
  @Test
  void killNineInsideTheDdlBarrierResumesWithoutReapplyingTheDdl() throws Exception {
    try (Connection c = server.adminConnection(null); Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + CRASH_BARRIER);
      st.execute("CREATE DATABASE " + CRASH_BARRIER);
      st.execute("CREATE TABLE " + CRASH_BARRIER + ".h (id INT PRIMARY KEY, n INT, v VARCHAR(20))");
    }
    doris.recreateDatabase("it_barrier");
    daemon = DaemonProcess.prepare(E2e.home("barrier"), doris, Map.of()).start();
    AdminClient admin = daemon.admin();
    AdminClient.Result r = admin.sql(E2e.createJob("it_barrier", "barrier", server, E2e.masterStatus(server),
        "FROM " + CRASH_BARRIER + ".* INTO it_barrier", Map.of("sync_commit_interval_second", "1")));
    assertThat(r.ok()).as(r.msg()).isTrue();
    E2e.sql(server, CRASH_BARRIER, "INSERT INTO h VALUES (1, 1, 'a'), (2, 2, 'b'), (3, 3, 'c')");
    E2e.awaitEqual(server, CRASH_BARRIER, doris, "it_barrier", java.util.List.of("h"), admin, "barrier",
        Duration.ofSeconds(60));
    E2e.sql(server, CRASH_BARRIER, "ALTER TABLE h MODIFY n BIGINT",
        "INSERT INTO h VALUES (4, 40000000000, 'after')", "UPDATE h SET n = n * 1000000000 WHERE id = 1",
        "DELETE FROM h WHERE id = 2");
    org.binlogload.testkit.Wait.until("Doris has accepted the schema change of it_barrier.h", Duration.ofSeconds(60),
        () -> !doris.client().query("it_barrier", "SHOW ALTER TABLE COLUMN FROM it_barrier").rows().isEmpty());
    daemon.kill9();
    System.out.println("killed inside the barrier; Doris: "
        + doris.client().query("it_barrier", "SHOW ALTER TABLE COLUMN FROM it_barrier").rowMaps());
    daemon.start();
    E2e.awaitEqual(server, CRASH_BARRIER, doris, "it_barrier", java.util.List.of("h"), admin, "barrier",
        Duration.ofSeconds(60));
    assertThat(doris.describe("it_barrier", "h")).contains(java.util.List.of("n", "bigint"));
  }

  @Test
  void injectedDorisFaultsLoseNothingAndDuplicateNothing() throws Exception {
    assumeTrue(doris.isDouble(), "fault injection needs the Doris double; not applicable with DORIS_FE_HTTP");
    Workload w = prepare(CRASH_FAULTS, "it_faults", "faulty");
    Faults faults = doris.dorisDouble().orElseThrow().faults();
    Random r = new Random(seed);
    try (Connection c = server.adminConnection(CRASH_FAULTS)) {
      for (int round = 0; round < 8; round++) {
        switch (round % 4) {
          case 0 -> faults.failNextLoads(1 + r.nextInt(2)).failNextCommits(1);
          case 1 -> faults.publishTimeoutNext(1).dropConnectionMidBodyNext(1);
          case 2 -> faults.serverErrorNext(2, 503).failNextCommits(2);
          default -> faults.delayLoads(Duration.ofMillis(300)).dropConnectionMidBodyNext(1);
        }
        w.run(c, 25, true);
        if (round == 5) {
          // a fault, then a crash right after it: recovery settles the round left behind
          faults.failNextCommits(1);
          w.run(c, 5, false);
          daemon.kill9();
          daemon.start();
        }
      }
    }
    faults.delayLoads(Duration.ZERO);
    E2e.awaitEqual(server, CRASH_FAULTS, doris, "it_faults", Workload.TABLES, daemon.admin(), "faulty",
        Duration.ofSeconds(120));
  }

  @Test
  void mariaDbRestartMidStreamLosesNothing() throws Exception {
    Workload w = prepare(CRASH_RESTART, "it_restart", "restarted");
    try (Connection c = server.adminConnection(CRASH_RESTART)) {
      w.run(c, 60, true);
    }
    server.restart();
    System.out.println("MariaDB restarted; job: " + daemon.admin().job("restarted").path("state").asText());
    try (Connection c = server.adminConnection(CRASH_RESTART)) {
      w.run(c, 60, true);
    }
    E2e.awaitEqual(server, CRASH_RESTART, doris, "it_restart", Workload.TABLES, daemon.admin(), "restarted",
        Duration.ofSeconds(120));
  }
}
