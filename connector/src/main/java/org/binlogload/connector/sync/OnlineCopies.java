package org.binlogload.connector.sync;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.binlogload.canal.BinlogException;
import org.binlogload.connector.job.CopyRequests;
import org.binlogload.connector.job.SnapshotSettings;
import org.binlogload.connector.snapshot.ChunkLoader;
import org.binlogload.connector.snapshot.Snapshot;
import org.binlogload.connector.snapshot.SnapshotException;
import org.binlogload.connector.snapshot.SnapshotProgressStore;
import org.binlogload.connector.snapshot.SnapshotTable;
import org.binlogload.connector.snapshot.SourceConnections;
import org.binlogload.connector.snapshot.TableInspector;
import org.binlogload.connector.snapshot.Watermark;
import org.binlogload.connector.snapshot.WatermarkReader;
import org.binlogload.connector.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies bound tables while the stream runs (a table added to a running job, a re-snapshot): the table's floor is
 * "copying" (the stream skips all its events), its rows are copied by a {@link Snapshot} of its own, consistent as of
 * its watermark W; then, between rounds, one progress write hands it over: the table's floor is W, every other table's
 * the committed position, and the reader rewinds to W, so the table's events after W are applied once and the others'
 * are not applied twice. The copy's chunk progress lives under {@code online/<copy id>/}; a killed copy resumes.
 */
final class OnlineCopies {
  private static final Logger LOG = LoggerFactory.getLogger(OnlineCopies.class);
  /** Copy ids per table (the label prefix and state scope of each copy), as {@link Properties} text. */
  private static final String IDS_KEY = "ids";

  /** Prepares a table's Doris target before its copy (for a re-snapshot: the shadow table), and names it. */
  interface Targets {
    /**
     * The Doris {@code db} and {@code table} the copy of {@code channel} loads into, made ready: empty when
     * {@code fresh}, else as a resumed copy left it.
     */
    String[] prepare(JobTables tables, Channel channel, SnapshotTable source, boolean fresh);

    /** Called once the copy into {@code target} is done and before the hand-over is written. */
    void copied(Channel channel, String[] target);
  }

  /** A copy running on its own thread. */
  private record Running(String table, Snapshot snapshot, Thread thread, CompletableFuture<Watermark> result) {}

  private final String job;
  private final String labelPrefix;
  private final JobTables tables;
  private final ProgressStore progress;
  private final StateStore state;
  private final StateStore jobState;
  private long lookedForRequests;
  private final SourceConnections connections;
  private final ChunkLoader loader;
  private final SnapshotSettings settings;
  private final boolean resnapshotOnPurge;
  private final Set<String> requested = ConcurrentHashMap.newKeySet();
  private volatile Targets targets;
  private volatile String copyingNow;
  private volatile long rowsCopied;
  private volatile long rowsEstimated;
  private Running running;

  OnlineCopies(String job, String labelPrefix, JobTables tables, ProgressStore progress, StateStore jobState,
      SourceConnections connections, ChunkLoader loader, SnapshotSettings settings, boolean resnapshotOnPurge) {
    this.resnapshotOnPurge = resnapshotOnPurge;
    this.job = job;
    this.labelPrefix = labelPrefix;
    this.tables = tables;
    this.progress = progress;
    this.state = jobState.scoped("online");
    this.jobState = jobState;
    this.connections = connections;
    this.loader = loader;
    this.settings = settings;
    this.targets = new Targets() {
      @Override
      public String[] prepare(JobTables tables, Channel channel, SnapshotTable source, boolean fresh) {
        return new String[] {channel.targetDb(), channel.targetTable()};
      }

      @Override
      public void copied(Channel channel, String[] target) {}
    };
  }

  /** The online copies of the job {@code b} builds, or null when it has no snapshot source. */
  static OnlineCopies of(SyncJobBuilder b, String job, String labelPrefix, JobTables tables, ProgressStore progress) {
    if (b.snapshotSource == null || b.chunkLoader == null) {
      return null;
    }
    OnlineCopies c = new OnlineCopies(job, labelPrefix, tables, progress, b.state, b.snapshotSource, b.chunkLoader,
        SnapshotSettings.of(b.definition.properties()),
        SnapshotSettings.resnapshotOnPurge(b.definition.properties()));
    if (b.copyTargets != null) {
      c.targets(b.copyTargets);
    }
    return c;
  }

  /** Where copies load (the channel's own table by default). */
  void targets(Targets t) {
    this.targets = t;
  }

  /** Asks for {@code sources} ({@code db.table}, bound) to be copied while the job runs; taken between rounds. */
  void request(Collection<String> sources) {
    for (String s : sources) {
      if (!tables.routes().containsKey(s)) {
        throw new IllegalArgumentException("job " + job + " does not sync " + s + "; the tables it syncs: "
            + tables.routes().keySet());
      }
    }
    requested.addAll(sources);
  }

