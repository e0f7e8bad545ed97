package org.binlogload.connector.job;

/** The states of a sync job, as in Doris: PENDING -> RUNNING <-> PAUSED -> CANCELLED (final). */
public enum JobState {
  PENDING,
  RUNNING,
  PAUSED,
  CANCELLED;

  /** Whether no transition leaves this state. */
  public boolean isFinal() {
    return this == CANCELLED;
  }
}
