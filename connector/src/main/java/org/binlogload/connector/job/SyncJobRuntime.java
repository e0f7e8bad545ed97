package org.binlogload.connector.job;

/** The running side of one sync job, as the job manager drives it; the sync runtime's SyncJob implements it. */
public interface SyncJobRuntime {
  /** Starts reading and loading: PENDING -> RUNNING. */
  void start();

  /** Stops reading after the current round commits, keeping the position: RUNNING -> PAUSED; never hangs. */
  void pause();

  /** Continues from the committed position: PAUSED -> RUNNING (also retries a refused DDL). */
  void resume();

  /** Stops for good: any state -> CANCELLED; never hangs. */
  void stop();

  /** The current state. */
  JobState state();

  /** Why the job paused or was cancelled (statement, position, reason, what to do), or empty. */
  String message();

  /** A snapshot of the job's progress. */
  SyncStatus status();

  /** Skips exactly the refused DDL at {@code position}, once the user applied it by hand; logged. */
  void skipDdl(String position);
}
