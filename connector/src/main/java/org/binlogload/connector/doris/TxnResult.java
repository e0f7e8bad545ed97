package org.binlogload.connector.doris;

/** The outcome of a 2PC commit or abort: what state the transaction is in now. */
public final class TxnResult {
  /** The outcome of a 2PC operation. */
  public enum Outcome {
    /** This call committed the transaction. */
    COMMITTED,
    /** It was already COMMITTED or VISIBLE: as good as committed. */
    ALREADY_COMMITTED,
    /** This call aborted the transaction. */
    ABORTED,
    /** It was already aborted. */
    ALREADY_ABORTED,
    /** Doris knows no such transaction (or no PRECOMMITTED one under the label): aborted, expired or never loaded. */
    NOT_FOUND
  }

  private final String db;
  private final long txnId;
  private final String label;
  private final Outcome outcome;
  private final String message;

  TxnResult(String db, long txnId, String label, Outcome outcome, String message) {
    this.db = db;
    this.txnId = txnId;
    this.label = label;
    this.outcome = outcome;
    this.message = message;
  }

  /** Whether the data is committed now (committed by this call or before). */
  public boolean isCommitted() {
    return outcome == Outcome.COMMITTED || outcome == Outcome.ALREADY_COMMITTED;
  }

  /** Whether the data will never become visible under this transaction. */
  public boolean isAborted() {
    return outcome == Outcome.ABORTED || outcome == Outcome.ALREADY_ABORTED || outcome == Outcome.NOT_FOUND;
  }

  /** The database. */
  public String db() {
    return db;
  }

  /** The transaction id, or -1 when the operation went by label. */
  public long txnId() {
    return txnId;
  }

  /** The label, or null when the operation went by transaction id. */
  public String label() {
    return label;
  }

  /** The outcome. */
  public Outcome outcome() {
    return outcome;
  }

  /** Doris's {@code msg}. */
  public String message() {
    return message;
  }

  @Override
  public String toString() {
    return "TxnResult{" + db + ", txnId=" + txnId + (label != null ? ", label=" + label : "") + ", " + outcome + ", msg=" + message + "}";
  }
}
