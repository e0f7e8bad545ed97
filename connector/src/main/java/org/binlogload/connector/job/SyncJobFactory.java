package org.binlogload.connector.job;

import org.binlogload.connector.state.StateStore;

/** Creates the runtime of a job; the sync runtime provides the real one, tests a fake. */
public interface SyncJobFactory {
  /** A new runtime in state PENDING for job {@code jobId}, keeping its durable state in {@code jobState}. */
  SyncJobRuntime create(long jobId, JobDefinition def, StateStore jobState);
}
