package org.binlogload.connector.doris;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests to one Doris cluster over an {@link HttpTransport}: FE failover, redirects followed by hand with
 * {@code Authorization} re-sent, HTTP statuses and transport failures turned into classified {@link DorisException}s,
 * answers parsed as JSON, retries per {@link RetryPolicy}, and the password kept out of every message.
 */
final class DorisHttp implements AutoCloseable {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(DorisHttp.class);
  private static final int MAX_REDIRECTS = 3;
  private static final int BODY_EXCERPT = 512;

  private final DorisConfig config;
  private final HttpTransport transport;
  private final String authorization;
  private final AtomicInteger preferredFe = new AtomicInteger();

  DorisHttp(DorisConfig config, HttpTransport transport) {
    this.config = config;
    this.transport = transport;
    this.authorization = "Basic " + Base64.getEncoder()
        .encodeToString((config.user() + ":" + config.password()).getBytes(StandardCharsets.UTF_8));
  }

  /** Builds the request of one hop: 0 is the FE, later hops follow redirects. */
  @FunctionalInterface
  interface Hop {
    HttpCall call(URI uri, int hop);
  }

  DorisConfig config() {
    return config;
  }

  /** The {@code Authorization} header value every request carries. */
  String authorization() {
    return authorization;
  }

  /** Sends one request as it is, outside FE failover and redirects (an error log on a BE). */
  Answer sendDirect(HttpCall call) throws IOException {
    return transport.send(call);
  }

