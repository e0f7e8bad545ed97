package org.binlogload.connector.sync;

/** Ends the job's run for good: the job becomes CANCELLED (Doris's one final state) with this message. */
class JobEndException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  JobEndException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Whether the end is a failure (logged at ERROR) rather than the job's work being done (logged at INFO). */
  boolean failure() {
    return true;
  }
}
