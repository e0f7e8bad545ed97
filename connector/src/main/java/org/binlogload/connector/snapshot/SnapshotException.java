package org.binlogload.connector.snapshot;

/** A snapshot that could not go on; the message names the table, chunk and label (or the source) and the cause. */
public final class SnapshotException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String changedTable;

  /** A failure described by {@code message}. */
  public SnapshotException(String message, Throwable cause) {
    this(message, cause, null);
  }

  /** A failure because the definition of {@code changedTable} ({@code schema.table}) changed while it was copied. */
  public SnapshotException(String message, Throwable cause, String changedTable) {
    super(message, cause);
    this.changedTable = changedTable;
  }

  /** The source table whose definition changed during its copy (its copy must restart), or null. */
  public String changedTable() {
    return changedTable;
  }
}
