package org.binlogload.connector.snapshot;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.binlogload.connector.doris.Label;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The initial snapshot of a job's tables: chunk by chunk, each chunk SELECTed in a consistent-snapshot transaction
 * whose binlog position is its low watermark ({@link WatermarkReader#startRead}) and loaded with that watermark as
 * every row's Doris sequence, on {@code parallelism} source connections at once; the
 * progress is persisted after every chunk, and a run after a crash resumes after the last chunk finished without a gap.
 * Returns the earliest low watermark, where the binlog must be replayed from.
 */
public final class Snapshot {
  private static final Logger LOG = LoggerFactory.getLogger(Snapshot.class);

  /** One table to copy: the source as read and the Doris table its columns go to (by name). */
  public record Target(SnapshotTable source, String db, String table) {
    /** Checks the fields; a keyless source is refused (the job leaves it out with its reason). */
    public Target {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(db, "db");
      Objects.requireNonNull(table, "table");
      if (source.keyless()) {
        throw new IllegalArgumentException(source.keylessReason());
      }
    }
  }

  /** Told after every chunk whose progress was persisted. */
  @FunctionalInterface
  public interface Listener {
    /** {@code chunk} of {@code target} is loaded with {@code rows} rows; {@code progress} is persisted. */
    void chunkCopied(Target target, Chunk chunk, long rows, SnapshotProgress progress);
  }

  private final SourceConnections connections;
  private final ChunkLoader loader;
  private final SnapshotProgressStore store;
  private final String job;
  private final int parallelism;
  private final int chunkSize;
  private final Listener listener;
  private final AtomicBoolean stopping = new AtomicBoolean();

  /** A snapshot of job {@code job} (its label prefix) reading through {@code connections}, loading with {@code loader}. */
  public Snapshot(SourceConnections connections, ChunkLoader loader, SnapshotProgressStore store, String job,
      int parallelism, int chunkSize, Listener listener) {
    this.connections = Objects.requireNonNull(connections, "connections");
    this.loader = Objects.requireNonNull(loader, "loader");
    this.store = Objects.requireNonNull(store, "store");
    this.job = Objects.requireNonNull(job, "job");
    if (parallelism < 1 || chunkSize < 1) {
      throw new IllegalArgumentException("snapshot_parallelism " + parallelism + " and chunk size " + chunkSize
          + " must be at least 1");
    }
    this.parallelism = parallelism;
    this.chunkSize = chunkSize;
    this.listener = listener == null ? (t, c, r, p) -> { } : listener;
  }

  /**
   * Copies every target not copied yet and returns the earliest low watermark. A target already done in the stored
   * progress is not read again.
   *
   * @throws SnapshotException naming the table, chunk and label of the first chunk that failed
   * @throws InterruptedException when {@link #stop()} was called or the calling thread was interrupted: the chunks in
   *     flight are finished and recorded first, so a later run resumes after them
   */
  public Watermark run(List<Target> targets) throws InterruptedException {
    SnapshotProgress start = begin();
    ChunkDispenser dispenser = new ChunkDispenser(List.copyOf(targets), chunkSize, start, store);
    dispenser.persist();
    AtomicReference<SnapshotException> failure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < parallelism; i++) {
      Thread t = new Thread(() -> work(dispenser, start.generation(), failure), "binlog-load-snapshot-" + job + "-" + i);
      t.start();
      workers.add(t);
    }
    joinAll(workers);
    if (failure.get() != null) {
      throw failure.get();
    }
    if (stopping.get()) {
      throw new InterruptedException("snapshot of job " + job + " stopped; it resumes after the chunks recorded");
    }
    return start.earliestWatermark();
  }

  /** Asks the workers to stop after the chunks they are copying; {@link #run} then throws InterruptedException. */
  public void stop() {
    stopping.set(true);
  }

  /** Waits for every worker; an interrupt asks them to stop and still waits, so no chunk is left half recorded. */
  private void joinAll(List<Thread> workers) {
    boolean interrupted = false;
    for (Thread t : workers) {
      while (t.isAlive()) {
        try {
          t.join();
        } catch (InterruptedException e) {
          interrupted = true;
          stop();
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** The stored progress one generation on, or a new one at the source's current position. */
  private SnapshotProgress begin() {
    SnapshotProgress p = store.load().map(SnapshotProgress::nextGeneration).orElse(null);
    if (p == null) {
      try (Connection c = connections.open()) {
        p = SnapshotProgress.start(WatermarkReader.startRead(c));
        WatermarkReader.endRead(c);
      } catch (SQLException e) {
        throw new SnapshotException("cannot read the binlog position of " + connections.describe()
            + " to start the snapshot: " + e.getMessage(), e);
      }
    }
    LOG.info("snapshot of job {}: generation {}, binlog from {}", job, p.generation(), p.earliest());
    return p;
  }

  private void work(ChunkDispenser dispenser, long generation, AtomicReference<SnapshotException> failure) {
    ChunkDispenser.Work w = null;
    String label = null;
    try (Connection c = connections.open(); ChunkReader reader = new ChunkReader(c)) {
      while (failure.get() == null && !stopping.get() && (w = dispenser.next(c)) != null) {
        Watermark low = WatermarkReader.startRead(c);
        dispenser.lowerEarliest(low); // persisted before the chunk's rows exist in Doris
        label = label(w, generation);
        Target t = w.target();
        long rows = loader.load(new ChunkLoader.ChunkLoad(t.db(), t.table(), label, t.source().columnNames(),
            low.sequence()), reader.rows(t.source(), w.chunk(), low.sequence()));
        reader.close();
        if (!TableInspector.unchanged(c, t.source())) {
          throw new SnapshotException("snapshot of job " + job + ": the definition of " + t.source().qualifiedName()
              + " changed while " + w.chunk() + " was copied into " + t.db() + "." + t.table() + " (label " + label
              + "); its copy restarts from the new definition", null, t.source().qualifiedName());
        }
        WatermarkReader.endRead(c);
        SnapshotProgress p = dispenser.done(w, rows);
        listener.chunkCopied(t, w.chunk(), rows, p);
        w = null;
      }
    } catch (SnapshotException e) {
      failure.compareAndSet(null, e);
    } catch (SQLException | RuntimeException e) {
      String where = w == null ? "on " + connections.describe() : w.chunk() + " into " + w.target().db() + "."
          + w.target().table() + (label == null ? "" : " (label " + label + ")");
      failure.compareAndSet(null, new SnapshotException("snapshot of job " + job + " failed at " + where + ": "
          + e.getMessage(), e));
    }
  }

  /** {@code bl_<job>_<db.table>_snap-g<generation>-c<chunk>-<hash>}: the same for a retry of the same chunk. */
  private String label(ChunkDispenser.Work w, long generation) {
    return Label.of(job, w.target().db() + "." + w.target().table(), "snap-g" + generation + "-c"
        + w.chunk().index()).value();
  }
}
