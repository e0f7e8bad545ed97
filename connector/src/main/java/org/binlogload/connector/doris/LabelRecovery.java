package org.binlogload.connector.doris;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles the labels of the round after the last committed position once a restart found it undecided: each label is
 * probed with an empty two-phase load under it (Doris answers {@code Label Already Exists} with the state of the
 * earlier load, or opens a new txn that is aborted at once), then what is PRECOMMITTED is committed or aborted per the
 * persisted decision, and what is RUNNING is aborted (ABORT) or waited for (COMMIT).
 */
final class LabelRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(LabelRecovery.class);

  private final DorisHttp http;
  private final StreamLoader loader;
  private final Transactions txns;

  LabelRecovery(DorisHttp http, StreamLoader loader, Transactions txns) {
    this.http = http;
    this.loader = loader;
    this.txns = txns;
  }

  List<RecoveryResult> recover(String db, String table, List<Label> labels, RecoveryResult.Decision decision) {
    List<RecoveryResult> out = new ArrayList<>(labels.size());
    for (Label label : labels) {
      String where = db + "." + table;
      out.add(http.retrying("recovery of " + where + " label " + label, where, label.value(),
          DorisException::retryable, attempt -> probe(db, table, label, decision, attempt)));
    }
    return out;
  }

  private RecoveryResult probe(String db, String table, Label label, RecoveryResult.Decision decision, int attempt) {
    String where = db + "." + table;
    LoadRequest probe = LoadRequest.builder().db(db).table(table).label(label).twoPhaseCommit(true).build();
    boolean commit = decision == RecoveryResult.Decision.COMMIT;
    LoadResult r = loader.attempt(probe, Collections::emptyIterator, attempt);
    long txn = r.txnId();
    RecoveryResult.Outcome outcome;
    switch (r.status()) {
      case LABEL_ALREADY_EXISTS:
        outcome = existing(db, where, label, r, commit);
        break;
      case SUCCESS:
        // the label was free and the probe opened a new txn: abort it
        txns.abort(db, txn);
        outcome = RecoveryResult.Outcome.ABSENT;
        break;
      case PUBLISH_TIMEOUT:
        throw http.failure(ErrorKind.PROTOCOL, "recovery of " + where + ": the empty probe under label " + label
            + " was committed as txn " + txn + " although two-phase commit was requested", where, label.value(), txn,
            null);
      case FAIL:
      default:
        outcome = RecoveryResult.Outcome.ABSENT;
        break;
    }
    LOG.info("recovery of {} label {}: decision {} -> {} (txn {})", where, label, decision, outcome, txn);
    return new RecoveryResult(where, label.value(), decision, outcome, txn);
  }

  /** The outcome for a label Doris already knows, settling a PRECOMMITTED or (for ABORT) RUNNING txn. */
  private RecoveryResult.Outcome existing(String db, String where, Label label, LoadResult r, boolean commit) {
    long txn = r.txnId();
    switch (r.existingJobStatus()) {
      case PRECOMMITTED:
        return settle(commit ? txns.commit(db, txn) : txns.abort(db, txn), commit);
      case FINISHED:
        return commit ? RecoveryResult.Outcome.ALREADY_COMMITTED : RecoveryResult.Outcome.CONFLICT;
      case RUNNING:
      default:
        if (commit) {
          throw http.failure(ErrorKind.LABEL_RUNNING, "recovery of " + where + ": label " + label
              + " is still RUNNING as txn " + txn + "; waiting for it to precommit", where, label.value(), txn, null);
        }
        TxnResult a = txns.abort(db, label);
        if (a.outcome() == TxnResult.Outcome.NOT_FOUND) {
          // it precommitted or ended between probe and abort: probe again
          throw http.failure(ErrorKind.LABEL_RUNNING, "recovery of " + where + ": label " + label
              + " changed state during abort", where, label.value(), txn, null);
        }
        return settle(a, false);
    }
  }

  private static RecoveryResult.Outcome settle(TxnResult t, boolean commit) {
    switch (t.outcome()) {
      case COMMITTED:
        return commit ? RecoveryResult.Outcome.COMMITTED : RecoveryResult.Outcome.CONFLICT;
      case ALREADY_COMMITTED:
        return commit ? RecoveryResult.Outcome.ALREADY_COMMITTED : RecoveryResult.Outcome.CONFLICT;
      case ABORTED:
        return RecoveryResult.Outcome.ABORTED;
      case ALREADY_ABORTED:
      case NOT_FOUND:
      default:
        return RecoveryResult.Outcome.ABSENT;
    }
  }
}
