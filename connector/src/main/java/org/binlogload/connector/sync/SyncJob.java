package org.binlogload.connector.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.binlogload.canal.Backoff;
import org.binlogload.connector.job.ChannelSpec;
import org.binlogload.connector.job.ChannelStatus;
import org.binlogload.connector.job.CommitPolicy;
import org.binlogload.connector.job.JobDefinition;
import org.binlogload.connector.job.JobState;
import org.binlogload.connector.job.SyncJobRuntime;
import org.binlogload.connector.job.SyncStatus;
import org.binlogload.connector.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync job: a {@link Receiver} over the job's own binlog {@link Source}, a {@link Consumer} splitting batches by
 * table into {@link Channel}s (one per Doris table), {@link CommitRound}s loading them as {@link Task}s on the shared
 * pool with exactly-once commits, and the {@link DdlBarrier} for DDL. States: PENDING -> RUNNING <-> PAUSED ->
 * CANCELLED; a recoverable error is retried with backoff and then pauses the job with a message; a refused DDL
 * pauses it; a dropped source or target table cancels it.
 */
public final class SyncJob implements SyncJobRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(SyncJob.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SNAPSHOT_FORMAT = 1;
  private static final long MAX_BACKOFF_MILLIS = 30_000;

  private final long jobId;
  private final JobDefinition definition;
  private final String name;
  private final String labelPrefix;
  private final ProgressStore progress;
  private final Supplier<Source> sources;
  private final Sink sink;
  private final DdlPlanner planner;
  private final SourceCatalog catalog;
  private final ExecutorService pool;
  private final Clock clock;
  private final CommitPolicy policy;
  private final int maxEvents;
  private final Duration pollTimeout;
  private final int maxRetries;
  private final Backoff retryBackoff;
  private final Duration stopTimeout;
  private final CommitRound round;
  private final DdlBarrier barrier;

  private final Object lock = new Object();
  private volatile JobState state = JobState.PENDING;
  private volatile String message = "";
  private Thread runner;
  private int generation;
  private volatile SourceEvent.Ddl refused;
  private volatile String refusedReason;
  private final NotSynced notSynced;
  private volatile SourceEvent.Statement stoppedAt; // a statement-logged DML on a tracked table the job paused at
  private volatile Position passStatement;
  private volatile Position skipAt;
  private volatile boolean reading;
  private volatile String retrying;
  /** How often the same deterministic reader failure may repeat with no progress before the job pauses. */
  static final int STUCK_LIMIT = 5;
  private final Lag lag = new Lag();
  /** The source's binlog end when the job first read its tables' definitions: DDL before it is already in them. */
  private volatile Position definitionsAt;
  /** The job's name_mapping: Doris names for source tables and columns Doris would reject. */
  private final org.binlogload.ddl.NameMapping names;

  // owned by the runner thread
  private final Map<String, Channel> channels = new LinkedHashMap<>();
  private final Map<String, Channel> routes = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile List<Channel> channelList = List.of();
  private record InFlight(CommitRound.Prepared prepared, java.util.concurrent.Future<Long> future, long startMillis) {}
  private InFlight inFlight;
  private Position lastCut;
  private ExecutorService committer;
  private Bindings bindings;
  private boolean initialized;

  private final AtomicLong totalRows = new AtomicLong();
  private final AtomicLong rounds = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private volatile long lastRoundMillis;
  private volatile double rowsPerSecond;
  private volatile long pendingEvents;
  private volatile long windowStart;
  private volatile long windowRows;

  private SyncJob(Builder b) {
    this.jobId = b.jobId;
    this.definition = Objects.requireNonNull(b.definition, "definition");
    this.name = definition.database() + "." + definition.name();
    this.labelPrefix = jobId + "_" + definition.name();
    this.progress = new ProgressStore(Objects.requireNonNull(b.state, "state"));
    this.sources = Objects.requireNonNull(b.sources, "source");
    this.sink = Objects.requireNonNull(b.sink, "sink");
    this.planner = Objects.requireNonNull(b.planner, "planner");
    this.catalog = Objects.requireNonNull(b.catalog, "catalog");
    this.pool = Objects.requireNonNull(b.pool, "pool");
    this.clock = b.clock == null ? Clock.systemUTC() : b.clock;
    this.policy = definition.commitPolicy();
    this.names = org.binlogload.connector.job.NameProperties.mapping(definition.properties());
    if (b.maxEvents <= 0) {
      throw new IllegalArgumentException("maxEvents <= 0");
    }
    this.maxEvents = b.maxEvents;
    this.pollTimeout = b.pollTimeout;
    this.maxRetries = b.maxRetries;
    this.retryBackoff = new Backoff(b.retryBackoff, Duration.ofMillis(MAX_BACKOFF_MILLIS));
    this.stopTimeout = b.stopTimeout;
    this.round = new CommitRound(labelPrefix, sink, progress, pool);
    this.barrier = new DdlBarrier(name, planner, sink, progress);
    this.notSynced = new NotSynced(name);
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
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
      retrying = null;
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
      retrying = null;
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
    Position p = Position.parse(position);
    SourceEvent.Ddl r;
    synchronized (lock) {
      SourceEvent.Statement st = stoppedAt;
      if (state == JobState.PAUSED && st != null && st.position().equals(p)) {
        passStatement = p;
        LOG.warn("job {}: the user passes the statement-logged DML at {} (its rows repaired by hand): [{}]", name, p,
            st.sql());
      }
      r = refused;
      if (passStatement != null && passStatement.equals(p)) {
        r = null;
      } else if (state != JobState.PAUSED || r == null || !r.position().equals(p)) {
        throw new IllegalStateException("job " + name + " has no refused DDL at " + p + "; it is " + state
            + (r == null ? "" : " and waits at the DDL at " + r.position() + ": [" + r.sql() + "]"));
      } else {
        skipAt = p;
      }
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
    String r = retrying;
    return state == JobState.RUNNING && r != null ? r : message;
  }

  /** The job's channels' counters, {@code "mysql_db.tbl->doris_db.tbl"} each. */
  public List<ChannelStatus> channels() {
    List<ChannelStatus> l = new ArrayList<>();
    for (Channel c : channelList) {
      l.add(c.status());
    }
    return l;
  }

  @Override
  public SyncStatus status() {
    Position c = progress.current().committed();
    long delay = lag.millis(clock.millis());
    return SyncStatus.builder().retrying(state == JobState.RUNNING ? retrying : null).notSynced(notSynced.describe())
        .notSyncedRows(notSynced.rows()).position(c == null ? null : c.toString()).gtid(c == null ? null : c.gtid())
        .delayMillis(delay).executeTimeMillis(lastRoundMillis).channels(channels()).rowsPerSecond(rate())
        .totalRows(totalRows.get()).commitRounds(rounds.get()).errors(errors.get()).build();
  }

  /**
   * Rows per second over the last full 10-second window; once no window has closed for a while (no commits), the
   * rate of the open window, so that it decays to 0 while the job is idle rather than keeping the last burst's.
   */
  private double rate() {
    long open = clock.millis() - windowStart;
    return open < 20_000 ? rowsPerSecond : windowRows * 1000.0 / open;
  }

  /** Whether the job's binlog reader is connected and positioned (tests and tools wait for this after start). */
  public boolean isReading() {
    return reading;
  }

  /** The refused DDL the paused job waits at, if any (its position is what {@link #skipDdl} takes). */
  public java.util.Optional<SourceEvent.Ddl> refusedDdl() {
    return java.util.Optional.ofNullable(state == JobState.PAUSED ? refused : null);
  }

  /** The committed position, or null before the first commit. */
  public Position committed() {
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
    if (t == null || t == Thread.currentThread()) {
      return;
    }
    try {
      t.join(stopTimeout.toMillis());
      if (t.isAlive()) {
        t.interrupt();
        t.join(stopTimeout.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean running(int gen) {
    return state == JobState.RUNNING && generation == gen;
  }

  private void run(int gen) {
    committer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "sync-" + name + "-commit");
      t.setDaemon(true);
      return t;
    });
    try {
      runLoop(gen);
    } catch (Error e) {
      // the runner dies as a crashed process would (no abort, no cleanup of Doris); the state must say so
      end(gen, JobState.PAUSED, "internal error, the job stopped as after a crash; RESUME recovers from the "
          + "persisted state: " + e, e);
      throw e;
    } finally {
      committer.shutdown();
    }
  }

  private void runLoop(int gen) {
    int attempt = 0;
    long roundsAtLastError = -1;
    String repeated = null; // the last deterministic reader failure, and how often it came in a row
    int repeats = 0;
    while (running(gen)) {
      Source source = null;
      try {
        source = sources.get();
        Outcome o = runOnce(source, gen);
        if (o == Outcome.STOPPED) {
          return;
        }
        attempt = 0;
      } catch (DdlRefusedException e) {
        refused = e.ddl();
        refusedReason = e.reason();
        end(gen, JobState.PAUSED, e.getMessage(), e);
        return;
      } catch (StatementDmlException e) {
        stoppedAt = e.statement();
        SourceEvent.Statement st = e.statement();
        String table = st.schema() != null && st.table() != null ? st.schema() + "." + st.table() : "the table";
        end(gen, JobState.PAUSED, "job " + name + ": " + e.getMessage() + ". Fix the source: SET GLOBAL "
            + "binlog_format=ROW (and binlog_format=ROW in my.cnf; sessions that set it themselves too). The rows "
            + "this statement changed are not in Doris: copy " + table + " into Doris again (e.g. re-create the job "
            + "for it), then RESUME SYNC JOB " + name + " SKIP DDL AT \"" + st.position() + "\" to go on past it", e);
        return;
      } catch (TableDroppedException e) {
        end(gen, JobState.CANCELLED, e.getMessage(), e);
        return;
      } catch (RuntimeException e) {
        errors.incrementAndGet();
        if (sink.isTableGone(e)) {
          end(gen, JobState.CANCELLED, "target table gone: " + describe(e), e);
          return;
        }
        if (rounds.get() > roundsAtLastError) {
          attempt = 0; // a round committed since the last error: count retries afresh
          repeated = null;
        }
        roundsAtLastError = rounds.get();
        boolean retryable = sink.isRetryable(e) || (source != null && source.isRetryable(e));
        if (!retryable) {
          end(gen, JobState.PAUSED, pauseMessage(e), e);
          return;
        }
        if (source != null && source.isDeterministic(e)) {
          String why = describe(e);
          repeats = why.equals(repeated) ? repeats + 1 : 1;
          repeated = why;
          if (repeats >= STUCK_LIMIT) {
            end(gen, JobState.PAUSED, "job " + name + ": the binlog reader failed " + repeats + " times in a row after "
                + progress.current().committed() + " with the same error and nothing delivered in between, so "
                + "retrying will not heal it: " + why + ". RESUME SYNC JOB " + name + " tries again once the cause "
                + "is fixed; if the event there cannot be read at all, re-create the job with a start position after "
                + "it and copy the affected tables", e);
            return;
          }
        } else {
          repeated = null;
        }
        // a transient fault (Doris or MySQL unreachable, timeouts, back-pressure) is retried until it heals or the
        // user pauses or stops the job; the job stays RUNNING and says that it waits and why
        attempt++;
        long wait = retryBackoff.delayMillis(attempt);
        retrying = "retrying in " + (wait < 1000 ? wait + " ms" : (wait + 999) / 1000 + " s") + " (attempt " + attempt
            + "): " + retryMessage(e);
        if (attempt == maxRetries + 1) {
          LOG.error("job {}: still failing after {} attempts, retrying every {} s at most until it heals, PAUSE or "
              + "STOP: {}", name, maxRetries, MAX_BACKOFF_MILLIS / 1000, describe(e));
        } else {
          LOG.warn("job {}: retryable error (attempt {}), replaying from {} in {} ms: {}", name, attempt,
              progress.current().committed(), wait, describe(e));
        }
        waitWhileRunning(gen, wait);
      } finally {
        reading = false;
        drainInFlight();
        lastCut = null;
        for (Channel c : channels.values()) {
          c.discard();
        }
        pendingEvents = 0;
        if (source != null) {
          try {
            source.close();
          } catch (RuntimeException e) {
            LOG.warn("job {}: closing the binlog source failed: {}", name, e.toString());
          }
        }
      }
    }
  }

  private enum Outcome { STOPPED, RESTART }

  private void healed() {
    LOG.info("job {}: delivering again after: {}", name, retrying);
    retrying = null;
  }

  private void end(int gen, JobState to, String why, Throwable e) {
    synchronized (lock) {
      if (generation != gen || state != JobState.RUNNING) {
        LOG.info("job {}: runner ended while {}: {}", name, state, why);
        return;
      }
      state = to;
      message = why;
      retrying = null;
      lock.notifyAll();
    }
    LOG.error("job {}: {} -> {}: {}", name, JobState.RUNNING, to, why, e);
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

  /**
   * A fault a person must fix, as the job's message: what Doris (or the source) answered and, when Doris refused
   * something that has a known fix ({@link DorisRemedy}), that fix at the end.
   */
  private String pauseMessage(Throwable e) {
    String what = sentence(describe(e));
    return sink.remedy(e, name, progress.current().committed())
        .map(f -> what + ". To fix: " + f.forPause(name))
        .orElse(what);
  }

  /** A transient fault the job retries: what happened and, where Doris's refusal has one, what it means and fixes. */
  private String retryMessage(Throwable e) {
    String what = describe(e);
    return sink.remedy(e, name, progress.current().committed())
        .filter(f -> f.kind().retryable())
        .map(f -> sentence(what) + ". " + f.text())
        .orElse(what);
  }

  /** {@code s} without a trailing period, colon or semicolon, so that a sentence can follow. */
  private static String sentence(String s) {
    String t = s.strip();
    while (!t.isEmpty() && ".;:".indexOf(t.charAt(t.length() - 1)) >= 0) {
      t = t.substring(0, t.length() - 1).strip();
    }
    return t;
  }

  private static String describe(Throwable e) {
    StringBuilder b = new StringBuilder(String.valueOf(e.getMessage() == null ? e.toString() : e.getMessage()));
    for (Throwable c = e.getCause(); c != null && c != e; c = c.getCause()) {
      if (c.getMessage() != null && !b.toString().contains(c.getMessage())) {
        b.append("; caused by: ").append(c.getMessage());
      }
    }
    return b.toString();
  }

  private Outcome runOnce(Source source, int gen) {
    Recovery.run(name, sink, progress);
    initialize();
    source.start();
    reading = true;
    Receiver receiver = new Receiver(source, maxEvents, pollTimeout);
    Consumer consumer = new Consumer(routes, notSynced);
    consumer.passStatementAt(passStatement);
    long lastRound = clock.millis();
    windowStart = lastRound;
    while (running(gen)) {
      SourceBatch batch = receiver.next();
      List<SourceEvent> events = batch.events();
      lag.read(events, progress.current().committed(), clock.millis());
      int i = 0;
      while (i < events.size()) {
        i = consumer.dispatch(events, i, progress.current().committed());
        if (i < events.size() && events.get(i) instanceof SourceEvent.Statement st) {
          closeRound(consumer, receiver); // what came before the statement is delivered; the job stops at it
          throw consumer.stop(st);
        }
        if (i < events.size()) {
          passDdl((SourceEvent.Ddl) events.get(i), consumer, receiver);
          lastRound = clock.millis();
          i++;
        }
      }
      pendingEvents = consumer.pendingEvents();
      finishInFlight(receiver, false);
      if (retrying != null && pendingEvents == 0 && inFlight == null) {
        healed();
      }
      Position cut = cut(consumer, clock.millis() - lastRound);
      if (cut != null) {
        commit(cut, consumer, receiver, false);
        lastRound = clock.millis();
      }
    }
    finishInFlight(receiver, true);
    if (state == JobState.PAUSED && generation == gen) {
      Position b = consumer.lastBoundary();
      if (b != null && b.isAfter(cutFloor())) {
        commit(b, consumer, receiver, true); // pause after the round commits; an open transaction is replayed
      }
    }
    return Outcome.STOPPED;
  }

  /** Where to cut the round now, or null to keep reading: Doris's commit policy plus the ring's capacity. */
  private Position cut(Consumer consumer, long sinceLastRoundMillis) {
    long events = consumer.pendingEvents();
    if (events == 0) {
      return null;
    }
    long bytes = 0;
    for (Channel c : channels.values()) {
      bytes += c.bufferedBytes();
    }
    Position committed = cutFloor();
    if (bytes >= policy.maxCommitBytes() || events >= policy.ringEntries() / 2 || bytes >= policy.ringBytes() / 2) {
      return consumer.lastSeen(); // a transaction larger than the ring must not stall the job
    }
    boolean due = events >= policy.minCommitSize() || bytes >= policy.minCommitBytes()
        || sinceLastRoundMillis >= policy.intervalSeconds() * 1000;
    Position b = consumer.lastBoundary();
    return due && b != null && b.isAfter(committed) ? b : null;
  }

  /** The position the next round starts after: the end of the round in flight, else the committed one. */
  private Position cutFloor() {
    Position c = progress.current().committed();
    return lastCut != null && lastCut.isAfter(c) ? lastCut : c;
  }

  /**
   * Cuts a round at {@code end} and hands it to the job's committer thread, so the job reads on while Doris loads;
   * at most one round is in flight (the previous one is finished first). With {@code wait}, returns once committed.
   */
  private void commit(Position end, Consumer consumer, Receiver receiver, boolean wait) {
    finishInFlight(receiver, true);
    CommitRound.Prepared p = round.prepare(end, List.copyOf(channels.values()));
    consumer.roundDone();
    pendingEvents = 0;
    lastCut = end;
    inFlight = new InFlight(p, committer.submit(() -> round.execute(p)), clock.millis());
    if (wait) {
      finishInFlight(receiver, true);
    }
  }

  /** Completes the round in flight if it is done (or waits for it): rethrows its failure, else acks and counts. */
  private void finishInFlight(Receiver receiver, boolean block) {
    InFlight f = inFlight;
    if (f == null || (!block && !f.future().isDone())) {
      return;
    }
    long rows;
    try {
      rows = f.future().get();
    } catch (java.util.concurrent.ExecutionException e) {
      inFlight = null;
      Throwable c = e.getCause();
      if (c instanceof Error err) {
        throw err;
      }
      throw c instanceof RuntimeException re ? re : new IllegalStateException(c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("job " + name + ": interrupted waiting for the round to "
          + f.prepared().end(), e);
    }
    inFlight = null;
    round.complete(f.prepared());
    Position end = f.prepared().end();
    receiver.ackThrough(end);
    lag.committed(end);
    if (retrying != null) {
      healed();
    }
    rounds.incrementAndGet();
    totalRows.addAndGet(rows);
    long now = clock.millis();
    lastRoundMillis = now;
    windowRows += rows;
    LOG.debug("job {}: round to {} committed {} rows in {} ms", name, end, rows, now - f.startMillis());
    if (now - windowStart >= 10_000) {
      rowsPerSecond = windowRows * 1000.0 / (now - windowStart);
      long lag = end.timestampMillis() > 0 ? Math.max(0, now - end.timestampMillis()) : -1;
      LOG.info("job {}: {} rows/s over {} s, lag {} ms, position {}, {} rows total", name,
          String.format("%.0f", rowsPerSecond), (now - windowStart) / 1000, lag, end, totalRows.get());
      windowStart = now;
      windowRows = 0;
    }
  }

  /** Waits for a round still in flight after a failure, so no write of it races the next run's recovery. */
  private void drainInFlight() {
    InFlight f = inFlight;
    inFlight = null;
    if (f == null) {
      return;
    }
    try {
      f.future().get();
    } catch (java.util.concurrent.ExecutionException e) {
      LOG.debug("job {}: the round to {} in flight failed too: {}", name, f.prepared().end(), e.getCause().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.future().cancel(true);
    }
  }

  /** Commits everything dispatched so far and waits: what a DDL needs before it passes. */
  private void closeRound(Consumer consumer, Receiver receiver) {
    Position last = consumer.lastSeen();
    if (last != null && last.isAfter(cutFloor())) {
      commit(last, consumer, receiver, true);
    } else {
      finishInFlight(receiver, true);
    }
  }

  private void passDdl(SourceEvent.Ddl ddl, Consumer consumer, Receiver receiver) {
    boolean rowsDifferAccepted = false;
    if (ddl.position().equals(skipAt)) {
      skipAt = null;
      if (!barrier.leavesRowsDifferent(ddl, bindings)) {
        skipDdlNow(ddl, consumer, receiver);
        return;
      }
      rowsDifferAccepted = true; // applied already; the user accepts the difference and the barrier completes
    }
    boolean passed = barrier.pass(ddl, rowsDifferAccepted, new DdlBarrier.Job() {
      @Override
      public void closeRound() {
        SyncJob.this.closeRound(consumer, receiver);
      }

      @Override
      public Bindings bindings() {
        return bindings;
      }

      @Override
      public void checkDropped(List<String> dropped, SourceEvent.Ddl d) {
        for (String s : dropped) {
          if (bindings.tables().containsKey(s) && !isWholeDatabase(s)) {
            throw new TableDroppedException("source table " + s + " of job " + name + " was dropped at "
                + d.position() + " [" + d.sql() + "]; the job is cancelled", null);
          }
        }
      }

      @Override
      public void rebind(Bindings next, SourceEvent.Ddl d) {
        SyncJob.this.rebind(next);
      }

      @Override
      public byte[] snapshot() {
        return SyncJob.this.snapshot();
      }

      @Override
      public Position definitionsAt() {
        return definitionsAt;
      }
    });
    refused = null;
    consumer.passed(ddl.position());
    if (passed) {
      receiver.ackThrough(ddl.position());
    }
    Position now = progress.current().committed();
    if (now != null) {
      lag.committed(now);
    }
  }

  private void skipDdlNow(SourceEvent.Ddl ddl, Consumer consumer, Receiver receiver) {
    closeRound(consumer, receiver);
    if (ddl.table() != null && ddl.schema() != null) {
      catalog.showCreateTable(ddl.schema(), ddl.table()).ifPresent(sql -> planner.track(ddl.schema(), ddl.table(), sql));
    }
    String table = ddl.table() == null || ddl.schema() == null ? null : ddl.schema() + "." + ddl.table();
    if (table != null && isWholeDatabase(table) && !routes.containsKey(table)
        && !org.binlogload.ddl.OnlineSchemaChange.isHelperTable(ddl.table())) {
      notSynced.add(table, "its DDL at " + ddl.position() + " was refused (" + refusedReason + ") and skipped by the "
          + "user, so it has no Doris table");
    }
    progress.commitSchema(snapshot(), ddl.position());
    refused = null;
    consumer.passed(ddl.position());
    receiver.ackThrough(ddl.position());
    LOG.warn("job {}: skipped the DDL at {} as the user asked: [{}]", name, ddl.position(), ddl.sql());
  }

  private boolean isWholeDatabase(String source) {
    int dot = source.indexOf('.');
    return dot > 0 && bindings.databases().containsKey(source.substring(0, dot));
  }

  // ---------------------------------------------------------------- bindings and schema

  private void initialize() {
    if (initialized) {
      return;
    }
    Progress p = progress.current();
    if (p.schemaVersion() > 0) {
      byte[] snap = progress.schema(p.schemaVersion()).orElseThrow(() -> new IllegalStateException(
          "job " + name + ": schema snapshot " + p.schemaVersion() + " is missing from the state store"));
      restore(snap);
    } else {
      firstStart();
    }
    initialized = true;
  }

  private void firstStart() {
    definitionsAt = catalog.head().orElse(null); // before the definitions: DDL after it is applied, never assumed
    Map<String, String> tables = new LinkedHashMap<>();
    Map<String, String> dbs = new LinkedHashMap<>();
    for (ChannelSpec c : definition.channels()) {
      if (c.isWholeDatabase()) {
        dbs.put(c.sourceSchema(), c.targetDatabase());
        for (String t : catalog.tables(c.sourceSchema())) {
          if (!org.binlogload.ddl.OnlineSchemaChange.isHelperTable(t)) { // an online schema change under way
            tables.put(c.sourceSchema() + "." + t, c.targetDatabase() + "." + (names.mapsTable(t) ? names.dorisTable(t)
                : t));
          }
        }
      } else {
        tables.put(c.source(), c.target());
      }
    }
    Bindings b = new Bindings(tables, dbs);
    for (Map.Entry<String, String> e : tables.entrySet()) {
      String[] src = split(e.getKey());
      String[] dst = split(e.getValue());
      String create = catalog.showCreateTable(src[0], src[1]).orElseThrow(() -> new IllegalStateException(
          "source table " + e.getKey() + " of job " + name + " does not exist; create it or fix the job"));
      planner.track(src[0], src[1], create);
      if (!sink.tableExists(dst[0], dst[1])) {
        DdlPlan plan = planner.createTarget(src[0], src[1], dst[0], dst[1]);
        if (plan instanceof DdlPlan.Refuse r) {
          throw new IllegalStateException("cannot create Doris table " + e.getValue() + " for " + e.getKey() + ": "
              + r.reason() + "; " + r.remedy());
        }
        if (plan instanceof DdlPlan.Apply a) {
          for (TargetStatement s : a.statements()) {
            sink.execute(s.db(), s.sql());
            if (s.heavy()) {
              sink.awaitSchemaChange(s.db(), s.table());
            }
          }
          LOG.info("job {}: created Doris table {} for {}", name, e.getValue(), e.getKey());
        }
      }
    }
    rebind(b);
    progress.commitSchema(snapshot(), progress.current().committed());
  }

  private static String[] split(String qualified) {
    int dot = qualified.indexOf('.');
    if (dot <= 0) {
      throw new IllegalArgumentException("'" + qualified + "' is not db.table");
    }
    return new String[] {qualified.substring(0, dot), qualified.substring(dot + 1)};
  }

  private void rebind(Bindings next) {
    Map<String, List<String>> columns = new LinkedHashMap<>();
    for (ChannelSpec c : definition.channels()) {
      if (!c.isWholeDatabase()) {
        columns.put(c.target(), c.columns());
      }
    }
    Map<String, Channel> kept = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : next.tables().entrySet()) {
      String[] src = split(e.getKey());
      Channel c = channels.get(e.getValue());
      if (c == null) {
        String[] dst = split(e.getValue());
        c = new Channel(src[0], src[1], dst[0], dst[1], columns.getOrDefault(e.getValue(), List.of()), names);
      } else if (!c.source().equals(e.getKey())) {
        LOG.info("job {}: channel {} now reads {}", name, c, e.getKey());
      }
      c.bind(src[0], src[1]);
      kept.put(e.getValue(), c);
    }
    channels.clear();
    channels.putAll(kept);
    channelList = List.copyOf(kept.values());
    routes.clear();
    for (Channel c : channels.values()) {
      routes.put(c.source(), c);
      notSynced.remove(c.source());
    }
    bindings = next;
  }

  private byte[] snapshot() {
    ObjectNode n = JSON.createObjectNode();
    n.put("formatVersion", SNAPSHOT_FORMAT);
    ObjectNode t = n.putObject("tables");
    bindings.tables().forEach(t::put);
    ObjectNode d = n.putObject("databases");
    bindings.databases().forEach(d::put);
    ObjectNode ns = n.putObject("notSynced"); // optional: snapshots written before it lack it
    notSynced.reasons().forEach(ns::put);
    n.put("planner", Base64.getEncoder().encodeToString(planner.snapshot()));
    if (definitionsAt != null) { // optional: snapshots written before it lack it
      n.put("definitionsAt", definitionsAt.toString());
    }
    try {
      return JSON.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode schema snapshot", e);
    }
  }

  private void restore(byte[] bytes) {
    JsonNode n;
    try {
      n = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalStateException("job " + name + ": schema snapshot is not JSON", e);
    }
    if (n.path("formatVersion").asInt(-1) != SNAPSHOT_FORMAT) {
      throw new IllegalStateException("job " + name + ": schema snapshot has formatVersion "
          + n.path("formatVersion") + "; this version reads " + SNAPSHOT_FORMAT);
    }
    Map<String, String> tables = new LinkedHashMap<>();
    n.path("tables").fields().forEachRemaining(e -> tables.put(e.getKey(), e.getValue().asText()));
    Map<String, String> dbs = new LinkedHashMap<>();
    n.path("databases").fields().forEachRemaining(e -> dbs.put(e.getKey(), e.getValue().asText()));
    planner.restore(Base64.getDecoder().decode(n.path("planner").asText()));
    n.path("notSynced").fields().forEachRemaining(e -> notSynced.add(e.getKey(), e.getValue().asText()));
    definitionsAt = n.hasNonNull("definitionsAt") ? Position.parse(n.path("definitionsAt").asText()) : null;
    rebind(new Bindings(tables, dbs));
  }

  @Override
  public String toString() {
    return "SyncJob{" + jobId + ", " + name + ", " + state + "}";
  }

  /** Builds a {@link SyncJob}. */
  public static final class Builder {
    private long jobId;
    private JobDefinition definition;
    private StateStore state;
    private Supplier<Source> sources;
    private Sink sink;
    private DdlPlanner planner;
    private SourceCatalog catalog;
    private ExecutorService pool;
    private Clock clock;
    private int maxEvents = 1024;
    private Duration pollTimeout = Duration.ofMillis(200);
    private int maxRetries = 8;
    private Duration retryBackoff = Duration.ofMillis(500);
    private Duration stopTimeout = Duration.ofSeconds(30);

    private Builder() {}

    /** The job's id. */
    public Builder jobId(long id) {
      this.jobId = id;
      return this;
    }

    /** The job's definition. */
    public Builder definition(JobDefinition d) {
      this.definition = d;
      return this;
    }

    /** The job's scoped state store. */
    public Builder state(StateStore s) {
      this.state = s;
      return this;
    }

    /** Opens a fresh binlog source for each run (start, resume, retry). */
    public Builder source(Supplier<Source> s) {
      this.sources = s;
      return this;
    }

    /** The Doris side. */
    public Builder sink(Sink s) {
      this.sink = s;
      return this;
    }

    /** The DDL translator. */
    public Builder planner(DdlPlanner p) {
      this.planner = p;
      return this;
    }

    /** The source's table definitions. */
    public Builder catalog(SourceCatalog c) {
      this.catalog = c;
      return this;
    }

    /** The one task pool shared by all jobs ({@code max_sync_task_threads_num} threads). */
    public Builder pool(ExecutorService p) {
      this.pool = p;
      return this;
    }

    /** The clock (tests). */
    public Builder clock(Clock c) {
      this.clock = c;
      return this;
    }

    /** Events asked of the source per batch (default 1024). */
    public Builder maxEvents(int n) {
      this.maxEvents = n;
      return this;
    }

    /** How long one poll of the source waits (default 200 ms); bounds how fast pause and stop are seen. */
    public Builder pollTimeout(Duration d) {
      this.pollTimeout = d;
      return this;
    }

    /** Job-level retries of retryable errors before the job pauses (default 8), and the first backoff. */
    public Builder retries(int max, Duration firstBackoff) {
      if (max < 0) {
        throw new IllegalArgumentException("maxRetries < 0");
      }
      this.maxRetries = max;
      this.retryBackoff = firstBackoff;
      return this;
    }

    /** How long pause and stop wait for the runner before interrupting it (default 30 s). */
    public Builder stopTimeout(Duration d) {
      this.stopTimeout = d;
      return this;
    }

    /** The job, PENDING. */
    public SyncJob build() {
      return new SyncJob(this);
    }
  }
}
