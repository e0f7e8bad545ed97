package org.binlogload.connector.doris;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link HttpTransport} over {@link RawHttp} for requests with {@code Expect: 100-continue} or a streamed body
 * (Stream Load), and java.net.http for the others (2PC, SQL, error logs).
 */
final class JdkTransport implements HttpTransport {
  private final Duration connectTimeout;
  private final Duration continueTimeout;
  private final ExecutorService executor;
  private final HttpClient http;

  JdkTransport(Duration connectTimeout, Duration continueTimeout) {
    this.connectTimeout = connectTimeout;
    this.continueTimeout = continueTimeout;
    AtomicInteger n = new AtomicInteger();
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "doris-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(connectTimeout)
        .executor(executor)
        .build();
  }

  @Override
  public Answer send(HttpCall call) throws IOException, InterruptedException {
    if (call.expectContinue() || call.stream() != null) {
      return RawHttp.put(call.uri(), call.headers(), call.stream(), call.expectContinue(), connectTimeout,
          continueTimeout, call.answerTimeout());
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(call.uri()).timeout(call.answerTimeout());
    for (String[] h : call.headers()) {
      b.header(h[0], h[1]);
    }
    b.method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(call.body()));
    HttpResponse<InputStream> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpConnectTimeoutException e) {
      ConnectException c = new ConnectException("connect to " + call.uri().getAuthority() + " timed out");
      c.initCause(e);
      throw c;
    }
    Map<String, String> headers = new HashMap<>();
    r.headers().map().forEach((k, v) -> {
      if (!v.isEmpty()) {
        headers.put(k.toLowerCase(Locale.ROOT), v.get(0));
      }
    });
    try (InputStream in = r.body()) {
      byte[] body = in.readNBytes(call.answerLimit());
      return new Answer(r.statusCode(), headers, new String(body, StandardCharsets.UTF_8), r.uri());
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
