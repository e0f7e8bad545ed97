package org.binlogload.connector.doris;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.binlogload.connector.load.LoadColumns;
import org.binlogload.connector.load.LoadRow;

/**
 * Stream Load: {@code PUT /api/{db}/{table}/_stream_load} to an FE without a body, 307 to a BE, the rows streamed
 * as chunked JSON lines once the BE said {@code 100 Continue}; Doris's answer interpreted into a {@link LoadResult}
 * or a classified {@link DorisException}, retryable failures retried under the same label.
 */
final class StreamLoader {
  private static final int ERROR_LOG_EXCERPT = 1024;

  private final DorisHttp http;
  private final Transactions txns;
  private volatile boolean expectContinue = true;
  private volatile int lastPeakBuffered;

  StreamLoader(DorisHttp http, Transactions txns) {
    this.http = http;
    this.txns = txns;
  }

  /** Streams {@code rows} under the request's label, retrying retryable failures; see {@link DorisClient#streamLoad}. */
  LoadResult load(LoadRequest request, RowSource rows) {
    String what = "stream load into " + request.qualifiedTable() + " (label " + request.label() + ")";
    return http.retrying(what, request.qualifiedTable(), request.label().value(), DorisException::retryable,
        attempt -> interpret(request, attempt(request, rows, attempt)));
  }

  private LoadResult interpret(LoadRequest request, LoadResult r) {
    String where = request.qualifiedTable();
    switch (r.status()) {
      case SUCCESS:
      case PUBLISH_TIMEOUT:
        if (r.filteredRows() > 0) {
          if (r.twoPhaseCommit() && r.txnId() > 0) {
            txns.abortQuietly(request.db(), r.txnId(), request.label().value());
          }
          throw http.failure(ErrorKind.FILTERED_ROWS, "stream load into " + where + " filtered " + r.filteredRows()
              + " of " + r.totalRows() + " rows (label " + r.label() + ", txn " + r.txnId() + ")"
              + errorLog(r.errorUrl()), where, r.label(), r.txnId(), null);
        }
        return r;
      case LABEL_ALREADY_EXISTS:
        return labelExists(request, r);
      case FAIL:
      default:
        ErrorKind kind = r.filteredRows() > 0 || (r.errorUrl() != null && !r.errorUrl().isEmpty())
            ? ErrorKind.FILTERED_ROWS
            : DorisErrorClassifier.classifyMessage(r.message(), ErrorKind.LOAD_FAILED);
        throw http.failure(kind, "stream load into " + where + " failed (label " + r.label() + ", txn " + r.txnId()
            + "): " + r.message() + (r.filteredRows() > 0 ? "; filtered " + r.filteredRows() + " rows" : "")
            + errorLog(r.errorUrl()), where, r.label(), r.txnId(), null);
    }
  }

  private LoadResult labelExists(LoadRequest request, LoadResult r) {
    String where = request.qualifiedTable();
    if (r.existingJobStatus() == LoadResult.ExistingJobStatus.PRECOMMITTED) {
      return r;
    }
    if (r.existingJobStatus() == LoadResult.ExistingJobStatus.FINISHED) {
      if (request.acceptCommittedLabel()) {
        return r;
      }
      throw http.failure(ErrorKind.LABEL_ALREADY_COMMITTED, "stream load into " + where + ": label " + r.label()
          + " is already committed as txn " + r.txnId() + "; the data under this label was loaded before",
          where, r.label(), r.txnId(), null);
    }
    throw http.failure(ErrorKind.LABEL_RUNNING, "stream load into " + where + ": label " + r.label()
        + " is still " + r.existingJobStatus() + " as txn " + r.txnId() + ": " + r.message(),
        where, r.label(), r.txnId(), null);
  }

  /**
   * One attempt: FE, 307 to a BE, body streamed. Returns any documented load answer as it is (the label's recovery
   * probe reads it uninterpreted) and throws for the rest.
   */
  LoadResult attempt(LoadRequest request, RowSource rows, int attempt) {
    String where = request.qualifiedTable();
    String label = request.label().value();
    String path = "/api/" + DorisHttp.encodePath(request.db()) + "/" + DorisHttp.encodePath(request.table())
        + "/_stream_load";
    List<String[]> headers = headers(request, rows);
    DorisConfig config = http.config();
    RowBodyStream[] bodies = new RowBodyStream[1];
    DorisHttp.Hop hop = (uri, n) -> {
      if (n == 0) {
        // the FE only checks auth and the Expect header, then redirects: it gets no body
        return HttpCall.of("PUT", uri, headers, config.readTimeout()).withExpectContinue(expectContinue);
      }
      // an encoder per body: it formats in a buffer of its own, and loads may run in parallel
      bodies[0] = new RowBodyStream(rows, new JsonRowEncoder(http.config().sequenceColumn(),
          http.config().binaryEncoding()));
      return HttpCall.of("PUT", uri, headers, config.loadTimeout().plus(config.readTimeout()))
          .withStream(bodies[0]).withExpectContinue(expectContinue);
    };
    Answer response;
    try {
      response = http.exchange(path, hop, where, label);
    } catch (DorisException e) {
      RowBodyStream body = bodies[0];
      if (body != null && body.failure() != null) {
        throw http.failure(ErrorKind.BAD_ROW, "stream load into " + where + " (label " + label + "): "
            + body.failure().getMessage(), where, label, -1, body.failure());
      }
      throw e;
    }
    RowBodyStream body = bodies[0];
    if (body != null) {
      lastPeakBuffered = body.peakBuffered();
    }
    JsonNode json = http.parseJson(response, where, label);
    if (json.has("Status")) {
      return LoadAnswers.parse(json, response, request, body == null ? 0 : body.bytes(), attempt);
    }
    throw http.feError(json, response, "stream load into " + where + " (label " + label + ")", where, label,
        ErrorKind.LOAD_FAILED);
  }

