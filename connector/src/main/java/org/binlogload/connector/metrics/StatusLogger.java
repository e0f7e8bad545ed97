package org.binlogload.connector.metrics;

import java.util.List;
import java.util.function.Supplier;
import org.binlogload.connector.job.JobSnapshot;
import org.binlogload.connector.job.JobState;
import org.binlogload.connector.job.SyncStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs one line of throughput and lag per running job; the daemon calls {@link #run()} periodically. */
public final class StatusLogger implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(StatusLogger.class);

  private final Supplier<List<JobSnapshot>> jobs;

  /** A logger of the jobs {@code jobs} returns. */
  public StatusLogger(Supplier<List<JobSnapshot>> jobs) {
    this.jobs = jobs;
  }

  @Override
  public void run() {
    try {
      for (JobSnapshot j : jobs.get()) {
        if (j.state() == JobState.RUNNING) {
          LOG.info(line(j));
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("status logging failed", e);
    }
  }

  /** One job's line: rows/s, rows, delay, position, rounds, errors; while it copies its tables, the snapshot's. */
  public static String line(JobSnapshot j) {
    SyncStatus s = j.status();
    if (s.snapshot() != null) {
      return "sync job " + j.definition().qualifiedName() + " (id " + j.id() + ") " + j.state() + ": phase snapshot, "
          + s.snapshot().describe();
    }
    return String.format(java.util.Locale.ROOT,
        "sync job %s (id %d) %s: %.1f rows/s, %d rows, delay %d ms, position %s, %d rounds, %d errors",
        j.definition().qualifiedName(), j.id(), j.state(), s.rowsPerSecond(), s.totalRows(), s.delayMillis(),
        s.position() == null ? "N/A" : s.position(), s.commitRounds(), s.errors());
  }
}
