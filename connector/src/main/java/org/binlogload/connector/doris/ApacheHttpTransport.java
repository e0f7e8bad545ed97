package org.binlogload.connector.doris;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.config.CharCodingConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * {@link HttpTransport} over Apache HttpClient 5 (classic, blocking I/O in the calling thread).
 *
 * <p>Pooled keep-alive connections for 2PC and SQL; one connection per request for Stream Load (requests with
 * {@code Expect: 100-continue}), whose early answers {@link ExpectContinueExecutor} reads without sending the body.
 * Header bytes are UTF-8 (Doris reads column names from them). HttpClient's own redirects, retries, content
 * compression, cookies and authentication caching are off: the Doris client follows redirects by hand, re-sending
 * {@code Authorization}, and retries per its {@link RetryPolicy}.
 */
final class ApacheHttpTransport implements HttpTransport {
  /** Loads run in parallel (one per channel and commit round): no pool limit should make them wait. */
  private static final int MAX_CONNECTIONS = 1024;

  private final PoolingHttpClientConnectionManager connections;
  private final CloseableHttpClient client;

  /**
   * @param connectTimeout TCP connect timeout
   * @param continueTimeout how long a request with {@code Expect: 100-continue} waits for the server's first word
   */
  ApacheHttpTransport(Duration connectTimeout, Duration continueTimeout) {
    this.connections = PoolingHttpClientConnectionManagerBuilder.create()
        .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
            .charCodingConfig(CharCodingConfig.custom().setCharset(StandardCharsets.UTF_8).build())
            .build())
        .setDefaultConnectionConfig(ConnectionConfig.custom()
            .setConnectTimeout(timeout(connectTimeout))
            .setValidateAfterInactivity(TimeValue.ofSeconds(1))
            .build())
        .setMaxConnTotal(MAX_CONNECTIONS)
        .setMaxConnPerRoute(MAX_CONNECTIONS)
        .setTlsSocketStrategy(new LazyTls())
        .build();
    this.client = HttpClients.custom()
        .setConnectionManager(connections)
        .setRequestExecutor(new ExpectContinueExecutor(timeout(continueTimeout)))
        .disableRedirectHandling()
        .disableAutomaticRetries()
        .disableContentCompression()
        .disableCookieManagement()
        .disableAuthCaching()
        .setUserAgent("binlog-load")
        .build();
  }

  @Override
  public Answer send(HttpCall call) throws IOException {
    URI uri = call.uri();
    if (!"http".equalsIgnoreCase(uri.getScheme())) {
      throw new IOException("only http is supported, not " + uri.getScheme() + " (" + uri.getAuthority() + ")");
    }
    HttpClientContext context = HttpClientContext.create();
    context.setRequestConfig(RequestConfig.custom().setResponseTimeout(timeout(call.answerTimeout())).build());
    BasicClassicHttpRequest request = request(call);
    if (request.getEntity() instanceof StreamedBody) {
      context.setAttribute(StreamedBody.CONTEXT_ATTRIBUTE, request.getEntity());
    }
    try (ClassicHttpResponse response = client.executeOpen(HttpHost.create(uri), request, context)) {
      return answer(uri, response, call.answerLimit());
    } catch (ConnectTimeoutException e) {
      ConnectException c = new ConnectException("connect to " + uri.getAuthority() + " timed out");
      c.initCause(e);
      throw c;
    }
  }

  private static BasicClassicHttpRequest request(HttpCall call) {
    BasicClassicHttpRequest request = new BasicClassicHttpRequest(call.method(), call.uri());
    for (String[] h : call.headers()) {
      request.addHeader(h[0], h[1]);
    }
    if (call.body() != null) {
      request.setEntity(new ByteArrayEntity(call.body(), null));
    } else if (call.stream() != null) {
      request.setEntity(new StreamedBody(call.stream()));
    }
    if (call.expectContinue()) {
      request.addHeader("Expect", "100-continue");
      request.addHeader("Connection", "close"); // an early answer leaves the request unfinished
    }
    return request;
  }

  private static Answer answer(URI uri, ClassicHttpResponse response, int limit) throws IOException {
    Map<String, String> headers = new HashMap<>();
    for (Header h : response.getHeaders()) {
      headers.putIfAbsent(h.getName().toLowerCase(Locale.ROOT), h.getValue());
    }
    String body = "";
    HttpEntity entity = response.getEntity();
    if (entity != null) {
      InputStream in = entity.getContent();
      body = new String(in.readNBytes(limit), StandardCharsets.UTF_8);
    }
    return new Answer(response.getCode(), headers, body, uri);
  }

  private static Timeout timeout(Duration d) {
    return Timeout.ofMilliseconds(Math.max(1, d.toMillis()));
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException ignored) {
      // closing the pool's sockets; nothing to do about a failure
    }
  }

  /**
   * The JDK's default TLS, built at the first TLS connection: Doris's FE and BE are reached over plain HTTP, and
   * building it reads the trust store (about 150 ms in a fresh JVM, at every job's creation).
   */
  private static final class LazyTls implements TlsSocketStrategy {
    private volatile TlsSocketStrategy tls;

    @Override
    public SSLSocket upgrade(Socket socket, String target, int port, Object attachment, HttpContext context)
        throws IOException {
      TlsSocketStrategy t = tls;
      if (t == null) {
        t = DefaultClientTlsStrategy.createDefault();
        tls = t;
      }
      return t.upgrade(socket, target, port, attachment, context);
    }
  }
}
