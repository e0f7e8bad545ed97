package org.binlogload.connector.doris;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One HTTP/1.1 request as the Doris client sends it through {@link HttpTransport}.
 *
 * @param method {@code GET}, {@code PUT} or {@code POST}
 * @param uri the target ({@code http} only)
 * @param headers name/value pairs sent as given (header bytes are UTF-8: Doris reads column names from them)
 * @param body a body of known length, or null
 * @param stream a body streamed with chunked transfer encoding, or null; read once
 * @param expectContinue whether to send {@code Expect: 100-continue} and wait for {@code 100 Continue} before the body
 * @param answerTimeout how long to wait for the final answer once the request (and its body) was sent
 * @param answerLimit how many bytes of the answer body to read at most
 */
record HttpCall(String method, URI uri, List<String[]> headers, byte[] body, InputStream stream,
    boolean expectContinue, Duration answerTimeout, int answerLimit) {
  /** The most of an answer body read by default: Doris's answers are small JSON documents. */
  static final int MAX_ANSWER = 4 * 1024 * 1024;

  /** A request without a body. */
  static HttpCall of(String method, URI uri, List<String[]> headers, Duration answerTimeout) {
    return new HttpCall(method, uri, List.copyOf(headers), null, null, false, answerTimeout, MAX_ANSWER);
  }

  /** This request with a body of known length. */
  HttpCall withBody(byte[] bytes) {
    return new HttpCall(method, uri, headers, bytes, null, expectContinue, answerTimeout, answerLimit);
  }

  /** This request with a body streamed chunked from {@code in}. */
  HttpCall withStream(InputStream in) {
    return new HttpCall(method, uri, headers, null, in, expectContinue, answerTimeout, answerLimit);
  }

  /** This request with or without {@code Expect: 100-continue}. */
  HttpCall withExpectContinue(boolean on) {
    return new HttpCall(method, uri, headers, body, stream, on, answerTimeout, answerLimit);
  }

  /** This request reading at most {@code bytes} of the answer body. */
  HttpCall withAnswerLimit(int bytes) {
    return new HttpCall(method, uri, headers, body, stream, expectContinue, answerTimeout, bytes);
  }
}
