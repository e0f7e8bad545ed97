package org.binlogload.connector.sync;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.DdlEvent;
import org.binlogload.connector.job.ChannelStatus;
import org.binlogload.connector.job.JobDefinition;
import org.binlogload.connector.job.JobState;
import org.binlogload.connector.job.SyncEngine;
import org.binlogload.connector.job.SyncStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync job: its lifecycle and state machine (PENDING -> RUNNING <-> PAUSED -> CANCELLED) and the runner thread
 * that runs the job's {@link Phase}s in order ({@link TablesPhase}, then {@link StreamPhase}) after
 * {@link Recovery}. A transient fault is retried with backoff until it heals ({@link Retries}); a fault a person must
 * fix, a refused DDL or a statement-logged DML pauses the job with a message; a dropped source or target table
 * cancels it. The tables are {@link JobTables}, the rounds a {@link RoundPipeline}, the counters {@link JobStats}.
 */
public final class SyncJob implements SyncEngine.Job {
  private static final Logger LOG = LoggerFactory.getLogger(SyncJob.class);

  private final long jobId;
  private final String name;
  private final ProgressStore progress;
  private final Supplier<Source> sources;
  private final Sink sink;
  private final Clock clock;
  private final int maxRetries;
  private final Duration retryBackoff;
  private final Duration stopTimeout;
  private final JobTables tables;
  private final JobStats stats;
  private final JobControl control;
  private final RoundPipeline rounds;
  private final List<Phase> phases;
  private final SnapshotPhase snapshot;
  private final OnlineCopies copies;
  private final PurgedBinlog purged;

  private final Object lock = new Object();
  private volatile JobState state = JobState.PENDING;
  private volatile String message = "";
  private Thread runner;
  private int generation;

  SyncJob(SyncJobBuilder b) {
    this.jobId = b.jobId;
    JobDefinition definition = Objects.requireNonNull(b.definition, "definition");
    this.name = definition.database() + "." + definition.name();
    this.progress = new ProgressStore(Objects.requireNonNull(b.state, "state"));
    this.sources = Objects.requireNonNull(b.sources, "source");
    this.sink = Objects.requireNonNull(b.sink, "sink");
    DdlPlanner planner = Objects.requireNonNull(b.planner, "planner");
    SourceCatalog catalog = Objects.requireNonNull(b.catalog, "catalog");
    ExecutorService pool = Objects.requireNonNull(b.pool, "pool");
    this.clock = b.clock == null ? Clock.systemUTC() : b.clock;
    if (b.maxEvents <= 0) {
      throw new IllegalArgumentException("maxEvents <= 0");
    }
    this.maxRetries = b.maxRetries;
    this.retryBackoff = b.retryBackoff;
    this.stopTimeout = b.stopTimeout;
    this.tables = new JobTables(name, definition, planner, catalog, sink, progress);
    this.stats = new JobStats(name, clock);
    this.control = new JobControl(name, b.listener);
    CommitRound round = new CommitRound(jobId + "_" + definition.name(), sink, progress, pool);
    this.rounds = new RoundPipeline(name, round, definition.commitPolicy(), tables, progress, stats, clock,
        control::delivering);
    DdlBarrier barrier = new DdlBarrier(name, planner, sink, progress, stats);
    this.snapshot = SnapshotPhase.of(b, name, jobId + "_" + definition.name(), tables, progress, clock); // or null
    StreamPhase stream = new StreamPhase(name, tables, rounds, barrier, progress, stats, control, clock, b.maxEvents,
        b.pollTimeout);
    this.copies = OnlineCopies.of(b, name, jobId + "_" + definition.name(), tables, progress); // null: cannot copy
    stream.copies(copies);
    this.purged = PurgedBinlog.of(b, name, tables, progress);
    this.phases = snapshot == null ? List.of(new TablesPhase(tables), stream)
        : List.of(new TablesPhase(tables), snapshot, stream);
  }

  /** A new builder. */
  public static SyncJobBuilder builder() {
    return new SyncJobBuilder();
  }

  /** The job's id. */
  public long id() {
    return jobId;
  }

  /** {@code db.name}. */
  public String name() {
    return name;
  }

  @Override
  public void start() {
    synchronized (lock) {
      if (state != JobState.PENDING) {
        throw new IllegalStateException("job " + name + " is " + state + "; start needs PENDING");
      }
      state = JobState.RUNNING;
      launch();
    }
  }

