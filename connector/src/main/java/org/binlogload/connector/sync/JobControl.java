package org.binlogload.connector.sync;

import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.DdlEvent;
import org.binlogload.canal.StatementEvent;
import org.binlogload.connector.job.SyncEngine;

/**
 * What the user's statements and the runner tell each other about one job: the DDL or statement it stopped at,
 * what the user chose to pass, whether the reader is connected, and the retry under way; and what the job tells its
 * {@link SyncEngine.Listener} (the changes it makes on its own).
 */
final class JobControl {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobControl.class);

  private final String job;
  volatile DdlEvent refused;
  volatile String refusedReason;
  volatile StatementEvent stoppedAt; // a statement-logged DML on a tracked table the job paused at
  volatile BinlogPosition passStatement;
  volatile BinlogPosition skipAt;
  volatile boolean reading;
  volatile String retrying;

  private final SyncEngine.Listener listener;

  JobControl(String job, SyncEngine.Listener listener) {
    this.job = job;
    this.listener = listener;
  }

  /** The runner delivers again: a retry under way has healed (told to the listener). */
  void delivering() {
    String r = retrying;
    if (r != null) {
      LOG.info("job {}: delivering again after: {}", job, r);
      retrying = null;
      tell(org.binlogload.connector.job.JobState.RUNNING, "");
    }
  }

  /** Tells the listener of a change the job made on its own; never under the job's lock; a failure is logged. */
  void tell(org.binlogload.connector.job.JobState state, String message) {
    try {
      listener.changed(state, message);
    } catch (RuntimeException e) {
      LOG.warn("job {}: the listener of its state failed", job, e);
    }
  }

  /**
   * Records the user's skip of what the job, in {@code state}, waits at {@code p}: a statement-logged DML (returns
   * null) or a refused DDL (returns it); anything else is refused with what the job waits at.
   */
  DdlEvent skip(BinlogPosition p, org.binlogload.connector.job.JobState state) {
    boolean paused = state == org.binlogload.connector.job.JobState.PAUSED;
    StatementEvent st = stoppedAt;
    if (paused && st != null && st.position().equals(p)) {
      passStatement = p;
      LOG.warn("job {}: the user passes the statement-logged DML at {} (its rows repaired by hand): [{}]", job, p,
          st.sql());
      return null;
    }
    DdlEvent r = refused;
    if (!paused || r == null || !r.position().equals(p)) {
      throw new IllegalStateException("job " + job + " has no refused DDL at " + p + "; it is " + state
          + (r == null ? "" : " and waits at the DDL at " + r.position() + ": [" + r.sql() + "]"));
    }
    skipAt = p;
    return r;
  }

  /** Takes the user's skip if it is for {@code p}. */
  boolean takeSkip(BinlogPosition p) {
    if (p.equals(skipAt)) {
      skipAt = null;
      return true;
    }
    return false;
  }

  /** Waits up to {@code timeout} for the runner {@code t} to end, then interrupts it and waits as long again. */
  static void await(Thread t, java.time.Duration timeout) {
    if (t == null || t == Thread.currentThread()) {
      return;
    }
    try {
      t.join(timeout.toMillis());
      if (t.isAlive()) {
        t.interrupt();
        t.join(timeout.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
