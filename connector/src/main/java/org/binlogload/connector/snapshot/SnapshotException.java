package org.binlogload.connector.snapshot;

/** A snapshot that could not go on; the message names the table, chunk and label (or the source) and the cause. */
public final class SnapshotException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}. */
  public SnapshotException(String message, Throwable cause) {
    super(message, cause);
  }
}