  @Override
  public void pause() {
    Thread t;
    synchronized (lock) {
      if (state == JobState.PAUSED) {
        return;
      }
      if (state == JobState.CANCELLED) {
        throw new IllegalStateException("job " + name + " is CANCELLED; pause needs PENDING or RUNNING");
      }
      state = JobState.PAUSED;
      message = "";
      control.retrying = null;
      t = runner;
      lock.notifyAll();
    }
    await(t);
  }

  @Override
  public void resume() {
    Thread old;
    synchronized (lock) {
      if (state == JobState.RUNNING) {
        return;
      }
      if (state != JobState.PAUSED) {
        throw new IllegalStateException("job " + name + " is " + state + "; resume needs PAUSED");
      }
      old = runner;
    }
    await(old);
    synchronized (lock) {
      if (state != JobState.PAUSED) {
        throw new IllegalStateException("job " + name + " is " + state + "; resume needs PAUSED");
      }
      state = JobState.RUNNING;
      message = "";
      control.retrying = null;
      launch();
    }
  }

  @Override
  public void stop() {
    Thread t;
    synchronized (lock) {
      if (state == JobState.CANCELLED) {
        return;
      }
      state = JobState.CANCELLED;
      t = runner;
      lock.notifyAll();
    }
    await(t);
  }

  @Override
  public void skipDdl(String position) {
    BinlogPosition p = BinlogPosition.parse(position);
    DdlEvent r;
    synchronized (lock) {
      r = control.skip(p, state);
    }
    if (r != null) {
      LOG.warn("job {}: the user skips the refused DDL at {} (applied by hand in Doris): [{}]", name, p, r.sql());
    }
    resume();
  }

  @Override
  public JobState state() {
    return state;
  }

  @Override
  public String message() {
    String r = control.retrying;
    return state == JobState.RUNNING && r != null ? r : message;
  }

  /** The job's channels' counters, {@code "mysql_db.tbl->doris_db.tbl"} each. */
  public List<ChannelStatus> channels() {
    return tables.statuses();
  }

  @Override
  public SyncStatus status() {
    BinlogPosition c = progress.current().committed();
    NotSynced notSynced = tables.notSynced();
    return stats.fill(SyncStatus.builder()).retrying(state == JobState.RUNNING ? control.retrying : null)
        .notSynced(notSynced.describe()).notSyncedRows(notSynced.rows()).position(c == null ? null : c.toString())
        .gtid(c == null ? null : c.gtidSet()).channels(channels())
        .snapshot(snapshot == null ? null : snapshot.meter().status())
        .onlineCopy(copies == null ? null : copies.status()).build();
  }

  /** Copies {@code sources} ({@code db.table}, bound) again while the job streams; see {@link OnlineCopies}. */
  public void copyOnline(List<String> sources) {
    if (copies == null) {
      throw new IllegalStateException("job " + name + " cannot copy tables: it has no snapshot source");
    }
    copies.request(sources);
  }

  /** Whether the job's binlog reader is connected and positioned (tests and tools wait for this after start). */
  public boolean isReading() {
    return control.reading;
  }

  /** The refused DDL the paused job waits at, if any (its position is what {@link #skipDdl} takes). */
  public java.util.Optional<DdlEvent> refusedDdl() {
    return java.util.Optional.ofNullable(state == JobState.PAUSED ? control.refused : null);
  }

  /** The committed position, or null before the first commit. */
  public BinlogPosition committed() {
    return progress.current().committed();
  }

  // ---------------------------------------------------------------- runner

  private void launch() {
    int gen = ++generation;
    runner = new Thread(() -> run(gen), "sync-" + name);
    runner.setDaemon(true);
    runner.start();
  }

  private void await(Thread t) {
    JobControl.await(t, stopTimeout);
  }

  private boolean running(int gen) {
    return state == JobState.RUNNING && generation == gen;
  }

  private void run(int gen) {
    rounds.open();
    try {
      runLoop(gen);
    } catch (Error e) {
      // the runner dies as a crashed process would (no abort, no cleanup of Doris); the state must say so
      end(gen, JobState.PAUSED, "internal error, the job stopped as after a crash; RESUME recovers from the "
          + "persisted state: " + e, e);
      throw e;
    } finally {
      rounds.close();
    }
  }

