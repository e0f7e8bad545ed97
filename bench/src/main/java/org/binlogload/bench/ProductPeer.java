package org.binlogload.bench;

import static org.binlogload.bench.BinlogSupport.createSyncJob;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.binlogload.connector.daemon.Daemon;
import org.binlogload.connector.daemon.DaemonConfig;
import org.binlogload.connector.job.JobSnapshot;
import org.binlogload.testkit.MariaDbServer;

/** The product end to end in this JVM: the daemon, one sync job over the range, every round 2PC-committed. */
final class ProductPeer {
  /** The Doris database the peer bench's targets hold its tables in. */
  static final String DORIS_DB = "bench_peer";
  /** The Doris user and password of the bench's target processes. */
  static final String DORIS_USER = "root";
  static final String DORIS_PASSWORD = "bench-pw";

  private ProductPeer() {}

  /**
   * Starts a daemon against the FE at {@code feAddress}, creates the job at the range's start and waits until the job
   * has committed the range's rows; the clock runs from CREATE SYNC JOB to that commit. With {@code warmups} &gt; 0,
   * as many jobs of other names run the same range to its end first in the same daemon, untimed.
   */
  static long run(MariaDbServer server, String table, BinlogRange range, String feAddress, int warmups, Meter meter)
      throws Exception {
    Path home = Files.createTempDirectory("binlog-load-peer-bench");
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("data_dir", "data");
    conf.put("admin_port", "0");
    conf.put("doris.fe_http_addresses", feAddress);
    conf.put("doris.user", DORIS_USER);
    conf.put("doris.password", DORIS_PASSWORD);
    conf.put("status_log_interval_second", "0");
    try (Daemon daemon = Daemon.start(DaemonConfig.of(home, conf))) {
      for (int pass = 0; pass < warmups; pass++) {
        runJob(daemon, server, table, "bench_" + table + "_warmup" + pass, range);
      }
      meter.begin();
      return runJob(daemon, server, table, "bench_" + table, range);
    }
  }

  private static long runJob(Daemon daemon, MariaDbServer server, String table, String job, BinlogRange range)
      throws Exception {
    daemon.jobs().execute(createSyncJob(server, DORIS_DB, job, PeerWorkloads.SCHEMA, table, range.start(), "1"),
        null);
    long rows = awaitCommitted(daemon, job, range.rows(), Duration.ofMinutes(20));
    daemon.jobs().execute("STOP SYNC JOB " + DORIS_DB + "." + job, null);
    return rows;
  }

  /** Waits until the job's committed row count reaches {@code rows}; fails when the job stops running. */
  private static long awaitCommitted(Daemon daemon, String job, long rows, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JobSnapshot j = daemon.jobs().jobs().stream().filter(s -> s.definition().name().equals(job)).findFirst()
          .orElseThrow(() -> new IllegalStateException("no job " + job));
      long committed = j.status().totalRows();
      if (committed >= rows) {
        return committed;
      }
      if (!j.state().name().equals("RUNNING")) {
        throw new IllegalStateException("job " + job + " is " + j.state() + ": " + j.record().message());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("job " + job + " committed " + committed + " of " + rows + " rows in "
            + timeout.toMinutes() + " minutes; status " + j.status());
      }
      Thread.sleep(5);
    }
  }
}
