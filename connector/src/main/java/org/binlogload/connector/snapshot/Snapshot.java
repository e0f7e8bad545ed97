package org.binlogload.connector.snapshot;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
 * A chunk hit by a transient source fault is copied again ({@link Retry}). Returns the earliest low watermark, where
 * the binlog must be replayed from.
 */
public final class Snapshot {
  private static final Logger LOG = LoggerFactory.getLogger(Snapshot.class);

  /**
   * One table to copy: the source as read, the Doris table, and the columns copied, Doris name to source column in
   * load order (empty: every source column under its own name).
   */
  public record Target(SnapshotTable source, String db, String table, Map<String, String> columns) {
    /** Checks the fields; a keyless source is refused (the job leaves it out with its reason). */
    public Target {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(db, "db");
      Objects.requireNonNull(table, "table");
      if (source.keyless()) {
        throw new IllegalArgumentException(source.keylessReason());
      }
      columns = columns == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(columns));
      for (String c : columns.values()) {
        source.column(c); // throws naming the table and the missing column
      }
    }

    /** Every column of {@code source} under its own name. */
    public Target(SnapshotTable source, String db, String table) {
      this(source, db, table, Map.of());
    }

    /** The source columns the chunks SELECT, in load order. */
    public List<String> sourceColumns() {
      return columns.isEmpty() ? source.columnNames() : List.copyOf(columns.values());
    }