  private void runLoop(int gen) {
    Retries retries = new Retries(retryBackoff.toMillis());
    while (running(gen)) {
      Source source = null;
      try {
        source = sources.get();
        runOnce(source, gen);
        return;
      } catch (DdlRefusedException e) {
        control.refused = e.ddl();
        control.refusedReason = e.reason();
        end(gen, JobState.PAUSED, e.getMessage(), e);
        return;
      } catch (StatementDmlException e) {
        control.stoppedAt = e.statement();
        end(gen, JobState.PAUSED, FailureText.statementDml(name, e), e);
        return;
      } catch (JobEndException e) { // a dropped table, or a snapshot-only job whose copy is done
        end(gen, JobState.CANCELLED, e.getMessage(), e.failure() ? e : null);
        return;
      } catch (RuntimeException e) {
        if (!retry(gen, e, source, retries)) {
          return;
        }
      } finally {
        afterRun(source);
      }
    }
  }

  /** Runs the phases once over {@code source}. */
  private void runOnce(Source source, int gen) {
    Recovery.run(name, sink, progress);
    RunContext run = new RunContext(source, () -> running(gen),
        () -> state == JobState.PAUSED && generation == gen, why -> control.retryingInPhase(why, running(gen)));
    for (Phase p : phases) {
      if (!running(gen)) {
        return;
      }
      p.run(run);
    }
  }

  /**
   * Handles a failure of a run: a transient fault waits and returns true (run again); anything else ends the run
   * (PAUSED or CANCELLED, with the message) and returns false.
   */
  private boolean retry(int gen, RuntimeException e, Source source, Retries retries) {
    stats.error();
    if (sink.isTableGone(e)) {
      end(gen, JobState.CANCELLED, "target table gone: " + FailureText.describe(e), e);
      return false;
    }
    retries.failed(stats.rounds());
    boolean retryable = sink.isRetryable(e) || (source != null && source.isRetryable(e));
    BinlogPosition committed = progress.current().committed();
    if (!retryable) {
      end(gen, JobState.PAUSED, purged.pauseMessage(e).orElseGet(() -> FailureText.pause(sink, e, name, committed)), e);
      return false;
    }
    String why = FailureText.describe(e);
    int repeats = retries.repeat(source != null && source.isDeterministic(e), why);
    if (repeats >= Retries.STUCK_LIMIT) {
      end(gen, JobState.PAUSED, FailureText.stuck(name, repeats, committed, why), e);
      return false;
    }
    // a transient fault (Doris or MySQL unreachable, timeouts, back-pressure) is retried until it heals or the
    // user pauses or stops the job; the job stays RUNNING and says that it waits and why
    long wait = retries.nextWaitMillis();
    control.retrying = "retrying in " + Retries.describeWait(wait) + " (attempt " + retries.attempt() + "): "
        + FailureText.retry(sink, e, name, committed);
    control.tell(JobState.RUNNING, control.retrying);
    if (retries.attempt() == maxRetries + 1) {
      LOG.error("job {}: still failing after {} attempts, retrying every {} s at most until it heals, PAUSE or "
          + "STOP: {}", name, maxRetries, Retries.MAX_BACKOFF_MILLIS / 1000, why);
    } else {
      LOG.warn("job {}: retryable error (attempt {}), replaying from {} in {} ms: {}", name, retries.attempt(),
          committed, wait, why);
    }
    waitWhileRunning(gen, wait);
    return true;
  }

  /** After every run: nothing in flight, nothing buffered, the source closed; the next run replays. */
  private void afterRun(Source source) {
    control.reading = false;
    rounds.drain();
    tables.discardBuffered();
    if (source != null) {
      try {
        source.close();
      } catch (RuntimeException e) {
        LOG.warn("job {}: closing the binlog source failed: {}", name, e.toString());
      }
    }
  }

  private void end(int gen, JobState to, String why, Throwable e) {
    synchronized (lock) {
      if (generation != gen || state != JobState.RUNNING) {
        LOG.info("job {}: runner ended while {}: {}", name, state, why);
        return;
      }
      state = to;
      message = why;
      control.retrying = null;
      lock.notifyAll();
    }
    (e == null ? LOG.atInfo() : LOG.atError().setCause(e)) // no failure: a snapshot-only job's work is done
        .log("job {}: {} -> {}: {}", name, JobState.RUNNING, to, why);
    control.tell(to, why);
  }

  private void waitWhileRunning(int gen, long millis) {
    long deadline = System.currentTimeMillis() + millis;
    synchronized (lock) {
      while (running(gen)) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          return;
        }
        try {
          lock.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  @Override
  public String toString() {
    return "SyncJob{" + jobId + ", " + name + ", " + state + "}";
  }
}
