package org.binlogload.connector.sync;

import java.time.Clock;
import java.util.List;
import org.binlogload.connector.job.SnapshotStatus;
import org.binlogload.connector.snapshot.Snapshot;
import org.binlogload.connector.snapshot.SnapshotProgress;

/** The running snapshot's counters, updated after every chunk and read by status and metrics from any thread. */
final class SnapshotMeter {
  private final Clock clock;
  private volatile List<String> tables = List.of();
  private volatile java.util.Map<String, Long> estimates = java.util.Map.of();
  // a job that will copy shows the snapshot phase from its start, before its tables are inspected (not "stream")
  private volatile SnapshotStatus status = new SnapshotStatus(0, 0, 0, 0, 0, -1);
  private volatile boolean finished;
  private long startMillis;
  private long startRows;

  SnapshotMeter(Clock clock) {
    this.clock = clock;
  }

  /** A run of the snapshot begins over {@code targets}, after the runs whose progress is {@code stored}. */
  synchronized void begin(List<Snapshot.Target> targets, SnapshotProgress stored) {
    tables = targets.stream().map(t -> t.source().qualifiedName()).toList();
    estimates = targets.stream().collect(java.util.stream.Collectors.toMap(t -> t.source().qualifiedName(),
        t -> t.source().estimatedRows(), (a, b) -> a));
    long estimated = targets.stream().mapToLong(t -> t.source().estimatedRows()).sum();
    status = new SnapshotStatus(0, tables.size(), 0, estimated, 0, -1);
    startMillis = clock.millis();
    startRows = 0;
    if (stored != null) {
      update(stored);
      startRows = status.rowsCopied(); // rows of earlier runs count as copied, not towards this run's rate
      status = new SnapshotStatus(status.tablesDone(), status.tablesTotal(), status.rowsCopied(),
          Math.max(status.rowsEstimated(), estimated), 0, -1);
    }
  }

  /** The persisted progress after a chunk. */
  synchronized void update(SnapshotProgress p) {
    int done = 0;
    long rows = 0;
    long estimated = 0;
    for (String t : tables) {
      SnapshotProgress.TableProgress tp = p.table(t);
      if (tp == null) {
        estimated += estimates.getOrDefault(t, 0L);
        continue;
      }
      done += tp.done() ? 1 : 0;
      rows += tp.rowsCopied();
      estimated += tp.done() ? tp.rowsCopied() : Math.max(tp.estimatedRows(), tp.rowsCopied());
    }
    double seconds = Math.max(1, clock.millis() - startMillis) / 1000.0;
    double rate = Math.max(0, rows - startRows) / seconds;
    long left = Math.max(0, estimated - rows);
    status = new SnapshotStatus(done, tables.size(), rows, estimated, rate, rate > 0 ? Math.round(left / rate) : -1);
  }

  /** The snapshot is done (now or in an earlier run). */
  void finished() {
    finished = true;
  }

  /** Whether the snapshot is done. */
  boolean isFinished() {
    return finished;
  }

  /** The status while the snapshot runs, else null. */
  SnapshotStatus status() {
    return finished ? null : status;
  }

  /** Rows copied so far. */
  long rowsCopied() {
    SnapshotStatus s = status;
    return s == null ? 0 : s.rowsCopied();
  }
}
