package org.binlogload.connector.doris;

/** What went wrong talking to Doris; {@link DorisErrorClassifier} decides which kinds are retryable. */
public enum ErrorKind {
  /** Connection refused, reset or closed mid-request. */
  CONNECTION(true),
  /** No answer within the connect, read or load timeout. */
  TIMEOUT(true),
  /** HTTP 5xx from an FE or BE. */
  SERVER_ERROR(true),
  /** Data committed but not yet visible; retrying the commit or accepting it both converge. */
  PUBLISH_TIMEOUT(true),
  /** {@code Table ... is not stable}: a rollup, clone or balance is under way. */
  NOT_STABLE(true),
  /** {@code state(SCHEMA_CHANGE) is not NORMAL}: a heavy schema change is running on the table. */
  SCHEMA_CHANGE_RUNNING(true),
  /** The label's previous load is still RUNNING; retrying with the same label waits for it. */
  LABEL_RUNNING(true),
  /**
   * A tablet holds more versions than the BE's {@code max_tablet_version_num} ({@code [E-235]}, TOO_MANY_VERSION):
   * loads are refused until compaction merges them.
   */
  TOO_MANY_VERSIONS(true),
  /** A transient BE or FE state: a BE being down, a timeout inside Doris, a memory limit. */
  TRANSIENT(true),
  /** Authentication failure: no such user, or a wrong password. */
  AUTH(false),
  /** The user is known but lacks a privilege ({@code ... privilege(s) for this operation}, {@code command denied}). */
  PRIVILEGE(false),
  /** Unknown database. */
  UNKNOWN_DATABASE(false),
  /** Unknown table. */
  UNKNOWN_TABLE(false),
  /** Unknown column, or a column the load does not match. */
  UNKNOWN_COLUMN(false),
  /** Rows were filtered by data quality checks ({@code NumberFilteredRows > 0}). */
  FILTERED_ROWS(false),
  /** A load names a sequence source for a table without one ({@code There is no sequence column in the table t}). */
  NO_SEQUENCE_COLUMN(false),
  /** A table's replication number is larger than the backends can hold ({@code Failed to find enough backend}). */
  NOT_ENOUGH_BACKENDS(false),
  /** The load body is larger than a BE takes ({@code streaming_load_max_mb}: HTTP 413, {@code body exceed max size}). */
  BODY_TOO_LARGE(false),
  /** The BEs refuse two-phase loads ({@code disable_stream_load_2pc}). */
  TWO_PHASE_DISABLED(false),
  /**
   * A PRECOMMITTED transaction to commit is gone: aborted, or expired after the FE's
   * {@code stream_load_default_precommit_timeout_second}.
   */
  TXN_EXPIRED(false),
  /** The label was already committed by a load this caller did not expect to exist. */
  LABEL_ALREADY_COMMITTED(false),
  /** The request was malformed or refused ({@code There is no 100-continue header}, HTTP 4xx, a syntax error). */
  BAD_REQUEST(false),
  /** The transaction to commit or abort is in a state that forbids it. */
  TXN_STATE(false),
  /** A schema change job ended CANCELLED. */
  SCHEMA_CHANGE_CANCELLED(false),
  /** A statement Doris refused for a reason not listed above. */
  SQL_ERROR(false),
  /** A load Doris failed for a reason not listed above. */
  LOAD_FAILED(false),
  /** A row could not be encoded into the JSON body. */
  BAD_ROW(false),
  /** The calling thread was interrupted. */
  INTERRUPTED(false),
  /** The answer was not what Doris documents (not JSON, fields missing). */
  PROTOCOL(false);

  private final boolean retryable;

  ErrorKind(boolean retryable) {
    this.retryable = retryable;
  }

  /** Whether an operation failing with this kind may succeed when retried unchanged. */
  public boolean retryable() {
    return retryable;
  }
}
