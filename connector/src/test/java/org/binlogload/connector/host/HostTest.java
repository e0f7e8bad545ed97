package org.binlogload.connector.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.binlogload.connector.doris.DorisConfig;
import org.binlogload.connector.job.FakeSyncEngine;
import org.binlogload.connector.job.JobState;
import org.binlogload.connector.job.JobValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host both the daemon and the FE plugin run: one engine, and a state store, manager and admin API per serve. */
class HostTest {
  @TempDir
  Path dir;

  final FakeSyncEngine engine = new FakeSyncEngine();

  HostConfig config(int adminPort) {
    return new HostConfig() {
      @Override
      public DorisConfig doris() {
        return DorisConfig.builder().feAddresses("127.0.0.1:9").user("root").password("").build();
      }

      @Override
      public int threads() {
        return 2;
      }

      @Override
      public String runtimeProvider() {
        return null;
      }

      @Override
      public boolean validateJobs() {
        return true; // replaced by the validator the test gives
      }

      @Override
      public String defaultDatabase() {
        return "dw";
      }

      @Override
      public String adminHost() {
        return "127.0.0.1";
      }

      @Override
      public int adminPort() {
        return adminPort;
      }

      @Override
      public String adminToken() {
        return null;
      }

      @Override
      public String stateStore() {
        return "local";
      }

      @Override
      public Path stateDirectory() {
        return dir.resolve("state");
      }

      @Override
      public String stateDatabase() {
        return "unused";
      }

      @Override
      public String stateTable() {
        return "unused";
      }

      @Override
      public int stateReplication() {
        return 1;
      }

      @Override
      public Duration statusLogInterval() {
        return Duration.ZERO;
      }
    };
  }

  static final String CREATE = "CREATE SYNC JOB j (FROM a.t INTO t) FROM BINLOG (\"type\" = \"mysql\", "
      + "\"mysql.host\" = \"h\", \"mysql.port\" = \"3306\", \"mysql.user\" = \"u\", \"mysql.password\" = \"p\")";

  @Test
  void servesAgainAfterAHandoverWithTheSameEngine() {
    try (Host host = Host.builder(config(0)).engine((doris, pool, clock) -> engine).validator(JobValidator.NONE)
        .start()) {
      try (Serving first = host.serve(false, m -> { })) {
        assertThat(first.adminAddress()).isEqualTo("127.0.0.1:" + first.adminPort());
        assertThat(first.jobs().execute(CREATE, "dw").message()).isEqualTo("created sync job dw.j with id 1");
      }
      assertThat(engine.runtimes.get(1L).calls).containsExactly("start", "pause");
      engine.runtimes.clear();
      // as a plugin whose FE became master again: the same engine, a new store, manager and admin API
      try (Serving second = host.serve(false, m -> { })) {
        assertThat(second.jobs().jobs()).singleElement().satisfies(j -> assertThat(j.state())
            .isEqualTo(JobState.RUNNING));
        assertThat(engine.runtimes.keySet()).containsExactly(1L);
      }
    }
  }

  @Test
  void aFailedServeClosesWhatItOpened() throws Exception {
    try (ServerSocket taken = new ServerSocket(0);
        Host host = Host.builder(config(taken.getLocalPort())).engine((doris, pool, clock) -> engine)
            .validator(JobValidator.NONE).start()) {
      assertThatThrownBy(() -> host.serve(false, m -> m.execute(CREATE, "dw")))
          .hasMessageContaining("Address already in use");
      // the job manager it started was closed: its job was stopped for shutdown, its state kept
      assertThat(engine.runtimes.get(1L).calls).containsExactly("start", "pause");
      assertThatThrownBy(() -> host.serve(false, m -> {
        throw new IllegalArgumentException("job file x.sql: bad");
      })).hasMessage("job file x.sql: bad");
    }
  }
}
