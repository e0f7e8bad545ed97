package org.binlogload.connector.doris;

import java.io.IOException;

/**
 * Sends one HTTP/1.1 request and reads its answer: the seam between the Doris client and an HTTP library.
 *
 * <p>Redirects are not followed (the client follows them by hand, re-sending {@code Authorization}) and nothing is
 * retried here. With {@link HttpCall#expectContinue()} the request waits for {@code 100 Continue} before its body and
 * reads whatever comes first: after a final answer the body is not sent at all (Doris refuses a load so, with HTTP 200
 * and a JSON status, before reading it); such a request gets a connection of its own, closed after the answer. When
 * writing the body fails, an answer the server sent before closing is still returned.
 */
interface HttpTransport extends AutoCloseable {
  /**
   * Sends {@code call} and returns its answer.
   *
   * @throws java.net.ConnectException when no connection could be made (nothing was sent)
   * @throws java.net.SocketTimeoutException when {@code 100 Continue} or an answer took too long
   * @throws IOException when the exchange failed otherwise, including a streamed body that could not be read
   */
  Answer send(HttpCall call) throws IOException;

  /** Releases the connections. */
  @Override
  void close();
}
