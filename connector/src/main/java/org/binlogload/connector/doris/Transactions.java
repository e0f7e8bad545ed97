package org.binlogload.connector.doris;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two-phase commit of Stream Loads: {@code PUT /api/{db}/_stream_load_2pc} with {@code txn_operation: commit|abort}
 * by txn id or by label, retried per the retry policy; an already committed txn counts as committed.
 */
final class Transactions {
  private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);
  private static final Pattern ALREADY_COMMITTED =
      Pattern.compile("already (committed|visible)", Pattern.CASE_INSENSITIVE);
  private static final Pattern ALREADY_ABORTED = Pattern.compile("already abort", Pattern.CASE_INSENSITIVE);
  private static final Pattern NOT_FOUND = Pattern.compile("not found", Pattern.CASE_INSENSITIVE);

  private final DorisHttp http;

  Transactions(DorisHttp http) {
    this.http = http;
  }

  TxnResult commit(String db, long txnId) {
    return run(db, txnId, null, "commit");
  }

  TxnResult abort(String db, long txnId) {
    return run(db, txnId, null, "abort");
  }

  TxnResult commit(String db, Label label) {
    return run(db, -1, label.value(), "commit");
  }

  TxnResult abort(String db, Label label) {
    return run(db, -1, label.value(), "abort");
  }

  /** Aborts {@code txnId} after a failed load; a failure is only logged (Doris reclaims it after its timeout). */
  void abortQuietly(String db, long txnId, String label) {
    try {
      abort(db, txnId);
    } catch (DorisException e) {
      // the load already failed; Doris reclaims a PRECOMMITTED txn after its precommit timeout
      LOG.warn("abort of txn {} (label {}) in {} after filtered rows failed: {}", txnId, label, db, e.getMessage());
    }
  }

  private TxnResult run(String db, long txnId, String label, String op) {
    String what = op + " of " + (label != null ? "label " + label : "txn " + txnId) + " in " + db;
    return http.retrying(what, db, label, DorisException::retryable, attempt -> once(db, txnId, label, op, what));
  }

  private TxnResult once(String db, long txnId, String label, String op, String what) {
    String path = "/api/" + DorisHttp.encodePath(db) + "/_stream_load_2pc";
    List<String[]> headers = new ArrayList<>();
    headers.add(new String[] {"Authorization", http.authorization()});
    headers.add(new String[] {"txn_operation", op});
    headers.add(label != null ? new String[] {"label", label} : new String[] {"txn_id", Long.toString(txnId)});
    Answer response = http.exchange(path, (uri, hop) -> HttpCall.of("PUT", uri, headers, http.config().readTimeout()),
        db, label);
    JsonNode json = http.parseJson(response, db, label);
    String status = json.has("status") ? json.path("status").asText() : json.path("Status").asText();
    String msg = json.has("msg") ? json.path("msg").asText() : json.path("Message").asText("");
    TxnResult.Outcome outcome = outcome(op.equals("commit"), status, msg);
    if (outcome == null) {
      ErrorKind kind = DorisErrorClassifier.classifyMessage("[" + status + "] " + msg, ErrorKind.TXN_STATE);
      throw http.failure(kind, what + " failed: " + status + ": " + msg, db, label, txnId, null);
    }
    return new TxnResult(db, txnId, label, outcome, msg);
  }

  /** What a 2PC answer means, or null when it is an error. */
  private static TxnResult.Outcome outcome(boolean commit, String status, String msg) {
    if ("Success".equalsIgnoreCase(status)) {
      return commit ? TxnResult.Outcome.COMMITTED : TxnResult.Outcome.ABORTED;
    }
    if (ALREADY_COMMITTED.matcher(msg).find()) {
      return TxnResult.Outcome.ALREADY_COMMITTED;
    }
    if (ALREADY_ABORTED.matcher(msg).find()) {
      return TxnResult.Outcome.ALREADY_ABORTED;
    }
    if (NOT_FOUND.matcher(msg).find()) {
      return TxnResult.Outcome.NOT_FOUND;
    }
    if (commit && DorisErrorClassifier.classifyMessage(msg, null) == ErrorKind.PUBLISH_TIMEOUT) {
      return TxnResult.Outcome.COMMITTED;
    }
    return null;
  }
}
