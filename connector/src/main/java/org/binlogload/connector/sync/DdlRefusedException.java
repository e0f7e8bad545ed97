package org.binlogload.connector.sync;

/** A DDL the job cannot apply; the job pauses with this message until resumed or the statement is skipped. */
public final class DdlRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient SourceEvent.Ddl ddl;
  private final String reason;

  DdlRefusedException(String job, SourceEvent.Ddl ddl, String reason, String remedy) {
    this(job, ddl, reason, remedy, null);
  }

  DdlRefusedException(String job, SourceEvent.Ddl ddl, String reason, String remedy, Throwable cause) {
    super("DDL refused at " + ddl.position() + ": [" + ddl.sql() + "]: " + reason + ". To continue: " + remedy
        + "; then RESUME to retry, or, once the change is applied by hand in Doris, skip exactly this statement with"
        + " RESUME SYNC JOB " + job + " SKIP DDL AT \"" + ddl.position() + "\"", cause);
    this.ddl = ddl;
    this.reason = reason;
  }

  /** Why the statement was refused. */
  public String reason() {
    return reason;
  }

  /** The refused statement. */
  public SourceEvent.Ddl ddl() {
    return ddl;
  }
}
