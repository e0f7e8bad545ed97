package org.binlogload.connector.doris;

import java.io.IOException;
import java.net.SocketTimeoutException;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpStatus;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.io.HttpClientConnection;
import org.apache.hc.core5.http.io.HttpResponseInformationCallback;
import org.apache.hc.core5.http.message.MessageSupport;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.io.Closer;
import org.apache.hc.core5.util.Timeout;

/**
 * HttpClient 5's request executor with {@code Expect: 100-continue} as Stream Load needs it.
 *
 * <p>HttpClient's own executor holds the body back only after an early 3xx, 4xx or 5xx answer: after an early 2xx,
 * and after waiting in vain for {@code 100 Continue}, it sends the body anyway. Doris's BE refuses a load before
 * reading it with HTTP 200 and a JSON status ({@code Label Already Exists}, wrong password, unknown table), so here a
 * request with a body and {@code Expect: 100-continue}
 * <ul>
 *   <li>sends its body only after {@code 100 Continue} (other 1xx answers are skipped);
 *   <li>ends at a final answer that comes first, without sending any of the body;
 *   <li>fails with a {@link SocketTimeoutException} when no answer comes within the wait;
 *   <li>still returns an answer the server sent before closing when writing the body failed, unless the body itself
 *       could not be read.
 * </ul>
 * Such requests carry {@code Connection: close}, so a connection whose body was not sent is never reused. Every other
 * request runs through HttpClient's executor unchanged.
 */
final class ExpectContinueExecutor extends HttpRequestExecutor {
  private static final Timeout AFTER_FAILED_WRITE = Timeout.ofSeconds(1);

  private final Timeout waitForContinue;

  ExpectContinueExecutor(Timeout waitForContinue) {
    this.waitForContinue = waitForContinue;
  }

  @Override
  public ClassicHttpResponse execute(ClassicHttpRequest request, HttpClientConnection conn,
      HttpResponseInformationCallback informationCallback, HttpContext context) throws IOException, HttpException {
    StreamedBody body = (StreamedBody) context.getAttribute(StreamedBody.CONTEXT_ATTRIBUTE);
    if (body != null) {
      body.onSourceFailure(() -> conn.close(CloseMode.IMMEDIATE)); // never a well-formed end after a failed read
    }
    if (request.getEntity() == null || !expectsContinue(request)) {
      return super.execute(request, conn, informationCallback, context);
    }
    try {
      conn.sendRequestHeader(request);
      conn.flush();
      ClassicHttpResponse response = awaitContinue(conn);
      if (response == null) {
        response = sendBodyThenAnswer(request, conn, body);
      }
      if (MessageSupport.canResponseHaveBody(request.getMethod(), response)) {
        conn.receiveResponseEntity(response);
      }
      return response;
    } catch (HttpException | IOException | RuntimeException e) {
      Closer.closeQuietly(conn);
      throw e;
    }
  }

  private static boolean expectsContinue(ClassicHttpRequest request) {
    Header expect = request.getFirstHeader(HttpHeaders.EXPECT);
    return expect != null && "100-continue".equalsIgnoreCase(expect.getValue());
  }

  /** Null on {@code 100 Continue}; the final answer the server sent instead. */
  private ClassicHttpResponse awaitContinue(HttpClientConnection conn) throws IOException, HttpException {
    while (true) {
      if (!conn.isDataAvailable(waitForContinue)) {
        throw new SocketTimeoutException("no 100 Continue nor an answer within " + waitForContinue);
      }
      ClassicHttpResponse r = conn.receiveResponseHeader();
      if (r.getCode() == HttpStatus.SC_CONTINUE) {
        return null;
      }
      if (r.getCode() >= HttpStatus.SC_SUCCESS) {
        return r;
      }
    }
  }

  private static ClassicHttpResponse sendBodyThenAnswer(ClassicHttpRequest request, HttpClientConnection conn,
      StreamedBody body) throws IOException, HttpException {
    try {
      conn.sendRequestEntity(request);
      conn.flush();
    } catch (IOException e) {
      if (body != null && body.sourceFailed()) {
        throw e;
      }
      // the server may have answered and closed while the body was streaming: prefer its answer
      ClassicHttpResponse early = answerAfterFailedWrite(conn);
      if (early == null) {
        throw e;
      }
      return early;
    }
    return finalAnswer(conn);
  }

  private static ClassicHttpResponse answerAfterFailedWrite(HttpClientConnection conn) {
    try {
      return conn.isDataAvailable(AFTER_FAILED_WRITE) ? finalAnswer(conn) : null;
    } catch (IOException | HttpException ignored) {
      return null; // the write failure is the error reported
    }
  }

  private static ClassicHttpResponse finalAnswer(HttpClientConnection conn) throws IOException, HttpException {
    while (true) {
      ClassicHttpResponse r = conn.receiveResponseHeader();
      if (r.getCode() >= HttpStatus.SC_SUCCESS) {
        return r;
      }
    }
  }
}
