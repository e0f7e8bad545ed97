package org.binlogload.canal;

/** Reading the binlog failed; {@link #reason()} says why and the message says what to do. Never holds a password. */
public final class BinlogException extends RuntimeException {
  /** Why reading failed. */
  public enum Reason {
    /** The server refused the user or password. */
    AUTHENTICATION,
    /** The user lacks a privilege (REPLICATION SLAVE, REPLICATION CLIENT, SELECT). */
    PRIVILEGE,
    /** {@code log_bin} is OFF. */
    BINLOG_DISABLED,
    /** {@code binlog_format} is not ROW (or {@code binlog_row_image} not FULL). */
    BINLOG_FORMAT,
    /** The position to read from is no longer on the server (error 1236). */
    POSITION_PURGED,
    /** Rows do not match the tracked table definition. */
    SCHEMA_MISMATCH,
    /** A DDL statement could not be parsed to track the schema. */
    UNPARSABLE_DDL,
    /** The server could not be reached or the connection broke. */
    CONNECTION,
    /** The saved cursor cannot be read. */
    CORRUPT_STATE,
    /** The reader is misconfigured. */
    CONFIGURATION,
    /** Anything else the reader could not handle. */
    INTERNAL
  }

  private final Reason reason;
  private final boolean fatal;

  public BinlogException(Reason reason, boolean fatal, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.fatal = fatal;
  }

  public BinlogException(Reason reason, boolean fatal, String message) {
    this(reason, fatal, message, null);
  }

  /** Why reading failed. */
  public Reason reason() {
    return reason;
  }

  /** Whether retrying cannot help until someone changes something (configuration, server, position). */
  public boolean fatal() {
    return fatal;
  }
}
