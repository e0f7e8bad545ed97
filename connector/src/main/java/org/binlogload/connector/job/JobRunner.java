package org.binlogload.connector.job;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs on the {@link SyncEngine} and keeps each job's persisted {@link JobRecord} in step with its engine job.
 *
 * <p>Two kinds of change reach a record. The moves the manager asks for ({@link #moveTo}), after which the manager
 * calls {@link #follow} so that a change the engine job made meanwhile is not lost. And the changes the engine job
 * makes on its own (a pause on an error, a cancel on a dropped table, waiting to retry, healing), which it tells its
 * {@link SyncEngine.Listener}: the record in memory follows at once, on the job's thread, so that SHOW sees it, and
 * the record is written to the store on this runner's own thread, so that a slow store (Doris during an outage)
 * never holds up the job. Either way the record is taken from the engine job's state as it is then, never from the
 * event's arguments, so that an event that arrives late cannot undo a newer change.
 *
 * <p>Locks: a job's monitor guards its record and runtime in memory and is held only briefly; writes of a job's
 * record are serialized on {@link ManagedJob#persisting} and always write the newest record, so the store ends with
 * the newest one whatever the order of the writers.
 */
final class JobRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

  private final JobStore store;
  private final SyncEngine engine;
  private final Clock clock;
  private ExecutorService writer; // made at the first change a job tells
  private volatile boolean closed;

  JobRunner(JobStore store, SyncEngine engine, Clock clock) {
    this.store = store;
    this.engine = engine;
    this.clock = clock;
  }

  /**
   * Creates and starts the job's engine job; RUNNING with a new LastStartTime (or what the engine job says at once),
   * or PAUSED with the reason when it cannot start (one job's failure never takes the others down). Returns whether
   * it started.
   */
  boolean start(ManagedJob job) {
    Optional<String> tooBig = job.def.commitPolicy().checkHeap(Runtime.getRuntime().maxMemory());
    if (tooBig.isPresent()) { // a job saved by an older version, or a process started with a smaller heap
      LOG.error("sync job {} cannot start: {}", job.label(), tooBig.get());
      moveTo(job, JobState.PAUSED, "cannot start: " + tooBig.get() + "; then RESUME SYNC JOB "
          + job.def.qualifiedName());
      return false;
    }
    try {
      Watch watch = new Watch(job);
      SyncEngine.Job rt = engine.create(job.id, job.def, store.engineScope(job.id), watch);
      watch.runtime = rt;
      job.runtime = rt;
      rt.start();
      synchronized (job) {
        job.record = job.record.started(now()); // LastStartTime: when this runtime started, also after a restart
      }
      persist(job);
      follow(job);
      return true;
    } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
      LOG.error("sync job {} cannot start", job.label(), e);
      SyncEngine.Job rt = job.runtime;
      job.runtime = null;
      if (rt != null) {
        try {
          rt.stop();
        } catch (RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      moveTo(job, JobState.PAUSED, "cannot start: " + e.getMessage() + "; fix it and RESUME SYNC JOB "
          + job.def.qualifiedName());
      return false;
    }
  }

  /**
   * After ALTER SYNC JOB: a RUNNING job's engine job commits its open round and stops, and a new one starts from the
   * committed position with the new definition (returns true); a PAUSED job's engine job is let go, so that RESUME
   * starts a new one (returns false).
   */
  boolean restart(ManagedJob job) {
    SyncEngine.Job rt = job.runtime;
    boolean running = job.state() == JobState.RUNNING;
    if (rt != null) {
      job.runtime = null; // from here on what it reports is stale
      if (rt.state() == JobState.RUNNING || rt.state() == JobState.PENDING) {
        rt.pause(); // commits the open round and keeps the position; the job's record stays RUNNING
      }
    }
    return running && start(job);
  }

  /** Resumes the job's engine job {@code rt}, first skipping the refused DDL at {@code skipDdlAt} when not null. */
  void resume(ManagedJob job, SyncEngine.Job rt, String skipDdlAt) {
    if (skipDdlAt != null) {
      LOG.warn("sync job {}: user skips the refused DDL at {}", job.label(), skipDdlAt);
      rt.skipDdl(skipDdlAt);
    }
    rt.resume();
    moveTo(job, JobState.RUNNING, "");
    follow(job); // a job that failed again at once is PAUSED with the reason
  }

  /** Waits at most {@code wait} for {@code rt} to leave RUNNING (a new runtime pauses at a refused DDL it reads). */
  static void awaitLeavingRunning(SyncEngine.Job rt, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (rt.state() == JobState.RUNNING && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Stops the job's engine job for good, if it has one; it tells nothing more after this. */
  void stop(ManagedJob job) {
    SyncEngine.Job rt = job.runtime;
    if (rt != null) {
      rt.stop();
      job.runtime = null;
    }
  }

  /** Moves the job's record to {@code next} with {@code message} and writes it. */
  void moveTo(ManagedJob job, JobState next, String message) {
    synchronized (job) {
      job.record = job.record.moveTo(next, message, now());
    }
    persist(job);
  }

  /** Takes the engine job's state and message into the record and writes it, if they differ. */
  void follow(ManagedJob job) {
    SyncEngine.Job rt = job.runtime;
    if (rt != null && take(job, rt)) {
      persist(job);
    }
  }

  /** Whether the record changed to the engine job's state and message; false when {@code rt} is not the job's. */
  private boolean take(ManagedJob job, SyncEngine.Job rt) {
    JobState live;
    String msg;
    try {
      live = rt.state();
      msg = rt.message();
    } catch (RuntimeException e) {
      LOG.warn("sync job {}: reading its state failed", job.label(), e);
      return false;
    }
    String message = msg == null ? "" : msg;
    synchronized (job) {
      JobRecord r = job.record;
      if (job.runtime != rt || live == JobState.PENDING || (live == r.state() && message.equals(r.message()))) {
        return false;
      }
      if (live != r.state()) {
        LOG.info("sync job {} went {} -> {}{}", job.label(), r.state(), live, message.isEmpty() ? "" : ": " + message);
      }
      job.record = r.moveTo(live, message, now());
      if (live == JobState.CANCELLED) {
        job.runtime = null;
      }
      return true;
    }
  }

  /** Writes the job's newest record. */
  private void persist(ManagedJob job) {
    synchronized (job.persisting) {
      job.writeQueued.set(false);
      store.saveRecord(job.id, job.record);
    }
  }

  /** The listener of one engine job of one managed job. */
  private final class Watch implements SyncEngine.Listener {
    private final ManagedJob job;
    private volatile SyncEngine.Job runtime;

    Watch(ManagedJob job) {
      this.job = job;
    }

    @Override
    public void changed(JobState state, String message) {
      SyncEngine.Job rt = runtime;
      if (closed || rt == null || !take(job, rt) || job.writeQueued.getAndSet(true)) {
        return; // closing (the next start resumes from the records as they are), stale, unchanged, or queued
      }
      try {
        writer().execute(() -> {
          try {
            persist(job);
          } catch (RuntimeException e) {
            LOG.warn("sync job {}: writing its state {} failed; it is written again at its next change",
                job.label(), job.record.state(), e);
          }
        });
      } catch (RejectedExecutionException e) {
        job.writeQueued.set(false); // closed meanwhile
      }
    }
  }

  private synchronized ExecutorService writer() {
    if (closed) {
      throw new RejectedExecutionException("closed");
    }
    if (writer == null) {
      writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "job-state-writer");
        t.setDaemon(true);
        return t;
      });
    }
    return writer;
  }

  /**
   * Stops taking the engine jobs' own changes and writes those already taken; the engine jobs keep running (the
   * manager pauses them without changing their records).
   */
  @Override
  public void close() {
    ExecutorService w;
    synchronized (this) {
      closed = true;
      w = writer;
    }
    if (w == null) {
      return;
    }
    w.shutdown();
    try {
      if (!w.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("job states still being written after 30 s; left to the next start");
        w.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      w.shutdownNow();
    }
  }

  private long now() {
    return clock.millis();
  }
}
