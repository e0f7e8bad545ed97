package org.binlogload.connector.doris;

/** A failure talking to Doris, classified by {@link ErrorKind} and naming the table, label and transaction involved. */
public class DorisException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorKind kind;
  private final String table;
  private final String label;
  private final long txnId;

  /** Creates an exception; {@code table} is {@code db.table} or {@code db}, {@code label} and {@code txnId} may be null / -1. */
  public DorisException(ErrorKind kind, String message, String table, String label, long txnId, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.table = table;
    this.label = label;
    this.txnId = txnId;
  }

  /** The classified kind. */
  public ErrorKind kind() {
    return kind;
  }

  /** Whether retrying may help; the same answer {@link DorisErrorClassifier#isRetryable(Throwable)} gives. */
  public boolean retryable() {
    return kind.retryable();
  }

  /** {@code db.table} (or {@code db}) the operation was about, or null. */
  public String table() {
    return table;
  }

  /** The Stream Load label, or null. */
  public String label() {
    return label;
  }

  /** The Doris transaction id, or -1 when unknown. */
  public long txnId() {
    return txnId;
  }
}