    /** The Doris columns the chunks load, in the order of {@link #sourceColumns()}. */
    public List<String> targetColumns() {
      return columns.isEmpty() ? source.columnNames() : List.copyOf(columns.keySet());
    }
  }

  /** Told after every chunk whose progress was persisted, and before a chunk is copied again after a source fault. */
  @FunctionalInterface
  public interface Listener {
    /** {@code chunk} of {@code target} is loaded with {@code rows} rows; {@code progress} is persisted. */
    void chunkCopied(Target target, Chunk chunk, long rows, SnapshotProgress progress);

    /** A transient source fault ({@code why}) stopped {@code what}; attempt {@code attempt} starts in {@code waitMillis}. */
    default void chunkRetrying(String what, int attempt, long waitMillis, String why) {
    }
  }

  /**
   * How often a chunk hit by a transient source fault ({@link SourceFault}) is copied again, each time from its own
   * start under a label of its own, and the first wait (doubling up to 30 s) before the next attempt.
   */
  public record Retry(int attempts, Duration firstWait) {
    /** Five retries, 1 s to 16 s apart: a server restart or a failover fits in, a source that stays away pauses. */
    public static final Retry DEFAULT = new Retry(5, Duration.ofSeconds(1));

    /** Checks the fields. */
    public Retry {
      if (attempts < 0 || firstWait.isNegative()) {
        throw new IllegalArgumentException("retry attempts " + attempts + " and wait " + firstWait
            + " must not be negative");
      }
    }

    /** The wait before retry {@code attempt} (1 for the first). */
    long waitMillis(int attempt) {
      return Math.min(30_000, firstWait.toMillis() << Math.min(20, attempt - 1));
    }
  }

  private final SourceConnections connections;
  private final ChunkLoader loader;
  private final SnapshotProgressStore store;
  private final String job;
  private final int parallelism;
  private final int chunkSize;
  private final Listener listener;
  private final Retry retry;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);

  /** A snapshot of job {@code job} (its label prefix) reading through {@code connections}, loading with {@code loader}. */
  public Snapshot(SourceConnections connections, ChunkLoader loader, SnapshotProgressStore store, String job,
      int parallelism, int chunkSize, Listener listener) {
    this(connections, loader, store, job, parallelism, chunkSize, listener, Retry.DEFAULT);
  }

  /** As above, retrying chunks hit by a transient source fault as {@code retry} says. */
  public Snapshot(SourceConnections connections, ChunkLoader loader, SnapshotProgressStore store, String job,
      int parallelism, int chunkSize, Listener listener, Retry retry) {
    this.retry = Objects.requireNonNull(retry, "retry");
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
    stopped.countDown();
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

  /**
   * One worker: takes chunks until none is left, the snapshot stops or another worker failed. A transient source
   * fault ({@link SourceFault}) closes the connection, waits, and copies the same chunk again from its start on a new
   * connection under a new label, {@link Retry#attempts} times at most; then, or on any other fault, the snapshot fails
   * naming the table, chunk and cause.
   */
  private void work(ChunkDispenser dispenser, long generation, AtomicReference<SnapshotException> failure) {
    ChunkDispenser.Work w = null;
    Connection c = null;
    int attempt = 0;
    try {
      while (failure.get() == null && !stopping.get()) {
        try {
          if (c == null) {
            c = connections.open();
          }
          if (w == null) {
            w = dispenser.next(c);
            attempt = 0;
            if (w == null) {
              return;
            }
          }
          copy(c, dispenser, w, generation, attempt);
          w = null;
        } catch (SQLException | RuntimeException e) {
          if (e instanceof SnapshotException s && s.changedTable() != null) {
            throw s;
          }
          closeQuietly(c);
          c = null;
          String what = w == null ? "planning the next chunk on " + connections.describe()
              : w.target().source().qualifiedName() + " chunk " + w.chunk().index();
          if (!SourceFault.isTransient(e)) {
            throw new SnapshotException("snapshot of job " + job + " failed at " + where(w, generation, attempt)
                + ": " + e.getMessage(), e);
          }
          if (attempt >= retry.attempts()) {
            throw new SnapshotException("snapshot of job " + job + ": " + what + " failed " + (attempt + 1)
                + " times in a row (" + where(w, generation, attempt) + "): " + SourceFault.cause(e) + ". To fix: "
                + "make the source " + connections.describe() + " reachable and its load lighter (lock waits, "
                + "deadlocks), then RESUME SYNC JOB: the snapshot resumes after the chunks recorded", e);
          }
          attempt++;
          long wait = retry.waitMillis(attempt);
          LOG.warn("snapshot of job {}: retrying {} in {} ms (attempt {} of {}): {}", job, what, wait, attempt,
              retry.attempts(), SourceFault.cause(e));
          listener.chunkRetrying(what, attempt, wait, SourceFault.cause(e));
          if (stopped.await(wait, TimeUnit.MILLISECONDS)) {
            return; // stopping: the chunk is not recorded, a later run copies it
          }
        }
      }
    } catch (SnapshotException e) {
      failure.compareAndSet(null, e);
    } catch (InterruptedException e) {
      stop();
    } finally {
      closeQuietly(c);
    }
  }

  /** Copies one chunk on {@code c} (attempt {@code attempt} of it) and records it. */
  private void copy(Connection c, ChunkDispenser dispenser, ChunkDispenser.Work w, long generation, int attempt)
      throws SQLException {
    Watermark low = WatermarkReader.startRead(c);
    dispenser.lowerEarliest(low); // persisted before the chunk's rows exist in Doris
    String label = label(w, generation, attempt);
    Target t = w.target();
    long rows;
    try (ChunkReader reader = new ChunkReader(c)) {
      rows = loader.load(new ChunkLoader.ChunkLoad(t.db(), t.table(), label, t.targetColumns(), low.sequence()),
          reader.rows(t.source(), w.chunk(), low.sequence(), t.sourceColumns(), t.targetColumns()));
    }
    if (!TableInspector.unchanged(c, t.source())) {
      throw new SnapshotException("snapshot of job " + job + ": the definition of " + t.source().qualifiedName()
          + " changed while " + w.chunk() + " was copied into " + t.db() + "." + t.table() + " (label " + label
          + "); its copy restarts from the new definition", null, t.source().qualifiedName());
    }
    WatermarkReader.endRead(c);
    SnapshotProgress p = dispenser.done(w, rows);
    listener.chunkCopied(t, w.chunk(), rows, p);
  }

  private String where(ChunkDispenser.Work w, long generation, int attempt) {
    return w == null ? "planning the next chunk on " + connections.describe() : w.chunk() + " into " + w.target().db() + "."
        + w.target().table() + " (label " + label(w, generation, attempt) + ")";
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        LOG.debug("closing a snapshot connection after a fault failed: {}", e.toString());
      }
    }
  }

  /**
   * {@code bl_<job>_<db.table>_snap-g<generation>-c<chunk>[-a<attempt>]-<hash>}: the same for the Doris client's own
   * retry of a load, a new one for each attempt after a source fault (the aborted load may still hold its label).
   */
  private String label(ChunkDispenser.Work w, long generation, int attempt) {
    return Label.of(job, w.target().db() + "." + w.target().table(), "snap-g" + generation + "-c"
        + w.chunk().index() + (attempt == 0 ? "" : "-a" + attempt)).value();
  }
}
