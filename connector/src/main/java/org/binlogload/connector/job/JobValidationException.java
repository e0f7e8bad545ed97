package org.binlogload.connector.job;

/** A job definition that is well formed but cannot run, e.g. wrong credentials or a target that is not UNIQUE KEY. */
public final class JobValidationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error whose message names what is wrong and how to fix it. */
  public JobValidationException(String message) {
    super(message);
  }

  /** An error with its cause. */
  public JobValidationException(String message, Throwable cause) {
    super(message, cause);
  }
}
