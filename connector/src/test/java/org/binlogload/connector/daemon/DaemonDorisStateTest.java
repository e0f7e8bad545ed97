package org.binlogload.connector.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.binlogload.connector.job.FakeSyncEngine;
import org.binlogload.connector.job.JobState;
import org.binlogload.connector.job.JobValidator;
import org.binlogload.connector.job.SyncEngine;
import org.binlogload.dorisdouble.DorisDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon with {@code state_store = doris}: jobs and their state survive in a Doris table, not in data_dir. */
class DaemonDorisStateTest {
  @TempDir
  Path home;

  @Test
  void jobsSurviveARestartWithANewDataDirectory() {
    FakeSyncEngine factory = new FakeSyncEngine();
    SyncEngine.Provider provider = (doris, pool, clock) -> factory;
    try (DorisDouble doris = DorisDouble.builder().user("root").password("pw-d").start()) {
      Map<String, String> conf = Map.of("admin_port", "0", "doris.fe_http_addresses", doris.feAddress(),
          "doris.password", "pw-d", "state_store", "doris", "state_store.doris.replication_num", "1",
          "status_log_interval_second", "0", "data_dir", "data1");
      try (Daemon d = Daemon.start(DaemonConfig.of(home, conf), provider, JobValidator.NONE)) {
        d.jobs().execute("CREATE SYNC JOB dw.j (FROM a.t INTO t) FROM BINLOG (\"type\" = \"mysql\", "
            + "\"mysql.host\" = \"h\", \"mysql.port\" = \"3306\", \"mysql.user\" = \"u\", \"mysql.password\" = "
            + "\"p\")", null);
        factory.runtimes.get(1L).store.put("cursor", new byte[] {42});
      }
      assertThat(doris.count("binlog_load_meta", "binlog_load_state")).isGreaterThanOrEqualTo(4);

      factory.runtimes.clear();
      Map<String, String> moved = new java.util.HashMap<>(conf);
      moved.put("data_dir", "data2");
      try (Daemon d = Daemon.start(DaemonConfig.of(home, moved), provider, JobValidator.NONE)) {
        assertThat(d.jobs().jobs()).singleElement().satisfies(j -> {
          assertThat(j.definition().qualifiedName()).isEqualTo("dw.j");
          assertThat(j.state()).isEqualTo(JobState.RUNNING);
        });
        assertThat(factory.runtimes.get(1L).store.get("cursor").orElseThrow()).containsExactly(42);
      }
    }
  }
}
