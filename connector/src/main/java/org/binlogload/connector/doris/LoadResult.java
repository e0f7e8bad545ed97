package org.binlogload.connector.doris;

/** Doris's answer to one Stream Load, parsed from its JSON body. */
public final class LoadResult {
  /** The {@code Status} field of a Stream Load answer. */
  public enum Status {
    /** {@code Success}. */
    SUCCESS,
    /** {@code Publish Timeout}: committed, visible later. */
    PUBLISH_TIMEOUT,
    /** {@code Label Already Exists}; see {@link LoadResult#existingJobStatus()}. */
    LABEL_ALREADY_EXISTS,
    /** {@code Fail}. */
    FAIL
  }

  /** The {@code ExistingJobStatus} field of a {@code Label Already Exists} answer. */
  public enum ExistingJobStatus {
    /** The earlier load under this label is still preparing. */
    RUNNING,
    /** The earlier load finished its first phase and waits for commit or abort. */
    PRECOMMITTED,
    /** The earlier load is committed or visible. */
    FINISHED
  }

  private final String table;
  private final String label;
  private final Status status;
  private final ExistingJobStatus existingJobStatus;
  private final long txnId;
  private final boolean twoPhaseCommit;
  private final String message;
  private final long totalRows;
  private final long loadedRows;
  private final long filteredRows;
  private final long unselectedRows;
  private final long loadBytes;
  private final long loadTimeMs;
  private final String errorUrl;
  private final long bodyBytes;
  private final int attempts;

  private LoadResult(Builder b) {
    this.table = b.table;
    this.label = b.label;
    this.status = b.status;
    this.existingJobStatus = b.existingJobStatus;
    this.txnId = b.txnId;
    this.twoPhaseCommit = b.twoPhaseCommit;
    this.message = b.message;
    this.totalRows = b.totalRows;
    this.loadedRows = b.loadedRows;
    this.filteredRows = b.filteredRows;
    this.unselectedRows = b.unselectedRows;
    this.loadBytes = b.loadBytes;
    this.loadTimeMs = b.loadTimeMs;
    this.errorUrl = b.errorUrl;
    this.bodyBytes = b.bodyBytes;
    this.attempts = b.attempts;
  }

  static Builder builder() {
    return new Builder();
  }

  Builder toBuilder() {
    Builder b = new Builder();
    b.table = table;
    b.label = label;
    b.status = status;
    b.existingJobStatus = existingJobStatus;
    b.txnId = txnId;
    b.twoPhaseCommit = twoPhaseCommit;
    b.message = message;
    b.totalRows = totalRows;
    b.loadedRows = loadedRows;
    b.filteredRows = filteredRows;
    b.unselectedRows = unselectedRows;
    b.loadBytes = loadBytes;
    b.loadTimeMs = loadTimeMs;
    b.errorUrl = errorUrl;
    b.bodyBytes = bodyBytes;
    b.attempts = attempts;
    return b;
  }

  /** Whether the data waits PRECOMMITTED under {@link #txnId()}: a fresh two-phase load, or the label's earlier load. */
  public boolean isPrecommitted() {
    return (status == Status.SUCCESS && twoPhaseCommit)
        || (status == Status.LABEL_ALREADY_EXISTS && existingJobStatus == ExistingJobStatus.PRECOMMITTED);
  }

  /** Whether the data is committed (a one-phase success, a publish timeout, or the label's earlier load FINISHED). */
  public boolean isCommitted() {
    return (status == Status.SUCCESS && !twoPhaseCommit) || status == Status.PUBLISH_TIMEOUT
        || (status == Status.LABEL_ALREADY_EXISTS && existingJobStatus == ExistingJobStatus.FINISHED);
  }

  /** {@code db.table}. */
  public String table() {
    return table;
  }

  /** The label. */
  public String label() {
    return label;
  }

  /** The {@code Status}. */
  public Status status() {
    return status;
  }

  /** The {@code ExistingJobStatus}, or null when the label was new. */
  public ExistingJobStatus existingJobStatus() {
    return existingJobStatus;
  }

  /** The transaction id ({@code TxnId}, or the one named in the {@code Label Already Exists} message), or -1. */
  public long txnId() {
    return txnId;
  }

  /** Whether the load was two-phase. */
  public boolean twoPhaseCommit() {
    return twoPhaseCommit;
  }

  /** Doris's {@code Message}. */
  public String message() {
    return message;
  }

  /** {@code NumberTotalRows}. */
  public long totalRows() {
    return totalRows;
  }

  /** {@code NumberLoadedRows}. */
  public long loadedRows() {
    return loadedRows;
  }

  /** {@code NumberFilteredRows}. */
  public long filteredRows() {
    return filteredRows;
  }

  /** {@code NumberUnselectedRows}. */
  public long unselectedRows() {
    return unselectedRows;
  }

  /** {@code LoadBytes}. */
  public long loadBytes() {
    return loadBytes;
  }

  /** {@code LoadTimeMs}. */
  public long loadTimeMs() {
    return loadTimeMs;
  }

  /** {@code ErrorURL}, or null. */
  public String errorUrl() {
    return errorUrl;
  }

  /** Bytes of body this client sent in the attempt that produced this answer. */
  public long bodyBytes() {
    return bodyBytes;
  }

  /** Attempts made, including the one that produced this answer. */
  public int attempts() {
    return attempts;
  }

  @Override
  public String toString() {
    return "LoadResult{" + table + ", label=" + label + ", status=" + status
        + (existingJobStatus != null ? "/" + existingJobStatus : "") + ", txnId=" + txnId
        + ", loaded=" + loadedRows + "/" + totalRows + ", filtered=" + filteredRows + ", bodyBytes=" + bodyBytes
        + ", attempts=" + attempts + (message != null && !message.isEmpty() ? ", message=" + message : "") + "}";
  }

  static final class Builder {
    String table;
    String label;
    Status status;
    ExistingJobStatus existingJobStatus;
    long txnId = -1;
    boolean twoPhaseCommit;
    String message;
    long totalRows;
    long loadedRows;
    long filteredRows;
    long unselectedRows;
    long loadBytes;
    long loadTimeMs;
    String errorUrl;
    long bodyBytes;
    int attempts = 1;

    LoadResult build() {
      return new LoadResult(this);
    }
  }
}
