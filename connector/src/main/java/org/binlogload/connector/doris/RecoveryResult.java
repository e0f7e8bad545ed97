package org.binlogload.connector.doris;

/** What recovery found and did for one label. */
public final class RecoveryResult {
  /** The decision persisted before the crash for a round of loads. */
  public enum Decision {
    /** The round was decided committed: commit what is PRECOMMITTED. */
    COMMIT,
    /** The round was not decided committed: abort what is PRECOMMITTED or running. */
    ABORT
  }

  /** The label's state after recovery. */
  public enum Outcome {
    /** It was PRECOMMITTED and recovery committed it. */
    COMMITTED,
    /** It was already committed or visible. */
    ALREADY_COMMITTED,
    /** It was PRECOMMITTED or running and recovery aborted it. */
    ABORTED,
    /** No live transaction holds the label (never loaded, aborted or expired); a COMMIT decision must reload it. */
    ABSENT,
    /** It is committed although the decision was ABORT: the caller's state and Doris disagree. */
    CONFLICT
  }

  private final String table;
  private final String label;
  private final Decision decision;
  private final Outcome outcome;
  private final long txnId;

  RecoveryResult(String table, String label, Decision decision, Outcome outcome, long txnId) {
    this.table = table;
    this.label = label;
    this.decision = decision;
    this.outcome = outcome;
    this.txnId = txnId;
  }

  /** {@code db.table}. */
  public String table() {
    return table;
  }

  /** The label. */
  public String label() {
    return label;
  }

  /** The decision applied. */
  public Decision decision() {
    return decision;
  }

  /** The outcome. */
  public Outcome outcome() {
    return outcome;
  }

  /** The transaction id involved, or -1. */
  public long txnId() {
    return txnId;
  }

  @Override
  public String toString() {
    return "RecoveryResult{" + table + ", label=" + label + ", " + decision + " -> " + outcome + ", txnId=" + txnId + "}";
  }
}