  /**
   * Sends a request built for the FE at {@code path}, failing over to the next FE when one cannot be connected to,
   * and follows redirects by hand (each hop carries Authorization); a non-200 final answer throws.
   */
  Answer exchange(String path, Hop build, String where, String label) {
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
        lastConnect = failure(ErrorKind.CONNECTION, "no FE reachable for " + where + labelled(label) + ": "
            + fes.get(idx) + ": " + describe(e.getCause()), where, label, -1, e.getCause());
        LOG.warn("FE {} unreachable ({}), trying the next", fes.get(idx), describe(e.getCause()));
      }
    }
    throw lastConnect;
  }

  private Answer sendFollowing(URI first, Hop build, String where, String label) throws FeUnreachable {
    URI uri = first;
    for (int hop = 0; ; hop++) {
      Answer r = sendHop(build.call(uri, hop), hop, where, label);
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
        throw statusError(r, where, label);
      }
      return r;
    }
  }

  private Answer sendHop(HttpCall call, int hop, String where, String label) throws FeUnreachable {
    URI uri = call.uri();
    try {
      return transport.send(call);
    } catch (ConnectException e) {
      if (hop == 0) {
        throw new FeUnreachable(e);
      }
      throw failure(ErrorKind.CONNECTION, "cannot connect to BE " + uri.getAuthority() + " for " + where
          + labelled(label) + ": " + describe(e), where, label, -1, e);
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw failure(ErrorKind.INTERRUPTED, "interrupted during request for " + where, where, label, -1, e);
      }
      throw failure(DorisErrorClassifier.classify(e), "request to " + uri.getAuthority() + uri.getPath() + " for "
          + where + labelled(label) + " failed: " + describe(e), where, label, -1, e);
    }
  }

  private DorisException statusError(Answer r, String where, String label) {
    ErrorKind kind = DorisErrorClassifier.forHttpStatus(r.status);
    if (kind == ErrorKind.BAD_REQUEST) {
      kind = DorisErrorClassifier.classifyMessage(r.body, kind);
    } else if (kind == ErrorKind.AUTH && DorisErrorClassifier.classifyMessage(r.body, kind) == ErrorKind.PRIVILEGE) {
      kind = ErrorKind.PRIVILEGE; // a known user without the privilege, not wrong credentials
    }
    return failure(kind, "HTTP " + r.status + " from " + r.uri.getAuthority() + r.uri.getPath() + " for " + where
        + labelled(label) + ": " + excerpt(r.body), where, label, -1, null);
  }

  /** The answer's body as a JSON object, or a {@link ErrorKind#PROTOCOL} error. */
  JsonNode parseJson(Answer r, String where, String label) {
    try {
      JsonNode n = MAPPER.readTree(r.body);
      if (n == null || !n.isObject()) {
        throw new IOException("not a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw failure(ErrorKind.PROTOCOL, "answer from " + r.uri.getAuthority() + r.uri.getPath() + " for " + where
          + labelled(label) + " is not JSON: " + excerpt(r.body), where, label, -1, e);
    }
  }

  /** An FE's own error: {@code {"status":"FAILED","msg":...}} or {@code {"code":N,"msg":...}}. */
  DorisException feError(JsonNode json, Answer r, String what, String where, String label, ErrorKind fallback) {
    String msg = json.has("msg") ? json.path("msg").asText() : excerpt(r.body);
    JsonNode data = json.path("data");
    if (data.isTextual() && !data.asText().isEmpty() && !data.asText().equals(msg)) {
      msg = msg + ": " + data.asText();
    }
    String status = json.has("status") ? json.path("status").asText() : "code " + json.path("code").asText("?");
    ErrorKind kind = DorisErrorClassifier.classifyMessage(msg, fallback);
    return failure(kind, what + " refused by " + r.uri.getAuthority() + ": " + status + ": " + msg, where, label, -1, null);
  }

  /**
   * Runs {@code attempt} (given its number, from 1) until it succeeds, throws an error {@code retry} refuses, or the
   * retry policy's attempts are spent; backs off between attempts. The last error says after how many attempts.
   */
  <T> T retrying(String what, String where, String label, Predicate<DorisException> retry, IntFunction<T> attempt) {
    RetryPolicy policy = config.retryPolicy();
    for (int n = 1; ; n++) {
      try {
        return attempt.apply(n);
      } catch (DorisException e) {
        if (!retry.test(e) || n >= policy.maxAttempts()) {
          throw n > 1 ? again(e, n) : e;
        }
        Duration pause = policy.backoff(n);
        LOG.warn("{} attempt {}/{} failed ({}), retrying in {} ms: {}", what, n, policy.maxAttempts(), e.kind(),
            pause.toMillis(), e.getMessage());
        sleep(pause, where, label);
      }
    }
  }

  /** A classified error whose message never shows the password. */
  DorisException failure(ErrorKind kind, String message, String where, String label, long txnId, Throwable cause) {
    return new DorisException(kind, redact(message), where, label, txnId, cause);
  }

  private static DorisException again(DorisException e, int attempts) {
    String m = e.getMessage() + " (after " + attempts + " attempts)";
    if (e instanceof DorisSqlException) {
      DorisSqlException s = (DorisSqlException) e;
      return new DorisSqlException(s.kind(), m, s.table(), s.statement(), s.errCode(), s.detailMessage());
    }
    return new DorisException(e.kind(), m, e.table(), e.label(), e.txnId(), e);
  }

  /** Removes the password from any text that could reach a log or an exception. */
  String redact(String s) {
    String pw = config.password();
    if (s == null || pw.length() < 3) {
      return s;
    }
    return s.replace(pw, "***");
  }

  /** Sleeps {@code d} between attempts or polls. */
  void sleep(Duration d, String where, String label) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(ErrorKind.INTERRUPTED, "interrupted while backing off for " + where, where, label, -1, e);
    }
  }

  static String labelled(String label) {
    return label != null ? " (label " + label + ")" : "";
  }

  static String describe(Throwable e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null || m.isEmpty() ? "" : ": " + m);
  }

  static String excerpt(String s) {
    if (s == null) {
      return "";
    }
    String t = s.strip();
    return t.length() <= BODY_EXCERPT ? t : t.substring(0, BODY_EXCERPT) + " ...";
  }

  static String text(JsonNode n, String field, String dflt) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? dflt : v.asText();
  }

  static String encodePath(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public void close() {
    transport.close();
  }

  /** Connecting to an FE failed before anything was sent: the next FE may be tried. */
  private static final class FeUnreachable extends Exception {
    private static final long serialVersionUID = 1L;

    FeUnreachable(Throwable cause) {
      super(cause);
    }
  }
}