  /** The running copy's progress for SHOW SYNC JOB and metrics, or null when none runs. */
  org.binlogload.connector.job.SyncStatus.OnlineCopy status() {
    String t = copyingNow;
    return t == null ? null : new org.binlogload.connector.job.SyncStatus.OnlineCopy(t, rowsCopied, rowsEstimated);
  }

  /**
   * On the job's runner, between batches: takes the requests (their tables' floors become "copying"), starts the next
   * copy, and hands a finished copy over. Returns true when the reader must restart at the rewind position.
   */
  boolean poll(Consumer consumer, Receiver receiver, RoundPipeline rounds) {
    List<String> stored = storedRequests();
    if (!requested.isEmpty() || !stored.isEmpty()) {
      rounds.closeRound(consumer, receiver); // rows of the table read so far are committed before it is skipped
      Floors f = progress.current().floors();
      for (String t : List.copyOf(requested)) {
        requested.remove(t);
        if (!f.copying().contains(t)) {
          f = f.copying(t);
          LOG.info("job {}: {} is copied online; the stream skips it until the copy is done", job, t);
        }
      }
      for (String t : stored) {
        if (!f.copying().contains(t)) {
          f = f.copying(t);
          LOG.info("job {}: {} is copied online; the stream skips it until the copy is done", job, t);
        }
      }
      progress.write(progress.current().withFloors(f));
      for (String t : stored) {
        CopyRequests.taken(jobState, t); // after the floor is written: a crash in between asks again, harmlessly
      }
    }
    if (running == null) {
      String next = progress.current().floors().copying().stream().sorted().findFirst().orElse(null);
      if (next != null) {
        running = start(next);
      }
      return false;
    }
    if (!running.result().isDone()) {
      return false;
    }
    Running done = running;
    running = null;
    copyingNow = null;
    if (restartedAfterDdl(done)) {
      return false;
    }
    Watermark w = result(done);
    rounds.closeRound(consumer, receiver);
    progress.commitSchema(tables.snapshot(), progress.current().committed()); // the definition the copy was made from
    progress.write(progress.current().rewound(done.table(), w.position())); // the hand-over, one atomic write
    forget(done.table());
    boolean rewind = progress.current().rewind() != null;
    LOG.info("job {}: {} copied online, consistent as of {}; {}", job, done.table(), w, rewind ? "the reader rewinds "
        + "there, the other tables skip what they committed up to " + progress.current().floors().others()
        : "the reader has not reached it yet and reads on");
    return rewind;
  }

  /** The requests ALTER SYNC JOB stored, looked for at most once a second. */
  private List<String> storedRequests() {
    long now = System.nanoTime();
    if (lookedForRequests != 0 && now - lookedForRequests < 1_000_000_000L) {
      return List.of();
    }
    lookedForRequests = now;
    // a table this run does not sync yet is left for the run ALTER SYNC JOB ADD starts next
    return CopyRequests.pending(jobState).stream().filter(tables.routes()::containsKey).toList();
  }

  /**
   * With {@code "resnapshot_on_purge" = "true"}, when {@code failure} is the reader's purged position (error 1236):
   * every bound table is copied again and the reader restarts at the source's current position; returns whether so.
   */
  boolean purged(RuntimeException failure) {
    BinlogException b = null;
    for (Throwable c = failure; c != null && b == null; c = c.getCause()) {
      b = c instanceof BinlogException x && x.reason() == BinlogException.Reason.POSITION_PURGED ? x : null;
    }
    if (b == null || !resnapshotOnPurge) {
      return false;
    }
    Watermark now;
    try (Connection c = connections.open()) {
      now = WatermarkReader.read(c);
    } catch (SQLException e) {
      throw new SnapshotException("job " + job + ": its binlog position was purged, and the current one cannot be "
          + "read on " + connections.describe() + " to copy every table again: " + e.getMessage(), e);
    }
    stop();
    List<String> all = List.copyOf(tables.routes().keySet());
    progress.write(progress.current().copyingAll(all, now.position()));
    LOG.warn("job {}: {}; \"resnapshot_on_purge\" is set, so every table ({}) is copied again and the binlog is "
        + "read from {}", job, b.getMessage(), all, now);
    return true;
  }

