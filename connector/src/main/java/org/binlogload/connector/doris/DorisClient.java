package org.binlogload.connector.doris;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Talks to Doris over its HTTP interfaces: Stream Load with two-phase commit, 2PC commit and abort,
 * label recovery after a restart, and SQL through {@code /api/query}.
 *
 * <p>Thread-safe; one instance per Doris cluster. Errors are {@link DorisException}s classified by
 * {@link DorisErrorClassifier}; retryable ones are retried per {@link DorisConfig#retryPolicy()}, a load always
 * with the same label.
 */
public final class DorisClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DorisClient.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int MAX_REDIRECTS = 3;
  private static final int ERROR_LOG_EXCERPT = 1024;
  private static final int BODY_EXCERPT = 512;
  private static final Pattern TXN_IN_LABEL_MESSAGE =
      Pattern.compile("Label \\[([^\\]]*)\\] has already been used, relate to txn \\[(\\d+)\\]");
  private static final Pattern ERR_CODE = Pattern.compile("errCode = (-?\\d+), detailMessage = (.*)", Pattern.DOTALL);
  private static final Pattern ALREADY_COMMITTED =
      Pattern.compile("already (committed|visible)", Pattern.CASE_INSENSITIVE);
  private static final Pattern ALREADY_ABORTED = Pattern.compile("already abort", Pattern.CASE_INSENSITIVE);
  private static final Pattern NOT_FOUND = Pattern.compile("not found", Pattern.CASE_INSENSITIVE);

  private final DorisConfig config;
  private final String authorization;
  private final ExecutorService executor;
  private final HttpClient http;
  private final JsonRowEncoder encoder;
  private final AtomicInteger preferredFe = new AtomicInteger();
  private volatile boolean expectContinue = true;
  private volatile int lastPeakBuffered;

  private DorisClient(DorisConfig config) {
    this.config = config;
    this.authorization = "Basic " + Base64.getEncoder()
        .encodeToString((config.user() + ":" + config.password()).getBytes(StandardCharsets.UTF_8));
    AtomicInteger n = new AtomicInteger();
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "doris-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.http = newHttp();
    this.encoder = new JsonRowEncoder(config.sequenceColumn(), config.binaryEncoding());
  }

  /** A client for the cluster {@code config} describes. */
  public static DorisClient create(DorisConfig config) {
    return new DorisClient(config);
  }

  /** The configuration. */
  public DorisConfig config() {
    return config;
  }

  // ---------------------------------------------------------------------------------------------- Stream Load

  /**
   * Streams {@code rows} into {@code request}'s table under its label and returns Doris's answer:
   * PRECOMMITTED (two-phase) or committed. A retryable failure is retried with the same label, so a load that
   * reached Doris before its answer was lost comes back as {@code Label Already Exists}/PRECOMMITTED.
   *
   * @throws DorisException on a fatal error, or a retryable one after the last attempt
   */
  public LoadResult streamLoad(LoadRequest request, RowSource rows) {
    RetryPolicy policy = config.retryPolicy();
    for (int attempt = 1; ; attempt++) {
      try {
        LoadResult r = sendLoad(request, rows, attempt);
        return interpret(request, r);
      } catch (DorisException e) {
        if (!e.retryable() || attempt >= policy.maxAttempts()) {
          throw attempt > 1 ? again(e, attempt) : e;
        }
        Duration pause = policy.backoff(attempt);
        LOG.warn("stream load into {} (label {}) attempt {}/{} failed ({}), retrying in {} ms: {}",
            request.qualifiedTable(), request.label(), attempt, policy.maxAttempts(), e.kind(), pause.toMillis(),
            e.getMessage());
        sleep(pause, request.qualifiedTable(), request.label().value());
      }
    }
  }

  private LoadResult interpret(LoadRequest request, LoadResult r) {
    String where = request.qualifiedTable();
    switch (r.status()) {
      case SUCCESS:
      case PUBLISH_TIMEOUT:
        if (r.filteredRows() > 0) {
          if (r.twoPhaseCommit() && r.txnId() > 0) {
            abortQuietly(request.db(), r.txnId(), request.label().value());
          }
          throw failure(ErrorKind.FILTERED_ROWS, "stream load into " + where + " filtered " + r.filteredRows()
              + " of " + r.totalRows() + " rows (label " + r.label() + ", txn " + r.txnId() + ")"
              + errorLog(r.errorUrl()), where, r.label(), r.txnId(), null);
        }
        return r;
      case LABEL_ALREADY_EXISTS:
        if (r.existingJobStatus() == LoadResult.ExistingJobStatus.PRECOMMITTED) {
          return r;
        }
        if (r.existingJobStatus() == LoadResult.ExistingJobStatus.FINISHED) {
          if (request.acceptCommittedLabel()) {
            return r;
          }
          throw failure(ErrorKind.LABEL_ALREADY_COMMITTED, "stream load into " + where + ": label " + r.label()
              + " is already committed as txn " + r.txnId() + "; the data under this label was loaded before",
              where, r.label(), r.txnId(), null);
        }
        throw failure(ErrorKind.LABEL_RUNNING, "stream load into " + where + ": label " + r.label()
            + " is still " + r.existingJobStatus() + " as txn " + r.txnId() + ": " + r.message(),
            where, r.label(), r.txnId(), null);
      case FAIL:
      default:
        ErrorKind kind = r.filteredRows() > 0 || (r.errorUrl() != null && !r.errorUrl().isEmpty())
            ? ErrorKind.FILTERED_ROWS
            : DorisErrorClassifier.classifyMessage(r.message(), ErrorKind.LOAD_FAILED);
        throw failure(kind, "stream load into " + where + " failed (label " + r.label() + ", txn " + r.txnId()
            + "): " + r.message() + (r.filteredRows() > 0 ? "; filtered " + r.filteredRows() + " rows" : "")
            + errorLog(r.errorUrl()), where, r.label(), r.txnId(), null);
    }
  }

  /** One attempt: FE, 307 to a BE, body streamed; returns any documented load answer and throws for the rest. */
  private LoadResult sendLoad(LoadRequest request, RowSource rows, int attempt) {
    String where = request.qualifiedTable();
    String label = request.label().value();
    String path = "/api/" + encodePath(request.db()) + "/" + encodePath(request.table()) + "/_stream_load";
    RowBodyStream[] bodies = new RowBodyStream[1];
    List<String[]> headers = new ArrayList<>(List.of(
        new String[] {"Authorization", authorization},
        new String[] {"label", label},
        new String[] {"format", "json"},
        new String[] {"read_json_by_line", "true"},
        new String[] {"two_phase_commit", Boolean.toString(request.twoPhaseCommit())},
        new String[] {"timeout", Long.toString(Math.max(1, config.loadTimeout().toSeconds()))},
        new String[] {"max_filter_ratio", "0"},
        new String[] {"strict_mode", "true"}));
    headers.addAll(columnHeaders(request, rows));
    Transport transport = (uri, hop) -> {
      if (hop == 0) {
        // the FE only checks auth and the Expect header, then redirects: it gets no body
        return RawHttp.put(uri, headers, null, expectContinue, config.connectTimeout(), config.readTimeout(),
            config.readTimeout());
      }
      RowBodyStream body = new RowBodyStream(rows, encoder);
      bodies[0] = body;
      return RawHttp.put(uri, headers, body, expectContinue, config.connectTimeout(), config.readTimeout(),
          config.loadTimeout().plus(config.readTimeout()));
    };
    Answer response;
    try {
      response = exchange(path, transport, where, label);
    } catch (DorisException e) {
      RowBodyStream body = bodies[0];
      if (body != null && body.failure() != null) {
        throw failure(ErrorKind.BAD_ROW, "stream load into " + where + " (label " + label + "): "
            + body.failure().getMessage(), where, label, -1, body.failure());
      }
      throw e;
    }
    RowBodyStream body = bodies[0];
    if (body != null) {
      lastPeakBuffered = body.peakBuffered();
    }
    JsonNode json = parseJson(response, where, label);
    if (json.has("Status")) {
      LoadResult.Builder b = LoadResult.builder();
      b.table = where;
      b.label = text(json, "Label", label);
      b.status = loadStatus(json.path("Status").asText(), response, where, label);
      b.message = text(json, "Message", "");
      b.twoPhaseCommit = json.has("TwoPhaseCommit") ? json.path("TwoPhaseCommit").asBoolean() : request.twoPhaseCommit();
      b.txnId = json.path("TxnId").asLong(-1);
      b.totalRows = json.path("NumberTotalRows").asLong();
      b.loadedRows = json.path("NumberLoadedRows").asLong();
      b.filteredRows = json.path("NumberFilteredRows").asLong();
      b.unselectedRows = json.path("NumberUnselectedRows").asLong();
      b.loadBytes = json.path("LoadBytes").asLong();
      b.loadTimeMs = json.path("LoadTimeMs").asLong();
      b.errorUrl = text(json, "ErrorURL", null);
      b.bodyBytes = body == null ? 0 : body.bytes();
      b.attempts = attempt;
      if (b.status == LoadResult.Status.LABEL_ALREADY_EXISTS) {
        b.existingJobStatus = existingJobStatus(json.path("ExistingJobStatus").asText(), response, where, label);
        long txn = txnIdFromLabelMessage(b.message);
        if (txn > 0) {
          b.txnId = txn;
        }
      }
      return b.build();
    }
    throw feError(json, response, "stream load into " + where + " (label " + label + ")", where, label,
        ErrorKind.LOAD_FAILED);
  }

  /**
   * How rows map to columns. A table with a hidden sequence column ({@code function_column.sequence_type}) needs
   * {@code function_column.sequence_col} naming a source column, and Doris looks that name up in {@code columns}
   * (FE {@code StreamLoadPlanner}/{@code Load.initColumns}); {@code hidden_columns} only applies without {@code columns}
   * (docs "stream-load-manual"). So such loads list every column, the delete sign and the sequence's source field.
   * Other tables take {@code hidden_columns: __DORIS_DELETE_SIGN__}, as CDC writers do.
   */
  private List<String[]> columnHeaders(LoadRequest request, RowSource rows) {
    String seq = config.sequenceColumn();
    if (seq == null || !seq.equals(DorisConfig.HIDDEN_SEQUENCE_COLUMN)) {
      List<String[]> h = new ArrayList<>();
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
    List<String[]> h = new ArrayList<>();
    h.add(new String[] {"columns", list.toString()});
    h.add(new String[] {"function_column.sequence_col", DorisConfig.SEQUENCE_SOURCE_FIELD});
    return h;
  }

  /** Every column any row carries, in first-seen order: one pass over a source that yields the same rows each time. */
  private static Collection<String> columnsOf(RowSource rows) {
    Set<String> names = new LinkedHashSet<>();
    for (Iterator<DorisRow> it = rows.open(); it.hasNext(); ) {
      names.addAll(it.next().values().keySet());
    }
    return names;
  }

  private static LoadResult.Status loadStatus(String s, Answer r, String where, String label) {
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
            + ") answered unknown Status '" + s + "': " + excerpt(r.body), where, label, -1, null);
    }
  }

  private static LoadResult.ExistingJobStatus existingJobStatus(String s, Answer r, String where,
      String label) {
    try {
      return LoadResult.ExistingJobStatus.valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new DorisException(ErrorKind.PROTOCOL, "stream load into " + where + " (label " + label
          + ") answered Label Already Exists with unknown ExistingJobStatus '" + s + "': " + excerpt(r.body),
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

  /** The peak encoded body held in memory by the last load, for tests of streaming. */
  int lastPeakBufferedBytes() {
    return lastPeakBuffered;
  }

  /** Turns {@code Expect: 100-continue} off, for tests of Doris refusing a load without it. */
  void expectContinueForTest(boolean on) {
    this.expectContinue = on;
  }

  // ---------------------------------------------------------------------------------------------- 2PC

  /** Commits PRECOMMITTED transaction {@code txnId} of {@code db}; already committed counts as committed. */
  public TxnResult commit(String db, long txnId) {
    return twoPhase(db, txnId, null, "commit");
  }

  /** Aborts transaction {@code txnId} of {@code db}. */
  public TxnResult abort(String db, long txnId) {
    return twoPhase(db, txnId, null, "abort");
  }

  /** Commits the PRECOMMITTED transaction holding {@code label}; NOT_FOUND if none is PRECOMMITTED. */
  public TxnResult commit(String db, Label label) {
    return twoPhase(db, -1, label.value(), "commit");
  }

  /** Aborts the PREPARE or PRECOMMITTED transaction holding {@code label}; NOT_FOUND if none is. */
  public TxnResult abort(String db, Label label) {
    return twoPhase(db, -1, label.value(), "abort");
  }

  private TxnResult twoPhase(String db, long txnId, String label, String op) {
    String what = op + " of " + (label != null ? "label " + label : "txn " + txnId) + " in " + db;
    RetryPolicy policy = config.retryPolicy();
    for (int attempt = 1; ; attempt++) {
      try {
        return twoPhaseOnce(db, txnId, label, op, what);
      } catch (DorisException e) {
        if (!e.retryable() || attempt >= policy.maxAttempts()) {
          throw attempt > 1 ? again(e, attempt) : e;
        }
        Duration pause = policy.backoff(attempt);
        LOG.warn("{} attempt {}/{} failed ({}), retrying in {} ms: {}", what, attempt, policy.maxAttempts(),
            e.kind(), pause.toMillis(), e.getMessage());
        sleep(pause, db, label);
      }
    }
  }

  private TxnResult twoPhaseOnce(String db, long txnId, String label, String op, String what) {
    String path = "/api/" + encodePath(db) + "/_stream_load_2pc";
    Hop build = (uri, hop) -> {
      HttpRequest.Builder b = HttpRequest.newBuilder(uri)
          .timeout(config.readTimeout())
          .header("Authorization", authorization)
          .header("txn_operation", op)
          .PUT(HttpRequest.BodyPublishers.noBody());
      if (label != null) {
        b.header("label", label);
      } else {
        b.header("txn_id", Long.toString(txnId));
      }
      return b.build();
    };
    Answer response = exchange(path, jdk(build), db, label);
    JsonNode json = parseJson(response, db, label);
    String status = json.has("status") ? json.path("status").asText() : json.path("Status").asText();
    String msg = json.has("msg") ? json.path("msg").asText() : json.path("Message").asText("");
    boolean commit = op.equals("commit");
    if ("Success".equalsIgnoreCase(status)) {
      return new TxnResult(db, txnId, label, commit ? TxnResult.Outcome.COMMITTED : TxnResult.Outcome.ABORTED, msg);
    }
    if (ALREADY_COMMITTED.matcher(msg).find()) {
      return new TxnResult(db, txnId, label, TxnResult.Outcome.ALREADY_COMMITTED, msg);
    }
    if (ALREADY_ABORTED.matcher(msg).find()) {
      return new TxnResult(db, txnId, label, TxnResult.Outcome.ALREADY_ABORTED, msg);
    }
    if (NOT_FOUND.matcher(msg).find()) {
      return new TxnResult(db, txnId, label, TxnResult.Outcome.NOT_FOUND, msg);
    }
    if (commit && DorisErrorClassifier.classifyMessage(msg, null) == ErrorKind.PUBLISH_TIMEOUT) {
      return new TxnResult(db, txnId, label, TxnResult.Outcome.COMMITTED, msg);
    }
    ErrorKind kind = DorisErrorClassifier.classifyMessage("[" + status + "] " + msg, ErrorKind.TXN_STATE);
    throw failure(kind, what + " failed: " + status + ": " + msg, db, label, txnId, null);
  }

  private void abortQuietly(String db, long txnId, String label) {
    try {
      abort(db, txnId);
    } catch (DorisException e) {
      // the load already failed; Doris reclaims a PRECOMMITTED txn after its precommit timeout
      LOG.warn("abort of txn {} (label {}) in {} after filtered rows failed: {}", txnId, label, db, e.getMessage());
    }
  }

  // ---------------------------------------------------------------------------------------------- recovery

  /**
   * Settles {@code labels} of {@code db.table} after a restart according to the persisted {@code decision}:
   * each label is probed with an empty two-phase load under it (Doris answers {@code Label Already Exists} with the
   * state of the earlier load, or starts a new txn that is aborted at once), then what is PRECOMMITTED is committed or
   * aborted, what is RUNNING is aborted (ABORT) or waited for (COMMIT).
   */
  public List<RecoveryResult> recover(String db, String table, List<Label> labels, RecoveryResult.Decision decision) {
    List<RecoveryResult> out = new ArrayList<>(labels.size());
    for (Label label : labels) {
      out.add(recoverOne(db, table, label, decision));
    }
    return out;
  }

  private RecoveryResult recoverOne(String db, String table, Label label, RecoveryResult.Decision decision) {
    String where = db + "." + table;
    LoadRequest probe = LoadRequest.builder().db(db).table(table).label(label).twoPhaseCommit(true).build();
    RetryPolicy policy = config.retryPolicy();
    boolean commit = decision == RecoveryResult.Decision.COMMIT;
    for (int attempt = 1; ; attempt++) {
      try {
        LoadResult r = sendLoad(probe, java.util.Collections::emptyIterator, attempt);
        RecoveryResult.Outcome outcome;
        long txn = r.txnId();
        switch (r.status()) {
          case LABEL_ALREADY_EXISTS:
            switch (r.existingJobStatus()) {
              case PRECOMMITTED:
                outcome = settle(commit ? commit(db, txn) : abort(db, txn), commit);
                break;
              case FINISHED:
                outcome = commit ? RecoveryResult.Outcome.ALREADY_COMMITTED : RecoveryResult.Outcome.CONFLICT;
                break;
              case RUNNING:
              default:
                if (commit) {
                  throw failure(ErrorKind.LABEL_RUNNING, "recovery of " + where + ": label " + label
                      + " is still RUNNING as txn " + txn + "; waiting for it to precommit", where, label.value(), txn, null);
                }
                TxnResult a = abort(db, label);
                if (a.outcome() == TxnResult.Outcome.NOT_FOUND) {
                  // it precommitted or ended between probe and abort: probe again
                  throw failure(ErrorKind.LABEL_RUNNING, "recovery of " + where + ": label " + label
                      + " changed state during abort", where, label.value(), txn, null);
                }
                outcome = settle(a, false);
                break;
            }
            break;
          case SUCCESS:
            // the label was free and the probe opened a new txn: abort it
            abort(db, txn);
            outcome = RecoveryResult.Outcome.ABSENT;
            break;
          case PUBLISH_TIMEOUT:
            throw failure(ErrorKind.PROTOCOL, "recovery of " + where + ": the empty probe under label " + label
                + " was committed as txn " + txn + " although two-phase commit was requested", where, label.value(), txn, null);
          case FAIL:
          default:
            outcome = RecoveryResult.Outcome.ABSENT;
            break;
        }
        LOG.info("recovery of {} label {}: decision {} -> {} (txn {})", where, label, decision, outcome, txn);
        return new RecoveryResult(where, label.value(), decision, outcome, txn);
      } catch (DorisException e) {
        if (!e.retryable() || attempt >= policy.maxAttempts()) {
          throw attempt > 1 ? again(e, attempt) : e;
        }
        sleep(policy.backoff(attempt), where, label.value());
      }
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

  // ---------------------------------------------------------------------------------------------- SQL

  /**
   * Runs {@code stmt} in {@code db} (empty: {@code information_schema}) through
   * {@code POST /api/query/default_cluster/{db}} and returns its rows (none for DDL). Reads are retried on any retryable error; other statements only when Doris refused them
   * outright (schema change running, table not stable), since a lost answer may hide a success.
   *
   * @throws DorisSqlException when Doris refuses the statement
   */
  public QueryResult query(String db, String stmt) {
    boolean read = isRead(stmt);
    RetryPolicy policy = config.retryPolicy();
    for (int attempt = 1; ; attempt++) {
      try {
        return queryOnce(db, stmt);
      } catch (DorisException e) {
        boolean retry = e.retryable() && (read || e.kind() == ErrorKind.SCHEMA_CHANGE_RUNNING
            || e.kind() == ErrorKind.NOT_STABLE);
        if (!retry || attempt >= policy.maxAttempts()) {
          throw attempt > 1 ? again(e, attempt) : e;
        }
        Duration pause = policy.backoff(attempt);
        LOG.warn("statement in {} attempt {}/{} failed ({}), retrying in {} ms: {}", db, attempt,
            policy.maxAttempts(), e.kind(), pause.toMillis(), e.getMessage());
        sleep(pause, db, null);
      }
    }
  }

  /** Runs a statement that returns no rows (DDL). */
  public void execute(String db, String stmt) {
    query(db, stmt);
  }

  private static boolean isRead(String stmt) {
    String s = stmt.stripLeading().toUpperCase(Locale.ROOT);
    return s.startsWith("SELECT") || s.startsWith("SHOW") || s.startsWith("DESC") || s.startsWith("EXPLAIN");
  }

  private QueryResult queryOnce(String db, String stmt) {
    // statements outside any database (CREATE DATABASE) run in information_schema, which every Doris has
    String path = "/api/query/default_cluster/" + encodePath(db == null || db.isEmpty() ? "information_schema" : db);
    ObjectNode body = MAPPER.createObjectNode().put("stmt", stmt);
    byte[] bytes;
    try {
      bytes = MAPPER.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode statement", e);
    }
    Hop build = (uri, hop) -> HttpRequest.newBuilder(uri)
        .timeout(config.readTimeout())
        .header("Authorization", authorization)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
        .build();
    Answer response = exchange(path, jdk(build), db, null);
    JsonNode json = parseJson(response, db, null);
    int code = json.path("code").asInt(-1);
    if (code != 0) {
      String msg = json.path("msg").asText("");
      JsonNode data = json.path("data");
      String detail = data.isTextual() && !data.asText().isEmpty() && !data.asText().equals(msg)
          ? msg + ": " + data.asText() : msg;
      throw sqlError(db, stmt, detail);
    }
    JsonNode data = json.path("data");
    if (!"result_set".equals(data.path("type").asText())) {
      return QueryResult.empty();
    }
    List<String> columns = new ArrayList<>();
    for (JsonNode m : data.path("meta")) {
      columns.add(m.path("name").asText());
    }
    List<List<Object>> rows = new ArrayList<>();
    for (JsonNode r : data.path("data")) {
      List<Object> row = new ArrayList<>(r.size());
      for (JsonNode v : r) {
        row.add(v.isNull() ? null : v.isNumber() ? v.numberValue() : v.isTextual() ? v.asText() : v.toString());
      }
      rows.add(row);
    }
    return new QueryResult(columns, rows);
  }

  private DorisSqlException sqlError(String db, String stmt, String msg) {
    int errCode = -1;
    String detail = msg;
    Matcher m = ERR_CODE.matcher(msg);
    if (m.find()) {
      errCode = Integer.parseInt(m.group(1));
      detail = m.group(2).trim();
    }
    ErrorKind kind = DorisErrorClassifier.classifyMessage(detail, ErrorKind.SQL_ERROR);
    return new DorisSqlException(kind, redact("statement in " + db + " failed: " + detail + " [" + excerptStmt(stmt) + "]"),
        db, stmt, errCode, redact(detail));
  }

  /**
   * Waits until the latest schema change job of {@code db.table} is FINISHED, polling {@code SHOW ALTER TABLE COLUMN};
   * returns that job's row, or empty when the table never had one.
   *
   * @throws DorisSqlException kind {@link ErrorKind#SCHEMA_CHANGE_CANCELLED} with the job's Msg when it was cancelled
   * @throws DorisException kind {@link ErrorKind#TIMEOUT} when it did not finish within {@code timeout}
   */
  public Optional<Map<String, Object>> awaitSchemaChange(String db, String table, Duration timeout) {
    String stmt = "SHOW ALTER TABLE COLUMN FROM " + quoteIdent(db) + " WHERE TableName = '"
        + table.replace("\\", "\\\\").replace("'", "\\'") + "' ORDER BY CreateTime DESC LIMIT 1";
    String where = db + "." + table;
    long deadline = System.nanoTime() + timeout.toNanos();
    long pauseMs = 50;
    while (true) {
      QueryResult r = query(db, stmt);
      if (r.rows().isEmpty()) {
        return Optional.empty();
      }
      Map<String, Object> job = r.rowMaps().get(0);
      String state = String.valueOf(job.get("State"));
      if ("FINISHED".equalsIgnoreCase(state)) {
        return Optional.of(job);
      }
      if ("CANCELLED".equalsIgnoreCase(state)) {
        String msg = String.valueOf(job.get("Msg"));
        throw new DorisSqlException(ErrorKind.SCHEMA_CHANGE_CANCELLED, "schema change job " + job.get("JobId")
            + " of " + where + " was CANCELLED: " + msg, db, stmt, -1, msg);
      }
      if (System.nanoTime() > deadline) {
        throw new DorisException(ErrorKind.TIMEOUT, "schema change job " + job.get("JobId") + " of " + where
            + " still " + state + " after " + timeout.toMillis() + " ms", where, null, -1, null);
      }
      sleep(Duration.ofMillis(pauseMs), where, null);
      pauseMs = Math.min(pauseMs * 2, 1000);
    }
  }

  /** The columns of {@code db.table} as {@code DESC} lists them. */
  public List<DorisColumn> describe(String db, String table) {
    QueryResult r = query(db, "DESC " + quoteIdent(table));
    List<DorisColumn> out = new ArrayList<>();
    for (Map<String, Object> m : r.rowMaps()) {
      out.add(new DorisColumn(str(m.get("Field")), str(m.get("Type")), "YES".equalsIgnoreCase(str(m.get("Null"))),
          "true".equalsIgnoreCase(str(m.get("Key"))), str(m.get("Default")), str(m.get("Extra"))));
    }
    return out;
  }

  /** {@code name} in backquotes, inner backquotes doubled. */
  public static String quoteIdent(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  private static String str(Object o) {
    return o == null ? null : String.valueOf(o);
  }

  // ---------------------------------------------------------------------------------------------- HTTP

  /**
   * Sends a request built for the FE, failing over to the next FE when one cannot be connected to, and follows
   * redirects by hand (each request carries Authorization). Throws classified {@link DorisException}s.
   */
  private Answer exchange(String path, Transport build, String where, String label) {
    List<String> fes = config.feAddresses();
    int start = Math.floorMod(preferredFe.get(), fes.size());
    DorisException lastConnect = null;
    for (int i = 0; i < fes.size(); i++) {
      int idx = (start + i) % fes.size();
      URI uri = URI.create("http://" + fes.get(idx) + path);
      try {
        Answer r = sendFollowing(uri, build, where, label);
        preferredFe.set(idx);
        return r;
      } catch (FeUnreachable e) {
        lastConnect = failure(ErrorKind.CONNECTION, "no FE reachable for " + where
            + (label != null ? " (label " + label + ")" : "") + ": " + fes.get(idx) + ": " + describe(e.getCause()),
            where, label, -1, e.getCause());
        LOG.warn("FE {} unreachable ({}), trying the next", fes.get(idx), describe(e.getCause()));
      }
    }
    throw lastConnect;
  }

  private Answer sendFollowing(URI first, Transport build, String where, String label) throws FeUnreachable {
    URI uri = first;
    for (int hop = 0; ; hop++) {
      Answer r;
      try {
        r = build.send(uri, hop);
      } catch (ConnectException | HttpConnectTimeoutException e) {
        if (hop == 0) {
          throw new FeUnreachable(e);
        }
        throw failure(ErrorKind.CONNECTION, "cannot connect to BE " + uri.getAuthority() + " for " + where
            + (label != null ? " (label " + label + ")" : "") + ": " + describe(e), where, label, -1, e);
      } catch (IOException e) {
        ErrorKind kind = DorisErrorClassifier.classify(e);
        throw failure(kind, "request to " + uri.getAuthority() + uri.getPath() + " for " + where
            + (label != null ? " (label " + label + ")" : "") + " failed: " + describe(e), where, label, -1, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure(ErrorKind.INTERRUPTED, "interrupted during request for " + where, where, label, -1, e);
      }
      int status = r.status;
      if (status == 307 || status == 302 || status == 301 || status == 308 || status == 303) {
        String location = r.header("Location");
        if (location == null || hop >= MAX_REDIRECTS) {
          throw failure(ErrorKind.PROTOCOL, "redirect " + status + " from " + uri.getAuthority() + " for " + where
              + (location == null ? " without Location" : " beyond " + MAX_REDIRECTS + " hops"), where, label, -1, null);
        }
        uri = uri.resolve(location);
        continue;
      }
      if (status != 200) {
        ErrorKind kind = DorisErrorClassifier.forHttpStatus(status);
        if (kind == ErrorKind.BAD_REQUEST) {
          kind = DorisErrorClassifier.classifyMessage(r.body, kind);
        } else if (kind == ErrorKind.AUTH && DorisErrorClassifier.classifyMessage(r.body, kind) == ErrorKind.PRIVILEGE) {
          kind = ErrorKind.PRIVILEGE; // a known user without the privilege, not wrong credentials
        }
        throw failure(kind, "HTTP " + status + " from " + uri.getAuthority() + uri.getPath() + " for " + where
            + (label != null ? " (label " + label + ")" : "") + ": " + excerpt(r.body), where, label, -1, null);
      }
      return r;
    }
  }

  private HttpClient newHttp() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER) // redirects are followed by hand to re-send Authorization
        .connectTimeout(config.connectTimeout())
        .executor(executor)
        .build();
  }

  /** Builds the request for one hop: 0 is the FE, later hops follow redirects. */
  @FunctionalInterface
  private interface Hop {
    HttpRequest request(URI uri, int hop);
  }

  /** Sends one hop's request and returns its answer. */
  @FunctionalInterface
  private interface Transport {
    Answer send(URI uri, int hop) throws IOException, InterruptedException;
  }

  /** A transport over java.net.http for requests without Expect (2PC, SQL). */
  private Transport jdk(Hop build) {
    return (uri, hop) -> {
      HttpResponse<String> r = http.send(build.request(uri, hop), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      Map<String, String> headers = new java.util.HashMap<>();
      r.headers().map().forEach((k, v) -> {
        if (!v.isEmpty()) {
          headers.put(k.toLowerCase(Locale.ROOT), v.get(0));
        }
      });
      return new Answer(r.statusCode(), headers, r.body(), r.uri());
    };
  }

  private JsonNode parseJson(Answer r, String where, String label) {
    try {
      JsonNode n = MAPPER.readTree(r.body);
      if (n == null || !n.isObject()) {
        throw new IOException("not a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw failure(ErrorKind.PROTOCOL, "answer from " + r.uri.getAuthority() + r.uri.getPath() + " for " + where
          + (label != null ? " (label " + label + ")" : "") + " is not JSON: " + excerpt(r.body), where, label, -1, e);
    }
  }

  /** An FE's own error: {@code {"status":"FAILED","msg":...}} or {@code {"code":N,"msg":...}}. */
  private DorisException feError(JsonNode json, Answer r, String what, String where, String label,
      ErrorKind fallback) {
    String msg = json.has("msg") ? json.path("msg").asText() : excerpt(r.body);
    JsonNode data = json.path("data");
    if (data.isTextual() && !data.asText().isEmpty() && !data.asText().equals(msg)) {
      msg = msg + ": " + data.asText();
    }
    String status = json.has("status") ? json.path("status").asText() : "code " + json.path("code").asText("?");
    ErrorKind kind = DorisErrorClassifier.classifyMessage(msg, fallback);
    return failure(kind, what + " refused by " + r.uri.getAuthority() + ": " + status + ": " + msg, where, label, -1, null);
  }

  /** A short excerpt of the error log at {@code url}, or a note why it could not be read. */
  private String errorLog(String url) {
    if (url == null || url.isEmpty()) {
      return "";
    }
    try {
      HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(config.readTimeout()).GET().build();
      HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = r.body()) {
        byte[] head = in.readNBytes(ERROR_LOG_EXCERPT);
        String text = new String(head, StandardCharsets.UTF_8).strip();
        return "; error log " + url + ": " + text + (head.length == ERROR_LOG_EXCERPT ? " ..." : "");
      }
    } catch (IOException | IllegalArgumentException e) {
      return "; error log " + url + " unreadable: " + describe(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "; error log " + url + " unread (interrupted)";
    }
  }

  private DorisException failure(ErrorKind kind, String message, String where, String label, long txnId, Throwable cause) {
    return new DorisException(kind, redact(message), where, label, txnId, cause);
  }

  private DorisException again(DorisException e, int attempts) {
    String m = e.getMessage() + " (after " + attempts + " attempts)";
    if (e instanceof DorisSqlException) {
      DorisSqlException s = (DorisSqlException) e;
      return new DorisSqlException(s.kind(), m, s.table(), s.statement(), s.errCode(), s.detailMessage());
    }
    return new DorisException(e.kind(), m, e.table(), e.label(), e.txnId(), e);
  }

  /** Removes the password from any text that could reach a log or an exception. */
  private String redact(String s) {
    String pw = config.password();
    if (s == null || pw.length() < 3) {
      return s;
    }
    return s.replace(pw, "***");
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null || m.isEmpty() ? "" : ": " + m);
  }

  private static String excerpt(String s) {
    if (s == null) {
      return "";
    }
    String t = s.strip();
    return t.length() <= BODY_EXCERPT ? t : t.substring(0, BODY_EXCERPT) + " ...";
  }

  private static String excerptStmt(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + " ...";
  }

  private static String text(JsonNode n, String field, String dflt) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? dflt : v.asText();
  }

  private static String encodePath(String segment) {
    return java.net.URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private void sleep(Duration d, String where, String label) {
    try {
      Thread.sleep(d.toMillis()); // backoff between attempts
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(ErrorKind.INTERRUPTED, "interrupted while backing off for " + where, where, label, -1, e);
    }
  }

  /** Releases the HTTP threads. */
  @Override
  public void close() {
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "DorisClient{" + config + "}";
  }

  /** Connecting to an FE failed before anything was sent: the next FE may be tried. */
  private static final class FeUnreachable extends Exception {
    private static final long serialVersionUID = 1L;

    FeUnreachable(Throwable cause) {
      super(cause);
    }
  }
}