  private List<String[]> headers(LoadRequest request, RowSource rows) {
    List<String[]> headers = new ArrayList<>(List.of(
        new String[] {"Authorization", http.authorization()},
        new String[] {"label", request.label().value()},
        new String[] {"format", "json"},
        new String[] {"read_json_by_line", "true"},
        new String[] {"two_phase_commit", Boolean.toString(request.twoPhaseCommit())},
        new String[] {"timeout", Long.toString(Math.max(1, http.config().loadTimeout().toSeconds()))},
        new String[] {"max_filter_ratio", "0"},
        new String[] {"strict_mode", "true"}));
    headers.addAll(columnHeaders(request, rows));
    return headers;
  }

  /**
   * How rows map to columns. A table with a hidden sequence column ({@code function_column.sequence_type}) needs
   * {@code function_column.sequence_col} naming a source column, and Doris looks that name up in {@code columns}
   * (FE {@code StreamLoadPlanner}/{@code Load.initColumns}); {@code hidden_columns} only applies without {@code columns}
   * (docs "stream-load-manual"). So such loads list every column, the delete sign and the sequence's source field.
   * Other tables take {@code hidden_columns: __DORIS_DELETE_SIGN__}, as CDC writers do.
   */
  private List<String[]> columnHeaders(LoadRequest request, RowSource rows) {
    String seq = http.config().sequenceColumn();
    List<String[]> h = new ArrayList<>();
    if (seq == null || !seq.equals(DorisConfig.HIDDEN_SEQUENCE_COLUMN)) {
      h.add(new String[] {"hidden_columns", DorisConfig.DELETE_SIGN_COLUMN});
      return h;
    }
    Collection<String> columns = request.columns() != null ? request.columns() : columnsOf(rows);
    StringBuilder list = new StringBuilder();
    for (String c : columns) {
      if (c.equals(DorisConfig.DELETE_SIGN_COLUMN) || c.equals(DorisConfig.HIDDEN_SEQUENCE_COLUMN)
          || c.equals(DorisConfig.SEQUENCE_SOURCE_FIELD)) {
        continue;
      }
      list.append('`').append(c.replace("`", "``")).append("`,");
    }
    list.append(DorisConfig.DELETE_SIGN_COLUMN).append(',').append(DorisConfig.SEQUENCE_SOURCE_FIELD);
    h.add(new String[] {"columns", list.toString()});
    h.add(new String[] {"function_column.sequence_col", DorisConfig.SEQUENCE_SOURCE_FIELD});
    return h;
  }

  /** Every column any row carries, in first-seen order: one pass over a source that yields the same rows each time. */
  private static Collection<String> columnsOf(RowSource rows) {
    Set<String> names = new LinkedHashSet<>();
    List<LoadColumns> shapes = rows.shapes();
    if (shapes != null) {
      shapes.forEach(c -> names.addAll(c.names()));
      return names;
    }
    LoadColumns last = null;
    for (Iterator<LoadRow> it = rows.open(); it.hasNext(); ) {
      LoadColumns c = it.next().columns();
      if (c != last) {
        names.addAll(c.names());
        last = c;
      }
    }
    return names;
  }

  /** A short excerpt of the error log at {@code url}, or a note why it could not be read. */
  private String errorLog(String url) {
    if (url == null || url.isEmpty()) {
      return "";
    }
    try {
      Duration timeout = http.config().readTimeout();
      Answer r = http.sendDirect(HttpCall.of("GET", URI.create(url), List.of(), timeout)
          .withAnswerLimit(ERROR_LOG_EXCERPT));
      int bytes = r.body.getBytes(StandardCharsets.UTF_8).length;
      return "; error log " + url + ": " + r.body.strip() + (bytes >= ERROR_LOG_EXCERPT ? " ..." : "");
    } catch (IOException | IllegalArgumentException e) {
      return "; error log " + url + " unreadable: " + DorisHttp.describe(e);
    }
  }

  /** The peak encoded body held in memory by the last load, for tests of streaming. */
  int lastPeakBufferedBytes() {
    return lastPeakBuffered;
  }

  /** Turns {@code Expect: 100-continue} off, for tests of Doris refusing a load without it. */
  void expectContinue(boolean on) {
    this.expectContinue = on;
  }
}
