package org.binlogload.connector.doris;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/** The one place deciding what a Doris failure means and whether it is worth retrying. */
public final class DorisErrorClassifier {
  private DorisErrorClassifier() {}

  /** Whether an operation failing with {@code t} may succeed when retried unchanged (with the same label). */
  public static boolean isRetryable(Throwable t) {
    return classify(t).retryable();
  }

  /** The kind of any throwable: a {@link DorisException}'s own kind, or the kind of a transport failure. */
  public static ErrorKind classify(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof DorisException) {
        return ((DorisException) c).kind();
      }
      if (c instanceof HttpTimeoutException || c instanceof java.net.SocketTimeoutException) {
        return ErrorKind.TIMEOUT;
      }
      if (c instanceof ConnectException || c instanceof SocketException || c instanceof EOFException
          || c instanceof ClosedChannelException) {
        return ErrorKind.CONNECTION;
      }
      if (c instanceof InterruptedIOException) {
        return ErrorKind.TIMEOUT;
      }
    }
    // a peer closing mid-exchange may come as a plain IOException (HttpClient 5 NoHttpResponseException, java.net.http)
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof IOException) {
        return ErrorKind.CONNECTION;
      }
    }
    return ErrorKind.PROTOCOL;
  }

  /** The kind of an HTTP status other than 200 (and other than a redirect). */
  public static ErrorKind forHttpStatus(int status) {
    if (status == 401 || status == 403) {
      return ErrorKind.AUTH;
    }
    if (status == 408) {
      return ErrorKind.TIMEOUT;
    }
    if (status == 413) {
      return ErrorKind.BODY_TOO_LARGE; // the BE's HTTP server caps a chunked body at streaming_load_max_mb
    }
    if (status == 429) {
      return ErrorKind.TRANSIENT;
    }
    if (status >= 500) {
      return ErrorKind.SERVER_ERROR;
    }
    return ErrorKind.BAD_REQUEST;
  }

  /**
   * The kind of a Doris error message (FE {@code msg}, BE {@code Message}, or an
   * {@code errCode = N, detailMessage = ...}). The texts are Doris's own: FE {@code ErrorCode} (1045 access denied, 1142 command denied, 1227 privileges, 1049
   * unknown database), BE {@code Status} codes printed as {@code [NAME]} or {@code [E-235]}, and the messages of
   * {@code StreamLoadPlanner}, {@code SystemInfoService} and the BE's {@code stream_load.cpp}.
   */
  public static ErrorKind classifyMessage(String message, ErrorKind fallback) {
    if (message == null || message.isEmpty()) {
      return fallback;
    }
    String m = message.toLowerCase(Locale.ROOT);
    if (m.contains("for stream load was disabled")) { // BE disable_stream_load_2pc, reported as [INTERNAL_ERROR]
      return ErrorKind.TWO_PHASE_DISABLED;
    }
    if (m.contains("state(schema_change) is not normal") || m.contains("is not normal. do not allow")) {
      return ErrorKind.SCHEMA_CHANGE_RUNNING;
    }
    if (m.contains("is not stable")) {
      return ErrorKind.NOT_STABLE;
    }
    if (m.contains("privilege(s)") || m.contains("command denied") || m.contains("no privilege")
        || (m.contains("access denied for user") && m.contains("to database"))) {
      return ErrorKind.PRIVILEGE;
    }
    if (m.contains("access denied") || m.contains("unauthorized") || m.contains("password is wrong")
        || m.contains("authentication failed") || m.contains("need auth information")
        || m.contains("no valid basic authorization")) {
      return ErrorKind.AUTH;
    }
    if (m.contains("there is no sequence column")) {
      return ErrorKind.NO_SEQUENCE_COLUMN;
    }
    if (m.contains("failed to find enough backend") || m.contains("failed to find enough host")) {
      return ErrorKind.NOT_ENOUGH_BACKENDS;
    }
    if (m.contains("body exceed max size") || m.contains("exceed the max size")) {
      return ErrorKind.BODY_TOO_LARGE;
    }
    if (m.contains("unknown column") || ((m.contains("column[") || m.contains("column [") || m.contains("column '"))
        && (m.contains("does not exist") || m.contains("not found")))) {
      return ErrorKind.UNKNOWN_COLUMN;
    }
    if (m.contains("unknown database") || m.contains("database not found") || m.contains("database does not exist")
        || (m.contains("db ") && m.contains("does not exist"))) {
      return ErrorKind.UNKNOWN_DATABASE;
    }
    if (m.contains("unknown table") || m.contains("table not found") || m.contains("table does not exist")
        || (m.contains("table [") && m.contains("does not exist")) || (m.contains("table ") && m.contains("does not exist"))) {
      return ErrorKind.UNKNOWN_TABLE;
    }
    if (m.contains("unknown column") || (m.contains("column") && (m.contains("does not exist") || m.contains("does not exists")
        || m.contains("not found")))) {
      return ErrorKind.UNKNOWN_COLUMN;
    }
    if (m.contains("no 100-continue header")) {
      return ErrorKind.BAD_REQUEST;
    }
    if (m.contains("publish timeout") || m.contains("data will be visible later")) {
      return ErrorKind.PUBLISH_TIMEOUT;
    }
    // BE TOO_MANY_VERSION (-235): "[E-235]failed to init rowset builder. version count: N, exceed limit: M, tablet: T"
    if (m.contains("too many versions") || m.contains("e-235") || m.contains("too_many_version")
        || (m.contains("version count") && m.contains("exceed limit"))) {
      return ErrorKind.TOO_MANY_VERSIONS;
    }
    if (m.contains("too many filtered rows")) { // older BEs say [INTERNAL_ERROR], newer ones [DATA_QUALITY_ERROR]
      return ErrorKind.FILTERED_ROWS;
    }
    if (m.contains("is not alive") || m.contains("no available backend")
        || m.contains("larger than limit") || m.contains("timed out") || m.contains("timeout") || m.contains("rpc failed")
        || m.contains("not master") || m.contains("memory exceed") || m.contains("mem limit exceeded")) {
      return ErrorKind.TRANSIENT;
    }
    if (m.contains("syntax error")) {
      return ErrorKind.BAD_REQUEST;
    }
    // BE status codes as Doris prints them: "[INTERNAL_ERROR]...", or a 2PC answer's status
    if (m.contains("[internal_error]") || m.contains("[timeout]") || m.contains("[too_many_tasks]")
        || m.contains("[mem_limit_exceeded]") || m.contains("[service_unavailable]") || m.contains("[rpc_error]")) {
      return ErrorKind.TRANSIENT;
    }
    if (m.contains("[analysis_error]") || m.contains("[invalid_argument]") || m.contains("[not_implemented_error]")) {
      return fallback == null ? ErrorKind.BAD_REQUEST : fallback;
    }
    if (m.contains("[data_quality_error]")) {
      return ErrorKind.FILTERED_ROWS;
    }
    return fallback;
  }
}
