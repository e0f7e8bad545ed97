package org.binlogload.connector.sync;

/**
 * One step of a job's run; every run (start, resume, retry) runs the job's phases in order: today create the tables,
 * then stream the binlog. A phase whose work is done and persisted returns at once.
 */
interface Phase {
  /** The phase's name, for logs and status. */
  String name();

  /** Runs the phase over {@code run}; returns when it is done or the job is no longer RUNNING. */
  void run(RunContext run);
}
