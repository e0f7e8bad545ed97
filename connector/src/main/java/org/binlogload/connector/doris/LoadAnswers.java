package org.binlogload.connector.doris;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a BE's Stream Load answer ({@code Status}, {@code ExistingJobStatus}, {@code TxnId}, counters) into a {@link LoadResult}. */
final class LoadAnswers {
  private static final Pattern TXN_IN_LABEL_MESSAGE =
      Pattern.compile("Label \\[([^\\]]*)\\] has already been used, relate to txn \\[(\\d+)\\]");

  private LoadAnswers() {}

  /**
   * The result of a load whose answer {@code json} has a {@code Status}.
   *
   * @param bodyBytes the body bytes this client sent
   * @param attempt the attempt that got this answer
   */
  static LoadResult parse(JsonNode json, Answer r, LoadRequest request, long bodyBytes, int attempt) {
    String where = request.qualifiedTable();
    String label = request.label().value();
    LoadResult.Builder b = LoadResult.builder();
    b.table = where;
    b.label = DorisHttp.text(json, "Label", label);
    b.status = status(json.path("Status").asText(), r, where, label);
    b.message = DorisHttp.text(json, "Message", "");
    b.twoPhaseCommit = json.has("TwoPhaseCommit") ? json.path("TwoPhaseCommit").asBoolean() : request.twoPhaseCommit();
    b.txnId = json.path("TxnId").asLong(-1);
    b.totalRows = json.path("NumberTotalRows").asLong();
    b.loadedRows = json.path("NumberLoadedRows").asLong();
    b.filteredRows = json.path("NumberFilteredRows").asLong();
    b.unselectedRows = json.path("NumberUnselectedRows").asLong();
    b.loadBytes = json.path("LoadBytes").asLong();
    b.loadTimeMs = json.path("LoadTimeMs").asLong();
    b.errorUrl = DorisHttp.text(json, "ErrorURL", null);
    b.bodyBytes = bodyBytes;
    b.attempts = attempt;
    if (b.status == LoadResult.Status.LABEL_ALREADY_EXISTS) {
      b.existingJobStatus = existingJobStatus(json.path("ExistingJobStatus").asText(), r, where, label);
      long txn = txnIdFromLabelMessage(b.message);
      if (txn > 0) {
        b.txnId = txn;
      }
    }
    return b.build();
  }

  private static LoadResult.Status status(String s, Answer r, String where, String label) {
    switch (s) {
      case "Success":
        return LoadResult.Status.SUCCESS;
      case "Publish Timeout":
        return LoadResult.Status.PUBLISH_TIMEOUT;
      case "Label Already Exists":
        return LoadResult.Status.LABEL_ALREADY_EXISTS;
      case "Fail":
        return LoadResult.Status.FAIL;
      default:
        throw new DorisException(ErrorKind.PROTOCOL, "stream load into " + where + " (label " + label
            + ") answered unknown Status '" + s + "': " + DorisHttp.excerpt(r.body), where, label, -1, null);
    }
  }

  private static LoadResult.ExistingJobStatus existingJobStatus(String s, Answer r, String where, String label) {
    try {
      return LoadResult.ExistingJobStatus.valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new DorisException(ErrorKind.PROTOCOL, "stream load into " + where + " (label " + label
          + ") answered Label Already Exists with unknown ExistingJobStatus '" + s + "': " + DorisHttp.excerpt(r.body),
          where, label, -1, e);
    }
  }

  /** The txn id in {@code Label [x] has already been used, relate to txn [N]}, or -1. */
  static long txnIdFromLabelMessage(String message) {
    if (message == null) {
      return -1;
    }
    Matcher m = TXN_IN_LABEL_MESSAGE.matcher(message);
    return m.find() ? Long.parseLong(m.group(2)) : -1;
  }
}
