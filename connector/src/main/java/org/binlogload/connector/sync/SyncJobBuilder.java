package org.binlogload.connector.sync;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.binlogload.connector.job.JobDefinition;
import org.binlogload.connector.job.SyncEngine;
import org.binlogload.connector.state.StateStore;

/** Builds a {@link SyncJob}. */
public final class SyncJobBuilder {
  long jobId;
  JobDefinition definition;
  StateStore state;
  Supplier<Source> sources;
  Sink sink;
  DdlPlanner planner;
  SourceCatalog catalog;
  ExecutorService pool;
  Clock clock;
  int maxEvents = 1024;
  Duration pollTimeout = Duration.ofMillis(200);
  int maxRetries = 8;
  Duration retryBackoff = Duration.ofMillis(500);
  Duration stopTimeout = Duration.ofSeconds(30);
  SyncEngine.Listener listener = SyncEngine.Listener.NONE;
  org.binlogload.connector.snapshot.SourceConnections snapshotSource;
  org.binlogload.connector.snapshot.ChunkLoader chunkLoader;
  OnlineCopies.Targets copyTargets;

  SyncJobBuilder() {}

  /** Hears the changes the job makes on its own (a pause on an error, a cancel, retrying and healing). */
  public SyncJobBuilder listener(SyncEngine.Listener l) {
    this.listener = java.util.Objects.requireNonNull(l, "listener");
    return this;
  }

  /** The job's id. */
  public SyncJobBuilder jobId(long id) {
    this.jobId = id;
    return this;
  }

  /** The job's definition. */
  public SyncJobBuilder definition(JobDefinition d) {
    this.definition = d;
    return this;
  }

  /** The job's scoped state store. */
  public SyncJobBuilder state(StateStore s) {
    this.state = s;
    return this;
  }

  /** Opens a fresh binlog source for each run (start, resume, retry). */
  public SyncJobBuilder source(Supplier<Source> s) {
    this.sources = s;
    return this;
  }

  /** The target the job writes to and applies schema changes through. */
  public SyncJobBuilder sink(Sink s) {
    this.sink = s;
    return this;
  }

  /** The DDL translator. */
  public SyncJobBuilder planner(DdlPlanner p) {
    this.planner = p;
    return this;
  }

  /** The source's table definitions. */
  public SyncJobBuilder catalog(SourceCatalog c) {
    this.catalog = c;
    return this;
  }

  /** The one task pool shared by all jobs ({@code max_sync_task_threads_num} threads). */
  public SyncJobBuilder pool(ExecutorService p) {
    this.pool = p;
    return this;
  }

  /** The clock (tests). */
  public SyncJobBuilder clock(Clock c) {
    this.clock = c;
    return this;
  }

  /** Events asked of the source per batch (default 1024). */
  public SyncJobBuilder maxEvents(int n) {
    this.maxEvents = n;
    return this;
  }

  /** How long one poll of the source waits (default 200 ms); bounds how fast pause and stop are seen. */
  public SyncJobBuilder pollTimeout(Duration d) {
    this.pollTimeout = d;
    return this;
  }

  /** Job-level retries of retryable errors before the job pauses (default 8), and the first backoff. */
  public SyncJobBuilder retries(int max, Duration firstBackoff) {
    if (max < 0) {
      throw new IllegalArgumentException("maxRetries < 0");
    }
    this.maxRetries = max;
    this.retryBackoff = firstBackoff;
    return this;
  }

  /** How long pause and stop wait for the runner before interrupting it (default 30 s). */
  public SyncJobBuilder stopTimeout(Duration d) {
    this.stopTimeout = d;
    return this;
  }

  /** Where a job started {@code initial} reads its tables' rows, and how it loads them (its initial snapshot). */
  public SyncJobBuilder snapshot(org.binlogload.connector.snapshot.SourceConnections source,
      org.binlogload.connector.snapshot.ChunkLoader loader) {
    this.snapshotSource = source;
    this.chunkLoader = loader;
    return this;
  }

  /** Where a table copied while the job runs is loaded and how it is swapped in (default: its own table). */
  SyncJobBuilder copyTargets(OnlineCopies.Targets targets) {
    this.copyTargets = targets;
    return this;
  }

  /** The job, PENDING. */
  public SyncJob build() {
    return new SyncJob(this);
  }
}
