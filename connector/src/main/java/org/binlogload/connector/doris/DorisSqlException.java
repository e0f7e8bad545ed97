package org.binlogload.connector.doris;

/** A statement Doris refused, with its {@code errCode} and {@code detailMessage}. */
public final class DorisSqlException extends DorisException {
  private static final long serialVersionUID = 1L;

  private final int errCode;
  private final String detailMessage;
  private final String statement;

  /** Creates an exception for {@code statement} in {@code db}. */
  public DorisSqlException(ErrorKind kind, String message, String db, String statement, int errCode, String detailMessage) {
    super(kind, message, db, null, -1, null);
    this.errCode = errCode;
    this.detailMessage = detailMessage;
    this.statement = statement;
  }

  /** Doris's {@code errCode}, or -1 when the answer had none. */
  public int errCode() {
    return errCode;
  }

  /** Doris's {@code detailMessage} (or the whole message when it had no such prefix). */
  public String detailMessage() {
    return detailMessage;
  }

  /** The statement that failed. */
  public String statement() {
    return statement;
  }
}