  /** Stops the running copy after its chunks in flight (they are recorded; the next run resumes after them). */
  void stop() {
    Running r = running;
    running = null;
    copyingNow = null;
    if (r == null) {
      return;
    }
    r.snapshot().stop();
    try {
      r.thread().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Whether {@code r} failed because its table's definition changed under the copy: the copy then starts again
   * afresh (new id, new chunks, a shadow made from the new definition) at the next poll, its floor still "copying".
   */
  private boolean restartedAfterDdl(Running r) {
    if (!r.result().isCompletedExceptionally()) {
      return false;
    }
    try {
      r.result().getNow(null);
      return false;
    } catch (java.util.concurrent.CompletionException e) {
      if (!(e.getCause() instanceof SnapshotException s) || !r.table().equals(s.changedTable())) {
        return false;
      }
      forget(r.table());
      LOG.warn("job {}: {}; the copy of {} starts again from its new definition", job, s.getMessage(), r.table());
      return true;
    } catch (java.util.concurrent.CancellationException e) {
      return false;
    }
  }

  private Watermark result(Running r) {
    try {
      return r.result().get();
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re; // the job retries or pauses; the next run resumes the copy from its progress
      }
      throw new SnapshotException("online copy of " + r.table() + " in job " + job + " stopped: " + c, c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("job " + job + ": interrupted waiting for the copy of " + r.table(), e);
    }
  }

  private Running start(String table) {
    Channel ch = tables.routes().get(table);
    if (ch == null) { // the channel was dropped while its copy waited
      progress.write(progress.current().withFloors(progress.current().floors().without(table)));
      forget(table);
      return null;
    }
    if (!ch.columns().isEmpty()) {
      throw new SnapshotException("online copy of " + table + " in job " + job + ": channel " + ch + " has a column "
          + "list, which a copy does not copy yet; re-create the job without one to copy the table", null);
    }
    SnapshotTable source = inspect(table);
    String stored = ids().getProperty(table);
    String id = copyId(table);
    String[] target = target(id);
    if (target == null) { // not swapping yet: the target is made ready (again)
      target = targets.prepare(tables, ch, source, stored == null || state.keys(id + "/").isEmpty());
      state.put(id + "/target", (target[0] + "\n" + target[1]).getBytes(StandardCharsets.UTF_8));
    }
    String[] into = target;
    Snapshot snapshot = new Snapshot(connections, loader, new SnapshotProgressStore(state.scoped(id)),
        labelPrefix + "-o" + id, settings.parallelism(), settings.chunkSize(), (t, c, rows, p) -> {
          rowsCopied = p.table(table) == null ? rowsCopied : p.table(table).rowsCopied();
        });
    CompletableFuture<Watermark> result = new CompletableFuture<>();
    copyingNow = table;
    rowsCopied = 0;
    rowsEstimated = source.estimatedRows();
    Thread t = new Thread(() -> {
      try {
        Watermark w = snapshot.run(List.of(new Snapshot.Target(source, into[0], into[1])));
        state.put(id + "/swapping", new byte[0]); // from here on the target is not made ready again
        targets.copied(ch, into);
        result.complete(w);
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    }, "binlog-load-online-copy-" + job);
    t.setDaemon(true);
    t.start();
    LOG.info("job {}: online copy {} of {} into {}.{} started", job, id, table, target[0], target[1]);
    return new Running(table, snapshot, t, result);
  }

  private SnapshotTable inspect(String table) {
    int dot = table.indexOf('.');
    try (Connection c = connections.open()) {
      SnapshotTable t = TableInspector.inspect(c, table.substring(0, dot), table.substring(dot + 1));
      if (t.keyless()) {
        throw new SnapshotException("online copy of " + table + " in job " + job + ": " + t.keylessReason(), null);
      }
      return t;
    } catch (SQLException e) {
      throw new SnapshotException("online copy of " + table + " in job " + job + ": cannot read its definition on "
          + connections.describe() + ": " + e.getMessage(), e);
    }
  }

  /** The id of {@code table}'s copy, made and stored on its first start. */
  private String copyId(String table) {
    Properties ids = ids();
    String id = ids.getProperty(table);
    if (id == null) {
      id = Long.toString(System.currentTimeMillis(), 36);
      ids.setProperty(table, id);
      saveIds(ids);
    }
    return id;
  }

  /** The target of copy {@code id} once it is swapping in (the copy is done), else null. */
  private String[] target(String id) {
    if (state.get(id + "/swapping").isEmpty()) {
      return null;
    }
    return new String(state.get(id + "/target").orElseThrow(), StandardCharsets.UTF_8).split("\n", 2);
  }

  /** Drops {@code table}'s copy id and its chunk progress: a later copy of it starts afresh. */
  private void forget(String table) {
    Properties ids = ids();
    String id = (String) ids.remove(table);
    if (id != null) {
      for (String k : state.keys(id + "/")) {
        state.delete(k);
      }
      saveIds(ids);
    }
  }

  private Properties ids() {
    Properties p = new Properties();
    state.get(IDS_KEY).ifPresent(b -> {
      try {
        p.load(new StringReader(new String(b, StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new IllegalStateException("stored online copy ids of job " + job + " are unreadable", e);
      }
    });
    return p;
  }

  private void saveIds(Properties p) {
    StringWriter w = new StringWriter();
    try {
      p.store(w, null);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    state.put(IDS_KEY, w.toString().getBytes(StandardCharsets.UTF_8));
  }
}
