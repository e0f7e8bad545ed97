package org.binlogload.connector.sync;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.binlogload.connector.job.SnapshotSettings;
import org.binlogload.connector.snapshot.ChunkLoader;
import org.binlogload.connector.snapshot.Snapshot;
import org.binlogload.connector.snapshot.SnapshotException;
import org.binlogload.connector.snapshot.SnapshotProgressStore;
import org.binlogload.connector.snapshot.SnapshotTable;
import org.binlogload.connector.snapshot.SourceConnections;
import org.binlogload.connector.snapshot.TableInspector;
import org.binlogload.connector.snapshot.Watermark;
import org.binlogload.connector.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The initial snapshot between {@link TablesPhase} and {@link StreamPhase} of a job started {@code initial}: copies
 * every bound table ({@link Snapshot}) and persists the hand-over, the earliest watermark W0 the binlog is read from
 * ({@code snapshot/handover}); once that is stored the phase never copies again. PAUSE and STOP reach
 * {@link Snapshot#stop()}; a killed snapshot resumes from its persisted progress.
 */
final class SnapshotPhase implements Phase {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotPhase.class);
  /** The job-scoped key holding W0 once every table is copied. */
  static final String HANDOVER_KEY = "snapshot/handover";

  private final String job;
  private final String labelPrefix;
  private final JobTables tables;
  private final StateStore state;
  private final SourceConnections connections;
  private final ChunkLoader loader;
  private final SnapshotSettings settings;
  private final SnapshotMeter meter;
  private final boolean snapshotOnly;
  private ProgressStore progress;

  SnapshotPhase(String job, String labelPrefix, JobTables tables, StateStore state, SourceConnections connections,
      ChunkLoader loader, SnapshotSettings settings, Clock clock, boolean snapshotOnly) {
    this.job = job;
    this.labelPrefix = labelPrefix;
    this.tables = tables;
    this.state = state;
    this.connections = connections;
    this.loader = loader;
    this.settings = settings;
    this.meter = new SnapshotMeter(clock);
    this.snapshotOnly = snapshotOnly;
    handover(state).ifPresent(w -> meter.finished());
  }

  /** The phase of the job {@code b} builds when it starts {@code initial}, else null. */
  static SnapshotPhase of(SyncJobBuilder b, String job, String labelPrefix, JobTables tables, ProgressStore progress,
      Clock clock) {
    if (!b.definition.source().snapshots()) {
      return null;
    }
    if (b.snapshotSource == null || b.chunkLoader == null) {
      throw new IllegalArgumentException("job " + job + " starts \"initial\" but has no snapshot source and loader");
    }
    SnapshotPhase p = new SnapshotPhase(job, labelPrefix, tables, b.state, b.snapshotSource, b.chunkLoader,
        SnapshotSettings.of(b.definition.properties()), clock, b.definition.source().snapshotOnly());
    p.progress = b.copyTargets == null ? null : progress; // a changed table is copied again online, else the job pauses
    return p;
  }

  @Override
  public String name() {
    return "snapshot";
  }

  /** The snapshot's progress, for status and metrics. */
  SnapshotMeter meter() {
    return meter;
  }

  /** W0, where the binlog of a job that copied its tables starts, once the snapshot is done. */
  static Optional<String> handover(StateStore jobState) {
    return jobState.get(HANDOVER_KEY).map(b -> new String(b, StandardCharsets.UTF_8));
  }

  @Override
  public void run(RunContext run) {
    if (handover(state).isPresent()) {
      meter.finished();
      endIfSnapshotOnly(handover(state).get());
      return;
    }
    List<Snapshot.Target> targets = targets();
    SnapshotProgressStore store = new SnapshotProgressStore(state);
    Snapshot snapshot = new Snapshot(connections, loader, store, labelPrefix, settings.parallelism(),
        settings.chunkSize(), (t, c, rows, p) -> meter.update(p));
    meter.begin(targets, store.load().orElse(null));
    Thread watcher = watch(run, snapshot);
    Watermark w0;
    try {
      w0 = runAround(snapshot, targets);
    } catch (InterruptedException e) {
      if (run.running()) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("snapshot of job " + job + " was interrupted; RESUME goes on after the "
            + "chunks recorded", e);
      }
      LOG.info("job {}: snapshot stopped; it resumes after the chunks recorded", job);
      return;
    } finally {
      watcher.interrupt();
    }
    state.put(HANDOVER_KEY, w0.toString().getBytes(StandardCharsets.UTF_8));
    meter.finished();
    LOG.info("job {}: snapshot done ({} tables, {} rows); the binlog is read from {}", job, targets.size(),
        meter.rowsCopied(), w0);
    endIfSnapshotOnly(w0.toString());
  }

  /**
   * Runs {@code snapshot}; a table whose definition changed while it was copied leaves the initial snapshot (the
   * others keep their chunks) and is copied again once the stream runs: its floor is "copying" from now on, so the
   * stream skips it from W0, its DDL included, until its own copy from the new definition is handed over.
   */
  private Watermark runAround(Snapshot snapshot, List<Snapshot.Target> targets) throws InterruptedException {
    List<Snapshot.Target> left = new ArrayList<>(targets);
    while (true) {
      try {
        return snapshot.run(left);
      } catch (SnapshotException e) {
        String t = e.changedTable();
        if (t == null || progress == null || snapshotOnly || !tables.routes().containsKey(t)) {
          throw e;
        }
        progress.write(progress.current().withFloors(progress.current().floors().copying(t)));
        left.removeIf(x -> x.source().qualifiedName().equals(t));
        LOG.warn("job {}: {}; the other tables go on, and {} is copied again from its new definition once the "
            + "binlog is followed", job, e.getMessage(), t);
      }
    }
  }

  /** A snapshot-only job ends here, CANCELLED: its work is done, and its name and tables are free again. */
  private void endIfSnapshotOnly(String w0) {
    if (snapshotOnly) {
      throw new Finished("finished: the snapshot-only job copied its tables, consistent as of binlog position "
          + w0 + "; to follow the binlog from there, create a job on the same tables with \"mysql.start_position\" "
          + "= \"" + w0 + "\"");
    }
  }

  /** The end of a snapshot-only job: its work is done, not failed. */
  static final class Finished extends JobEndException {
    private static final long serialVersionUID = 1L;

    Finished(String message) {
      super(message, null);
    }

    @Override
    boolean failure() {
      return false;
    }
  }

  /** A bound table for each channel, as the source has it now; a table without a usable key is left out. */
  private List<Snapshot.Target> targets() {
    List<Snapshot.Target> out = new ArrayList<>();
    java.util.Set<String> copiedLater = progress == null ? java.util.Set.of()
        : progress.current().floors().copying();
    try (Connection c = connections.open()) {
      for (Channel ch : tables.channels()) {
        if (copiedLater.contains(ch.source())) {
          continue; // its definition changed while it was copied: copied again once the stream runs
        }
        if (!ch.columns().isEmpty()) {
          throw new IllegalStateException("snapshot of job " + job + ": channel " + ch + " has a column list, which "
              + "the snapshot does not copy yet; create the job with \"mysql.start_position\" = \"latest\"");
        }
        int dot = ch.source().indexOf('.');
        SnapshotTable t = TableInspector.inspect(c, ch.source().substring(0, dot), ch.source().substring(dot + 1));
        if (t.keyless()) {
          LOG.warn("job {}: {} is not copied: {}", job, t.qualifiedName(), t.keylessReason());
          continue;
        }
        out.add(new Snapshot.Target(t, ch.targetDb(), ch.targetTable()));
      }
    } catch (SQLException e) {
      throw new SnapshotException("snapshot of job " + job + ": cannot read the bound tables' definitions on "
          + connections.describe() + ": " + e.getMessage(), e);
    }
    return out;
  }

  /** A thread that stops the snapshot once the job is no longer RUNNING (PAUSE, STOP). */
  private Thread watch(RunContext run, Snapshot snapshot) {
    Thread t = new Thread(() -> {
      try {
        while (run.running()) {
          Thread.sleep(100); // polls the job's state; the runner thread is busy in Snapshot.run
        }
        snapshot.stop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the snapshot ended first
      }
    }, "binlog-load-snapshot-watch-" + job);
    t.setDaemon(true);
    t.start();
    return t;
  }
}
