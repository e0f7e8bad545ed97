package org.binlogload.connector.sync;

/** A source or target table of the job is gone; the job is cancelled with this message. */
public final class TableDroppedException extends JobEndException {
  private static final long serialVersionUID = 1L;

  TableDroppedException(String message, Throwable cause) {
    super(message, cause);
  }
}
