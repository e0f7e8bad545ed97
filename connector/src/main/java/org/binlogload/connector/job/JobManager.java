package org.binlogload.connector.job;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.binlogload.connector.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the sync jobs: applies CREATE/PAUSE/RESUME/STOP/SHOW SYNC JOB, persists every definition and state change
 * in the {@link StateStore} (layout in {@link JobStore}), and on {@link #start()} resumes every job that was RUNNING.
 * Each job runs as a {@link SyncEngine.Job}; {@link JobRunner} starts it and keeps the job's record in step with it,
 * hearing the changes the job makes on its own through its listener (nothing polls). Conflicts between jobs are
 * {@link JobConflicts}; SHOW's table is {@link ShowSyncJob}.
 *
 * <p>Thread-safe. Passwords never appear in SHOW output, results, exceptions or logs.
 */
public final class JobManager implements AutoCloseable {
  /** SHOW SYNC JOB's columns, as Doris names them. */
  public static final List<String> SHOW_COLUMNS = ShowSyncJob.COLUMNS;

  private static final Logger LOG = LoggerFactory.getLogger(JobManager.class);

  private final JobStore store;
  private final JobRunner runner;
  private final JobValidator validator;
  private final StartResolver startResolver;
  private final boolean startPaused;
  private final Clock clock;
  private final Duration skipWait;
  private final ShowSyncJob show;
  private final Map<Long, ManagedJob> jobs = new TreeMap<>();
  private boolean started;
  private boolean closed;

  private JobManager(Builder b) {
    this.store = new JobStore(Objects.requireNonNull(b.store, "store"));
    this.validator = b.validator == null ? JobValidator.NONE : b.validator;
    this.startResolver = b.startResolver == null ? StartResolver.NONE : b.startResolver;
    this.startPaused = b.startPaused;
    this.clock = b.clock == null ? Clock.systemDefaultZone() : b.clock;
    this.runner = new JobRunner(store, Objects.requireNonNull(b.engine, "engine"), clock);
    this.skipWait = b.skipWait;
    this.show = new ShowSyncJob(clock.getZone());
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Loads every persisted job and starts those that were RUNNING (or PENDING when the manager stopped while
   * creating them); a job that cannot start is recorded PAUSED with the reason.
   */
  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    jobs.putAll(store.load(now()));
    for (ManagedJob job : jobs.values()) {
      JobState s = job.state();
      if ((s == JobState.RUNNING || s == JobState.PENDING) && startPaused) {
        LOG.warn("sync job {} was {}; left PAUSED since the daemon started with --paused", job.label(), s);
        runner.moveTo(job, JobState.PAUSED, "the daemon started with --paused; RESUME SYNC JOB "
            + job.def.qualifiedName() + " to start it");
      } else if (s == JobState.RUNNING || s == JobState.PENDING) {
        LOG.info("resuming sync job {} that was {}", job.label(), s);
        runner.start(job);
      }
    }
    LOG.info("job manager started with {} jobs ({} running)", jobs.size(),
        jobs.values().stream().filter(j -> j.state() == JobState.RUNNING).count());
  }

  /** Parses and applies one statement; {@code defaultDatabase} may be null. */
  public StatementResult execute(String sql, String defaultDatabase) {
    return apply(SyncStatements.parse(sql, defaultDatabase));
  }

  /** Applies a parsed statement. */
  public StatementResult apply(Statement statement) {
    return statement.accept(new StatementRunner(this));
  }

  /**
   * Creates and starts a job after checking it against the other jobs and the validator; returns its id.
   *
   * @throws JobValidationException when the job conflicts with another or fails validation
   */
  public long create(JobDefinition def) {
    synchronized (this) {
      checkOpen();
      JobConflicts.check(def, jobs.values());
    }
    def.commitPolicy().checkHeap(Runtime.getRuntime().maxMemory()).ifPresent(why -> {
      throw new JobValidationException(why);
    });
    // outside the lock: the checks talk to MySQL and Doris, and SHOW and /metrics must not wait for them
    validator.validate(def);
    // fixed and persisted before CREATE returns: a change committed after the statement returns is never missed
    return register(startResolver.fix(def));
  }

  private synchronized long register(JobDefinition def) {
    checkOpen();
    JobConflicts.check(def, jobs.values());
    long id = store.nextId(jobs.keySet());
    ManagedJob job = new ManagedJob(id, def, JobRecord.created(now()));
    store.saveDefinition(id, def);
    store.saveRecord(id, job.record);
    jobs.put(id, job);
    LOG.info("created sync job {}: {}", job.label(), def);
    runner.start(job);
    return id;
  }

  /** Creates the job unless an active job of the same name exists; returns whether it created one. */
  public boolean createIfAbsent(JobDefinition def) {
    Optional<ManagedJob> existing;
    synchronized (this) {
      existing = active(def.database(), def.name());
    }
    if (existing.isPresent()) {
      if (!JobConflicts.sameJob(existing.get().def, def)) {
        LOG.warn("sync job {} exists with another definition; kept as is (STOP it to recreate it from the new one)",
            existing.get().label());
      } else {
        LOG.info("sync job {} exists; not created again", existing.get().label());
      }
      return false;
    }
    create(def);
    return true;
  }

  /**
   * ALTER SYNC JOB: sets an active job's credentials or properties; new credentials are checked first. A RUNNING job
   * commits its open round and goes on with the new definition from its committed position; a PAUSED one takes it
   * at RESUME. Returns what was done.
   */
  public String alter(Statement.AlterSyncJob s) {
    JobDefinition before;
    synchronized (this) {
      checkOpen();
      before = require(s.database(), s.name()).def;
    }
    JobDefinition after = JobAlteration.apply(before, s);
    if (after.equals(before)) {
      return "sync job " + before.qualifiedName() + " already has these values; nothing changed";
    }
    after.commitPolicy().checkHeap(Runtime.getRuntime().maxMemory()).ifPresent(why -> {
      throw new JobValidationException(why);
    });
    if (!after.source().equals(before.source())) {
      validator.validateCredentials(after); // outside the lock: it talks to MySQL
    }
    synchronized (this) {
      checkOpen();
      ManagedJob job = require(s.database(), s.name());
      if (job.def != before) {
        throw new IllegalStateException("sync job " + before.qualifiedName() + " was altered meanwhile; send "
            + "ALTER SYNC JOB again");
      }
      store.saveDefinition(job.id, after);
      job.def = after;
      LOG.info("altered sync job {}: {}", job.label(), s);
      return runner.restart(job) ? "altered sync job " + after.qualifiedName() + "; it goes on with the new values"
          : "altered sync job " + after.qualifiedName() + "; it takes the new values at RESUME";
    }
  }

  /** ALTER SYNC JOB ... ADD, DROP or RESNAPSHOT ({@link TableAlteration}); the answer the client prints. */
  public synchronized String alterTables(Statement.AlterSyncJobTables s) {
    checkOpen();
    return TableAlteration.run(s, require(s.database(), s.name()), store, runner);
  }

  /** PAUSE SYNC JOB: RUNNING or PENDING -> PAUSED. */
  public synchronized void pause(String database, String name) {
    checkOpen();
    ManagedJob job = require(database, name);
    JobState s = job.state();
    if (s != JobState.RUNNING && s != JobState.PENDING) {
      throw new IllegalStateException("sync job " + job.def.qualifiedName() + " is " + s + ", not RUNNING; "
          + "nothing to pause");
    }
    SyncEngine.Job rt = job.runtime;
    if (rt != null) {
      rt.pause();
    }
    runner.moveTo(job, JobState.PAUSED, "paused by user");
    runner.follow(job); // the job's own word on it: SHOW's Msg is the job's (empty after a pause)
  }

  /**
   * RESUME SYNC JOB: PAUSED -> RUNNING; with {@code skipDdlAt}, skips the refused DDL at that position. After a
   * restart the job's new runtime first reads up to the refused DDL again (waiting at most the skip wait); returns
   * a note for the user, empty when there is none.
   */
  public String resume(String database, String name, String skipDdlAt) {
    ManagedJob job;
    SyncEngine.Job fresh;
    synchronized (this) {
      checkOpen();
      job = require(database, name);
      JobState s = job.state();
      if (s != JobState.PAUSED) {
        throw new IllegalStateException("sync job " + job.def.qualifiedName() + " is " + s + ", not PAUSED; "
            + "nothing to resume");
      }
      if (job.runtime != null) {
        runner.resume(job, job.runtime, skipDdlAt);
        return "";
      }
      if (!runner.start(job)) {
        throw new IllegalStateException("sync job " + job.def.qualifiedName() + " did not start: "
            + job.record.message());
      }
      if (skipDdlAt == null) {
        return "";
      }
      fresh = job.runtime;
    }
    return skipAfterRestart(job, fresh, skipDdlAt);
  }

  /** A runtime started after a restart knows the refused DDL only once it reads it again and pauses there. */
  private String skipAfterRestart(ManagedJob job, SyncEngine.Job fresh, String skipDdlAt) {
    JobRunner.awaitLeavingRunning(fresh, skipWait);
    synchronized (this) {
      if (job.runtime == fresh && fresh.state() == JobState.PAUSED) {
        runner.resume(job, fresh, skipDdlAt);
        return "";
      }
      return "; it did not reach the DDL at " + skipDdlAt + " within "
          + (skipWait.toMillis() < 1000 ? skipWait.toMillis() + " ms" : skipWait.toSeconds() + " s") + ", so nothing "
          + "was skipped: if it pauses there again, send RESUME SYNC JOB " + job.def.qualifiedName()
          + " SKIP DDL AT \"" + skipDdlAt + "\" once more";
    }
  }

  /** STOP SYNC JOB: any state but CANCELLED -> CANCELLED (final). */
  public synchronized void stop(String database, String name) {
    checkOpen();
    ManagedJob job = require(database, name);
    runner.stop(job);
    runner.moveTo(job, JobState.CANCELLED, "stopped by user");
  }

  /** SHOW SYNC JOB rows for {@code database} (null for all). */
  public synchronized List<List<String>> show(String database) {
    checkOpen();
    List<List<String>> rows = new ArrayList<>();
    for (ManagedJob job : jobs.values()) {
      if (database == null || database.equals(job.def.database())) {
        rows.add(show.row(job, job.status()));
      }
    }
    return rows;
  }

  /** Every job. */
  public synchronized List<JobSnapshot> jobs() {
    checkOpen();
    List<JobSnapshot> out = new ArrayList<>();
    for (ManagedJob job : jobs.values()) {
      out.add(job.snapshot());
    }
    return out;
  }

  /**
   * Stops every runtime without changing the persisted states, so that the next {@link #start()} resumes the jobs
   * that were RUNNING.
   */
  @Override
  public void close() {
    List<ManagedJob> running;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      running = jobs.values().stream().filter(j -> j.runtime != null).toList();
    }
    runner.close(); // the states the jobs reported are written; what they report from now on is not
    for (ManagedJob job : running) {
      try {
        SyncEngine.Job rt = job.runtime;
        JobState s = rt == null ? JobState.CANCELLED : rt.state();
        if (s == JobState.RUNNING || s == JobState.PENDING) {
          rt.pause();
        }
      } catch (RuntimeException e) {
        LOG.warn("sync job {}: stopping it on shutdown failed", job.label(), e);
      }
    }
    LOG.info("job manager closed; {} jobs stopped for shutdown", running.size());
  }

  private Optional<ManagedJob> active(String database, String name) {
    return jobs.values().stream().filter(j -> j.isActive(database, name)).findFirst();
  }

  private ManagedJob require(String database, String name) {
    Optional<ManagedJob> a = active(database, name);
    if (a.isPresent()) {
      return a.get();
    }
    if (jobs.values().stream().anyMatch(j -> j.is(database, name))) {
      throw new IllegalStateException("sync job " + database + "." + name + " is CANCELLED, which is final; "
          + "create a new job");
    }
    throw new IllegalArgumentException("no sync job " + database + "." + name + "; SHOW SYNC JOB FROM " + database
        + " lists the jobs");
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("job manager is closed");
    }
    if (!started) {
      throw new IllegalStateException("job manager is not started; call start() first");
    }
  }

  private long now() {
    return clock.millis();
  }

  /** Builds a {@link JobManager}. */
  public static final class Builder {
    private StateStore store;
    private SyncEngine engine;
    private JobValidator validator;
    private StartResolver startResolver;
    private boolean startPaused;
    private Clock clock;
    private Duration skipWait = Duration.ofSeconds(60);

    private Builder() {
    }

    /** How long RESUME ... SKIP DDL waits, after a restart, for the job to read up to the refused DDL again. */
    public Builder skipWait(Duration skipWait) {
      this.skipWait = skipWait;
      return this;
    }

    /** Where definitions, states and the jobs' own state live. */
    public Builder store(StateStore store) {
      this.store = store;
      return this;
    }

    /** Creates the jobs' runtimes. */
    public Builder engine(SyncEngine engine) {
      this.engine = engine;
      return this;
    }

    /** Leaves every job that would resume at {@link #start()} PAUSED (the daemon's {@code --paused}). */
    public Builder startPaused(boolean paused) {
      this.startPaused = paused;
      return this;
    }

    /** Fixes a new job's {@code latest} start position at CREATE ({@link StartResolver#NONE} by default). */
    public Builder startResolver(StartResolver resolver) {
      this.startResolver = resolver;
      return this;
    }

    /** Checks new jobs (MySQL source, Doris targets); none by default. */
    public Builder validator(JobValidator validator) {
      this.validator = validator;
      return this;
    }

    /** The clock for the times SHOW prints, in its zone. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** The manager, not yet started. */
    public JobManager build() {
      return new JobManager(this);
    }
  }
}
