package org.binlogload.connector.sync;

import java.util.List;
import java.util.Optional;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.connector.load.LoadRow;

/** The Doris side of a job: two-phase loads, commit and abort, and DDL (the Doris client in production). */
public interface Sink {
  /**
   * Loads {@code rows} into {@code db.table} under {@code label} with two-phase commit and returns the id of the
   * PRECOMMITTED transaction; a label that is already PRECOMMITTED answers with its transaction id.
   */
  long prepare(String db, String table, String label, List<LoadRow> rows);

  /** Commits transaction {@code txnId} (label {@code label}); a transaction already committed or visible is success. */
  void commit(String db, long txnId, String label);

  /**
   * Aborts the transaction of {@code label} on {@code db.table} if it is PRECOMMITTED or running; an unknown or
   * aborted label is success; a label found committed is an error (it contradicts the job's undecided round).
   */
  void abort(String db, String table, String label);

  /** Runs one Doris statement in {@code db}. */
  void execute(String db, String statement);

  /** Waits until no schema-change job of {@code db.table} is pending or running; fails if the last one was cancelled. */
  void awaitSchemaChange(String db, String table);

  /** Whether {@code db.table} exists in Doris. */
  boolean tableExists(String db, String table);

  /** Whether a failure of this sink may pass when the job retries the whole round. */
  default boolean isRetryable(Throwable t) {
    return false;
  }

  /**
   * What fixes a failure of this sink when the target refused something ({@link DorisRemedy}): the job ends its pause
   * message with it. {@code job} is the job's name, {@code committed} its committed position (or null).
   */
  default Optional<DorisRemedy.Fix> remedy(Throwable t, String job, BinlogPosition committed) {
    return Optional.empty();
  }

  /**
   * Whether the target's refusal of a schema statement sent again (its first answer lost in a crash) says that the
   * change is already in place; only such a re-send is ever asked.
   */
  default boolean alreadyApplied(Throwable t) {
    return false;
  }

  /** Whether a failure says the target table is gone (the job is cancelled then). */
  default boolean isTableGone(Throwable t) {
    return false;
  }
}
