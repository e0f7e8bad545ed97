package org.binlogload.connector.sync;

import org.binlogload.canal.DdlEvent;

/** A DDL the job cannot apply; the job pauses with this message until resumed or the statement is skipped. */
public final class DdlRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient DdlEvent ddl;
  private final String reason;

  DdlRefusedException(String job, DdlEvent ddl, String reason, String remedy) {
    this(job, ddl, reason, remedy, null);
  }

  DdlRefusedException(String job, DdlEvent ddl, String reason, String remedy, Throwable cause) {
    this(cause, "DDL refused at " + ddl.position() + ": [" + ddl.sql() + "]: " + reason + ". To continue: " + remedy
        + "; then RESUME to retry, or, once the change is applied by hand in Doris, skip exactly this statement with"
        + " RESUME SYNC JOB " + job + " SKIP DDL AT \"" + ddl.position() + "\"", ddl, reason);
  }

  private DdlRefusedException(Throwable cause, String message, DdlEvent ddl, String reason) {
    super(message, cause);
    this.ddl = ddl;
    this.reason = reason;
  }

  /** A DDL applied to Doris that leaves the rows Doris held before it different from MySQL's, in {@code where}. */
  static DdlRefusedException rowsDiffer(String job, DdlEvent ddl, java.util.List<String> where) {
    String reason = "the rows Doris held before it now differ from MySQL's in " + String.join("; ", where);
    return new DdlRefusedException(null, "DDL at " + ddl.position() + " was applied to Doris: [" + ddl.sql() + "], but "
        + reason + ". MySQL changed those rows inside the DDL, so no later binlog event repairs them. To continue: "
        + "copy those columns from MySQL into Doris (an UPDATE in Doris, or re-create the job for the table), then "
        + "accept with RESUME SYNC JOB " + job + " SKIP DDL AT \"" + ddl.position() + "\" (a plain RESUME stops here "
        + "again); rows after the DDL then flow as usual", ddl, reason);
  }

  /** Why the statement was refused. */
  public String reason() {
    return reason;
  }

  /** The refused statement. */
  public DdlEvent ddl() {
    return ddl;
  }
}
