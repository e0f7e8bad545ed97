package org.binlogload.connector.job;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job as the job manager holds it: id, definition, persisted record and, while it runs, its engine job. Its
 * monitor guards {@link #record} and {@link #runtime} changes (see {@link JobRunner}).
 */
final class ManagedJob {
  private static final Logger LOG = LoggerFactory.getLogger(ManagedJob.class);

  final long id;
  /** The definition; replaced only by ALTER SYNC JOB, under the job manager's lock. */
  volatile JobDefinition def;
  volatile JobRecord record;
  /** The engine's job while one exists (RUNNING, PAUSED after it ran in this process), else null. */
  volatile SyncEngine.Job runtime;
  /** Held while the record is written, so that writes of this job's record never overtake each other. */
  final Object persisting = new Object();
  /** Whether a write of the record is queued and not yet begun. */
  final AtomicBoolean writeQueued = new AtomicBoolean();

  ManagedJob(long id, JobDefinition def, JobRecord record) {
    this.id = id;
    this.def = def;
    this.record = record;
  }

  /** {@code db.name (id N)}, for messages and logs. */
  String label() {
    return def.qualifiedName() + " (id " + id + ")";
  }

  /** The persisted state. */
  JobState state() {
    return record.state();
  }

  /** Whether this is the active (not CANCELLED) job named {@code database.name}. */
  boolean isActive(String database, String name) {
    return is(database, name) && state() != JobState.CANCELLED;
  }

  /** Whether this job, in any state, is named {@code database.name}. */
  boolean is(String database, String name) {
    return def.database().equals(database) && def.name().equals(name);
  }

  /** The engine job's status, or {@link SyncStatus#empty()} when there is none or it cannot be read. */
  SyncStatus status() {
    SyncEngine.Job rt = runtime;
    if (rt == null) {
      return SyncStatus.empty();
    }
    try {
      SyncStatus s = rt.status();
      return s == null ? SyncStatus.empty() : s;
    } catch (RuntimeException e) {
      LOG.warn("sync job {}: reading its status failed", label(), e);
      return SyncStatus.empty();
    }
  }

  /** A snapshot for readers outside the manager. */
  JobSnapshot snapshot() {
    return new JobSnapshot(id, def, record, runtime == null ? null : status());
  }
}
