package org.binlogload.connector.job;

import java.util.Objects;

/** One job as the job manager sees it at a moment: id, definition, persisted record and live status. */
public final class JobSnapshot {
  private final long id;
  private final JobDefinition definition;
  private final JobRecord record;
  private final SyncStatus status;

  JobSnapshot(long id, JobDefinition definition, JobRecord record, SyncStatus status) {
    this.id = id;
    this.definition = Objects.requireNonNull(definition, "definition");
    this.record = Objects.requireNonNull(record, "record");
    this.status = status == null ? SyncStatus.empty() : status;
  }

  /** The job id. */
  public long id() {
    return id;
  }

  /** The definition; its {@code toString()} masks the password. */
  public JobDefinition definition() {
    return definition;
  }

  /** State, message and times. */
  public JobRecord record() {
    return record;
  }

  /** The state. */
  public JobState state() {
    return record.state();
  }

  /** The live status, or {@link SyncStatus#empty()} when the job does not run. */
  public SyncStatus status() {
    return status;
  }

  @Override
  public String toString() {
    return "JobSnapshot{" + id + ", " + definition.qualifiedName() + ", " + record.state() + "}";
  }
}
