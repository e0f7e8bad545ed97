package org.binlogload.connector.job;

/** A sync statement that does not parse or validate; the message names what is wrong, where, and what to write. */
public final class SyncStatementException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final int column;

  /** An error at a position of the statement ({@code line} and {@code column} from 1; 0 when not known). */
  public SyncStatementException(String message, int line, int column) {
    super(line > 0 ? "line " + line + ", column " + column + ": " + message : message);
    this.line = line;
    this.column = column;
  }

  /** An error about the statement as a whole. */
  public SyncStatementException(String message) {
    this(message, 0, 0);
  }

  /** The line of the error, from 1; 0 when the error is not at a position. */
  public int line() {
    return line;
  }

  /** The column of the error, from 1; 0 when the error is not at a position. */
  public int column() {
    return column;
  }
}
