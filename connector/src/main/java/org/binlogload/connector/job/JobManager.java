package org.binlogload.connector.job;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.binlogload.connector.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the sync jobs: applies CREATE/PAUSE/RESUME/STOP/SHOW SYNC JOB, persists every definition and state change
 * in the {@link StateStore} (with a format version), and on {@link #start()} resumes every job that was RUNNING.
 *
 * <p>Layout in the store: {@code manager/counter} (next job id), {@code jobs/<id>/definition},
 * {@code jobs/<id>/record}, and {@code jobs/<id>/sync/...}, the scope handed to the job's runtime.
 * Thread-safe. Passwords never appear in SHOW output, results, exceptions or logs.
 */
public final class JobManager implements AutoCloseable {
  /** SHOW SYNC JOB's columns, as Doris names them. */
  public static final List<String> SHOW_COLUMNS = List.of("JobId", "JobName", "Type", "State", "Channel", "Status",
      "JobConfig", "CreateTime", "LastStartTime", "LastStopTime", "FinishTime", "Msg");

  private static final Logger LOG = LoggerFactory.getLogger(JobManager.class);
  private static final String COUNTER = "manager/counter";
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  private final StateStore store;
  private final SyncEngine engine;
  private final JobValidator validator;
  private final StartResolver startResolver;
  private final boolean startPaused;
  private final Clock clock;
  private final java.time.Duration skipWait;
  private final Map<Long, Job> jobs = new TreeMap<>();
  private boolean started;
  private boolean closed;

  private static final class Job {
    final long id;
    final JobDefinition def;
    JobRecord record;
    SyncEngine.Job runtime;

    Job(long id, JobDefinition def, JobRecord record) {
      this.id = id;
      this.def = def;
      this.record = record;
    }

    String label() {
      return def.qualifiedName() + " (id " + id + ")";
    }
  }

  private JobManager(Builder b) {
    this.store = Objects.requireNonNull(b.store, "store");
    this.engine = Objects.requireNonNull(b.engine, "engine");
    this.validator = b.validator == null ? JobValidator.NONE : b.validator;
    this.startResolver = b.startResolver == null ? StartResolver.NONE : b.startResolver;
    this.startPaused = b.startPaused;
    this.clock = b.clock == null ? Clock.systemDefaultZone() : b.clock;
    this.skipWait = b.skipWait;
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
    for (String key : store.keys("jobs/")) {
      if (!key.endsWith("/definition") || key.split("/").length != 3) {
        continue;
      }
      byte[] bytes = store.get(key).orElseThrow();
      long id = JobCodec.readId(key, bytes);
      JobDefinition def = JobCodec.readDefinition(key, bytes);
      String recordKey = "jobs/" + id + "/record";
      JobRecord record = store.get(recordKey).map(r -> JobCodec.readRecord(recordKey, r))
          .orElse(JobRecord.created(now()));
      jobs.put(id, new Job(id, def, record));
    }
    for (Job job : jobs.values()) {
      JobState s = job.record.state();
      if ((s == JobState.RUNNING || s == JobState.PENDING) && startPaused) {
        LOG.warn("sync job {} was {}; left PAUSED since the daemon started with --paused", job.label(), s);
        moveTo(job, JobState.PAUSED, "the daemon started with --paused; RESUME SYNC JOB " + job.def.qualifiedName()
            + " to start it");
      } else if (s == JobState.RUNNING || s == JobState.PENDING) {
        LOG.info("resuming sync job {} that was {}", job.label(), s);
        startRuntime(job);
      }
    }
    LOG.info("job manager started with {} jobs ({} running)", jobs.size(),
        jobs.values().stream().filter(j -> j.record.state() == JobState.RUNNING).count());
  }

  /** Parses and applies one statement; {@code defaultDatabase} may be null. */
  public StatementResult execute(String sql, String defaultDatabase) {
    return apply(SyncStatements.parse(sql, defaultDatabase));
  }

  /** Applies a parsed statement. */
  public StatementResult apply(Statement statement) {
    return statement.accept(new Statement.Visitor<>() {
      @Override
      public StatementResult visit(Statement.CreateSyncJob s) {
        long id = create(s.definition());
        return StatementResult.message("created sync job " + s.definition().qualifiedName() + " with id " + id);
      }

      @Override
      public StatementResult visit(Statement.PauseSyncJob s) {
        pause(s.database(), s.name());
        return StatementResult.message("paused sync job " + s.database() + "." + s.name());
      }

      @Override
      public StatementResult visit(Statement.ResumeSyncJob s) {
        String note = resume(s.database(), s.name(), s.skipDdlAt());
        return StatementResult.message("resumed sync job " + s.database() + "." + s.name()
            + (s.skipDdlAt() == null ? "" : note.isEmpty() ? ", skipping the DDL at " + s.skipDdlAt() : note));
      }

      @Override
      public StatementResult visit(Statement.StopSyncJob s) {
        stop(s.database(), s.name());
        return StatementResult.message("stopped sync job " + s.database() + "." + s.name());
      }

      @Override
      public StatementResult visit(Statement.ShowSyncJob s) {
        return StatementResult.table(SHOW_COLUMNS, show(s.database()));
      }
    });
  }

  /**
   * Creates and starts a job after checking it against the other jobs and the validator; returns its id.
   *
   * @throws JobValidationException when the job conflicts with another or fails validation
   */
  public long create(JobDefinition def) {
    synchronized (this) {
      checkOpen();
      checkConflicts(def);
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
    checkConflicts(def);
    long id = nextId();
    Job job = new Job(id, def, JobRecord.created(now()));
    store.put("jobs/" + id + "/definition", JobCodec.writeDefinition(id, def));
    persist(job);
    jobs.put(id, job);
    LOG.info("created sync job {}: {}", job.label(), def);
    startRuntime(job);
    return id;
  }

  /** Creates the job unless an active job of the same name exists; returns whether it created one. */
  public boolean createIfAbsent(JobDefinition def) {
    Optional<Job> existing;
    synchronized (this) {
      existing = active(def.database(), def.name());
    }
    if (existing.isPresent()) {
      if (!sameJob(existing.get().def, def)) {
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

  /** Whether {@code existing} was created from {@code def} (a {@code latest} start was fixed at creation). */
  private static boolean sameJob(JobDefinition existing, JobDefinition def) {
    if (existing.equals(def)) {
      return true;
    }
    return SourceSpec.LATEST.equals(def.source().startPosition()) && existing.toBuilder()
        .source(existing.source().toBuilder().startPosition(SourceSpec.LATEST).build()).build().equals(def);
  }

  /** PAUSE SYNC JOB: RUNNING or PENDING -> PAUSED. */
  public synchronized void pause(String database, String name) {
    checkOpen();
    Job job = require(database, name);
    JobState s = job.record.state();
    if (s != JobState.RUNNING && s != JobState.PENDING) {
      throw new IllegalStateException("sync job " + job.def.qualifiedName() + " is " + s + ", not RUNNING; "
          + "nothing to pause");
    }
    if (job.runtime != null) {
      job.runtime.pause();
    }
    moveTo(job, JobState.PAUSED, "paused by user");
  }

  /**
   * RESUME SYNC JOB: PAUSED -> RUNNING; with {@code skipDdlAt}, skips the refused DDL at that position. After a
   * restart the job's new runtime first reads up to the refused DDL again (waiting at most the skip wait); returns
   * a note for the user, empty when there is none.
   */
  public String resume(String database, String name, String skipDdlAt) {
    Job job;
    SyncEngine.Job fresh;
    synchronized (this) {
      checkOpen();
      job = require(database, name);
      JobState s = job.record.state();
      if (s != JobState.PAUSED) {
        throw new IllegalStateException("sync job " + job.def.qualifiedName() + " is " + s + ", not PAUSED; "
            + "nothing to resume");
      }
      if (job.runtime != null) {
        if (skipDdlAt != null) {
          LOG.warn("sync job {}: user skips the refused DDL at {}", job.label(), skipDdlAt);
          job.runtime.skipDdl(skipDdlAt);
        }
        job.runtime.resume();
        moveTo(job, JobState.RUNNING, "");
        return "";
      }
      startRuntime(job);
      if (job.record.state() != JobState.RUNNING) {
        throw new IllegalStateException("sync job " + job.def.qualifiedName() + " did not start: "
            + job.record.message());
      }
      if (skipDdlAt == null) {
        return "";
      }
      fresh = job.runtime;
    }
    // a runtime started after a restart knows the refused DDL only once it reads it again and pauses there
    long deadline = System.nanoTime() + skipWait.toNanos();
    while (fresh.state() == JobState.RUNNING && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    synchronized (this) {
      if (job.runtime == fresh && fresh.state() == JobState.PAUSED) {
        LOG.warn("sync job {}: user skips the refused DDL at {}", job.label(), skipDdlAt);
        fresh.skipDdl(skipDdlAt);
        fresh.resume();
        moveTo(job, JobState.RUNNING, "");
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
    Job job = require(database, name);
    if (job.runtime != null) {
      job.runtime.stop();
      job.runtime = null;
    }
    moveTo(job, JobState.CANCELLED, "stopped by user");
  }

  /** SHOW SYNC JOB rows for {@code database} (null for all), after refreshing states from the runtimes. */
  public synchronized List<List<String>> show(String database) {
    checkOpen();
    refresh();
    List<List<String>> rows = new ArrayList<>();
    for (Job job : jobs.values()) {
      if (database != null && !database.equals(job.def.database())) {
        continue;
      }
      SyncStatus st = job.runtime == null ? SyncStatus.empty() : safeStatus(job);
      rows.add(List.of(String.valueOf(job.id), job.def.name(), "MYSQL", job.record.state().name(),
          job.def.channels().stream().map(ChannelSpec::toString).collect(Collectors.joining(", ")),
          statusText(st), jobConfig(job.def), time(job.record.createTime()), time(job.record.lastStartTime()),
          time(job.record.lastStopTime()), time(job.record.finishTime()), job.record.message()));
    }
    return rows;
  }

  /** Every job, after refreshing states from the runtimes. */
  public synchronized List<JobSnapshot> jobs() {
    checkOpen();
    refresh();
    List<JobSnapshot> out = new ArrayList<>();
    for (Job job : jobs.values()) {
      out.add(new JobSnapshot(job.id, job.def, job.record, job.runtime == null ? null : safeStatus(job)));
    }
    return out;
  }

  /** Persists state changes the runtimes made on their own (a pause on error, a cancel on a dropped table). */
  public synchronized void refresh() {
    if (closed) {
      return;
    }
    for (Job job : jobs.values()) {
      if (job.runtime == null) {
        continue;
      }
      JobState live;
      String msg;
      try {
        live = job.runtime.state();
        msg = job.runtime.message();
      } catch (RuntimeException e) {
        LOG.warn("sync job {}: reading its state failed", job.label(), e);
        continue;
      }
      msg = msg == null ? "" : msg;
      if (live == JobState.PENDING) {
        continue;
      }
      if (live != job.record.state() || !msg.equals(job.record.message())) {
        if (live != job.record.state()) {
          LOG.info("sync job {} went {} -> {}{}", job.label(), job.record.state(), live,
              msg.isEmpty() ? "" : ": " + msg);
        }
        moveTo(job, live, msg);
        if (live == JobState.CANCELLED) {
          job.runtime = null;
        }
      }
    }
  }

  /**
   * Stops every runtime without changing the persisted states, so that the next {@link #start()} resumes the jobs
   * that were RUNNING.
   */
  @Override
  public void close() {
    List<Job> running;
    synchronized (this) {
      if (closed) {
        return;
      }
      refresh();
      closed = true;
      running = new ArrayList<>();
      for (Job job : jobs.values()) {
        if (job.runtime != null) {
          running.add(job);
        }
      }
    }
    for (Job job : running) {
      try {
        JobState s = job.runtime.state();
        if (s == JobState.RUNNING || s == JobState.PENDING) {
          job.runtime.pause();
        }
      } catch (RuntimeException e) {
        LOG.warn("sync job {}: stopping it on shutdown failed", job.label(), e);
      }
    }
    LOG.info("job manager closed; {} jobs stopped for shutdown", running.size());
  }

  // ---------------------------------------------------------------------------------------------------------------

  private void startRuntime(Job job) {
    Optional<String> tooBig = job.def.commitPolicy().checkHeap(Runtime.getRuntime().maxMemory());
    if (tooBig.isPresent()) { // a job saved by an older version, or a process started with a smaller heap
      LOG.error("sync job {} cannot start: {}", job.label(), tooBig.get());
      moveTo(job, JobState.PAUSED, "cannot start: " + tooBig.get() + "; then RESUME SYNC JOB "
          + job.def.qualifiedName());
      return;
    }
    try {
      SyncEngine.Job rt = engine.create(job.id, job.def, store.scoped("jobs/" + job.id + "/sync"),
          SyncEngine.Listener.NONE);
      job.runtime = rt;
      rt.start();
      job.record = job.record.started(now()); // LastStartTime: when this runtime started, also after a restart
      persist(job);
    } catch (RuntimeException | LinkageError | OutOfMemoryError e) { // one job's failure never takes the others down
      LOG.error("sync job {} cannot start", job.label(), e);
      if (job.runtime != null) {
        try {
          job.runtime.stop();
        } catch (RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
        job.runtime = null;
      }
      moveTo(job, JobState.PAUSED, "cannot start: " + e.getMessage() + "; fix it and RESUME SYNC JOB "
          + job.def.qualifiedName());
    }
  }

  private SyncStatus safeStatus(Job job) {
    try {
      SyncStatus s = job.runtime.status();
      return s == null ? SyncStatus.empty() : s;
    } catch (RuntimeException e) {
      LOG.warn("sync job {}: reading its status failed", job.label(), e);
      return SyncStatus.empty();
    }
  }

  private void moveTo(Job job, JobState next, String message) {
    job.record = job.record.moveTo(next, message, now());
    persist(job);
  }

  private void persist(Job job) {
    store.put("jobs/" + job.id + "/record", JobCodec.writeRecord(job.record));
  }

  private long nextId() {
    long next = store.get(COUNTER).map(b -> JobCodec.readCounter(COUNTER, b)).orElse(1L);
    for (long used : jobs.keySet()) {
      next = Math.max(next, used + 1);
    }
    store.put(COUNTER, JobCodec.writeCounter(next + 1));
    return next;
  }

  private Optional<Job> active(String database, String name) {
    return jobs.values().stream().filter(j -> j.def.database().equals(database) && j.def.name().equals(name)
        && j.record.state() != JobState.CANCELLED).findFirst();
  }

  private Job require(String database, String name) {
    Optional<Job> a = active(database, name);
    if (a.isPresent()) {
      return a.get();
    }
    boolean cancelled = jobs.values().stream().anyMatch(j -> j.def.database().equals(database)
        && j.def.name().equals(name));
    if (cancelled) {
      throw new IllegalStateException("sync job " + database + "." + name + " is CANCELLED, which is final; "
          + "create a new job");
    }
    throw new IllegalArgumentException("no sync job " + database + "." + name + "; SHOW SYNC JOB FROM " + database
        + " lists the jobs");
  }

  private void checkConflicts(JobDefinition def) {
    Optional<Job> same = active(def.database(), def.name());
    if (same.isPresent()) {
      throw new JobValidationException("sync job " + def.qualifiedName() + " already exists (id " + same.get().id
          + ", " + same.get().record.state() + "); STOP SYNC JOB " + def.qualifiedName()
          + " first or choose another name");
    }
    SourceSpec src = def.source();
    Set<String> schemas = def.channels().stream().map(ChannelSpec::sourceSchema).collect(Collectors.toSet());
    for (Job other : jobs.values()) {
      if (other.record.state() == JobState.CANCELLED) {
        continue;
      }
      SourceSpec os = other.def.source();
      boolean sameServer = os.host().equalsIgnoreCase(src.host()) && os.port() == src.port();
      if (sameServer) {
        for (ChannelSpec c : other.def.channels()) {
          if (schemas.contains(c.sourceSchema())) {
            throw new JobValidationException("sync job " + other.label() + " already reads schema "
                + c.sourceSchema() + " from " + src.host() + ":" + src.port() + "; one job per MySQL server "
                + "and schema set: STOP it and create one job with all the channels");
          }
        }
        if (src.serverId().isPresent() && src.serverId().equals(os.serverId())) {
          throw new JobValidationException("mysql.server_id " + src.serverId().getAsLong() + " is already used by "
              + "sync job " + other.label() + " on " + src.host() + ":" + src.port() + "; choose another");
        }
      }
      Set<String> targets = new HashSet<>();
      for (ChannelSpec c : other.def.channels()) {
        targets.add(c.isWholeDatabase() ? c.targetDatabase() + ".*" : c.target());
      }
      for (ChannelSpec c : def.channels()) {
        boolean clash = targets.contains(c.isWholeDatabase() ? c.targetDatabase() + ".*" : c.target())
            || targets.contains(c.targetDatabase() + ".*")
            || (c.isWholeDatabase() && other.def.channels().stream()
                .anyMatch(o -> o.targetDatabase().equals(c.targetDatabase())));
        if (clash) {
          throw new JobValidationException("target " + c.target() + " is already loaded by sync job "
              + other.label() + "; a Doris table takes one source: choose another target");
        }
      }
    }
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

  private String time(long millis) {
    if (millis == JobRecord.NONE) {
      return "N/A";
    }
    ZoneId zone = clock.getZone();
    return TIME.format(Instant.ofEpochMilli(millis).atZone(zone));
  }

  private String statusText(SyncStatus s) {
    StringBuilder sb = new StringBuilder("position:").append(s.position() == null ? "N/A" : s.position())
        .append(", executeTime:[").append(s.executeTimeMillis() <= 0 ? "N/A" : time(s.executeTimeMillis()))
        .append("], delay:").append(s.delayMillis()).append("ms");
    if (s.gtid() != null && !s.gtid().isEmpty()) {
      sb.append(", gtid(").append(s.gtid()).append(')');
    }
    s.notSynced().forEach((t, why) -> sb.append(", NOT SYNCED ").append(t).append(": ").append(why));
    return sb.toString();
  }

  /** The job's configuration for SHOW SYNC JOB, without the password. */
  static String jobConfig(JobDefinition def) {
    SourceSpec s = def.source();
    Map<String, String> m = new LinkedHashMap<>();
    m.put("address", s.host() + ":" + s.port());
    m.put("user", s.user());
    m.put("serverId", s.serverId().isPresent() ? String.valueOf(s.serverId().getAsLong()) : "auto");
    m.put("startPosition", s.startPosition());
    m.putAll(def.properties());
    return m.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(", "));
  }

  /** Builds a {@link JobManager}. */
  public static final class Builder {
    private StateStore store;
    private SyncEngine engine;
    private JobValidator validator;
    private StartResolver startResolver;
    private boolean startPaused;
    private Clock clock;
    private java.time.Duration skipWait = java.time.Duration.ofSeconds(60);

    private Builder() {
    }

    /** How long RESUME ... SKIP DDL waits, after a restart, for the job to read up to the refused DDL again. */
    public Builder skipWait(java.time.Duration skipWait) {
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
