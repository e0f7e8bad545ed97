package org.binlogload.connector.doris;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 PUT with {@code Expect: 100-continue} on its own connection, for Stream Load.
 *
 * <p>java.net.http (JDK 17) waits forever when a server answers an expect-continue request with a final response
 * that has a body, which is exactly what Doris's FE and BE do when they refuse a load before reading it (bad auth,
 * unknown table, {@code Label Already Exists}). This exchange reads whatever comes first: {@code 100 Continue}, after
 * which the body is streamed in chunks, or the final answer, after which nothing is sent and the connection is closed.
 */
final class RawHttp {
  private static final int MAX_HEADER_LINE = 16 * 1024;
  private static final int MAX_BODY = 4 * 1024 * 1024;
  private static final byte[] CRLF = {'\r', '\n'};

  private RawHttp() {}

  /**
   * Sends {@code PUT uri} with {@code headers}; with a null {@code body} sends {@code Content-Length: 0}, else streams
   * {@code body} chunked once the server said {@code 100 Continue} (or at once when {@code expectContinue} is off).
   *
   * @throws ConnectException when no connection could be made (nothing was sent)
   * @throws SocketTimeoutException when an answer took longer than {@code readTimeout} / {@code answerTimeout}
   */
  static Answer put(URI uri, List<String[]> headers, InputStream body, boolean expectContinue,
      Duration connectTimeout, Duration readTimeout, Duration answerTimeout) throws IOException {
    if (!"http".equalsIgnoreCase(uri.getScheme())) {
      throw new IOException("only http is supported, not " + uri.getScheme() + " (" + uri.getAuthority() + ")");
    }
    String host = uri.getHost();
    int port = uri.getPort() < 0 ? 80 : uri.getPort();
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    Socket socket = new Socket();
    try {
      try {
        socket.connect(new InetSocketAddress(bare, port), (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
      } catch (SocketTimeoutException e) {
        ConnectException c = new ConnectException("connect to " + host + ":" + port + " timed out");
        c.initCause(e);
        throw c;
      }
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
      StringBuilder head = new StringBuilder(512);
      String target = uri.getRawPath() + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "");
      head.append("PUT ").append(target.isEmpty() ? "/" : target).append(" HTTP/1.1\r\n");
      head.append("Host: ").append(host).append(':').append(port).append("\r\n");
      for (String[] h : headers) {
        head.append(h[0]).append(": ").append(h[1]).append("\r\n");
      }
      if (body == null) {
        head.append("Content-Length: 0\r\n");
      } else {
        head.append("Transfer-Encoding: chunked\r\n");
      }
      if (expectContinue) {
        head.append("Expect: 100-continue\r\n");
      }
      head.append("Connection: close\r\n\r\n");
      out.write(head.toString().getBytes(StandardCharsets.UTF_8)); // Doris reads header bytes as UTF-8 (names in `columns`)
      out.flush();

      if (expectContinue) {
        socket.setSoTimeout(timeoutMillis(readTimeout));
        Answer early = readAnswer(in, uri, true);
        if (early != null) {
          return early; // refused (or redirected) before the body: send nothing
        }
      }
      if (body != null) {
        try {
          writeChunked(body, out);
        } catch (IOException e) {
          // the server may have answered and closed while the body was streaming: prefer its answer
          if (body instanceof RowBodyStream && ((RowBodyStream) body).failure() != null) {
            throw e;
          }
          Answer a = tryReadAfterFailedWrite(socket, in, uri);
          if (a != null) {
            return a;
          }
          throw e;
        }
      }
      socket.setSoTimeout(timeoutMillis(answerTimeout));
      Answer a = readAnswer(in, uri, false);
      if (a == null) {
        throw new EOFException("no answer from " + uri.getAuthority());
      }
      return a;
    } finally {
      socket.close();
    }
  }

  private static int timeoutMillis(Duration d) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
  }

  private static Answer tryReadAfterFailedWrite(Socket socket, InputStream in, URI uri) {
    try {
      socket.setSoTimeout(1000);
      return readAnswer(in, uri, false);
    } catch (IOException ignored) {
      return null; // the write failure is the error reported
    }
  }

  private static void writeChunked(InputStream body, OutputStream out) throws IOException {
    byte[] buf = new byte[RowBodyStream.CHUNK];
    while (true) {
      int n = body.readNBytes(buf, 0, buf.length);
      if (n <= 0) {
        break;
      }
      out.write(Integer.toHexString(n).getBytes(StandardCharsets.ISO_8859_1));
      out.write(CRLF);
      out.write(buf, 0, n);
      out.write(CRLF);
      if (n < buf.length) {
        break;
      }
    }
    out.write('0');
    out.write(CRLF);
    out.write(CRLF);
    out.flush();
  }

  /**
   * Reads the next answer. With {@code untilContinue}, returns null on {@code 100 Continue} (the body may be sent);
   * other 1xx answers are skipped.
   */
  private static Answer readAnswer(InputStream in, URI uri, boolean untilContinue) throws IOException {
    while (true) {
      String statusLine = readLine(in);
      if (statusLine == null) {
        throw new EOFException("connection closed by " + uri.getAuthority() + " before an answer");
      }
      if (statusLine.isEmpty()) {
        continue;
      }
      String[] parts = statusLine.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
        throw new IOException("bad status line from " + uri.getAuthority() + ": " + statusLine);
      }
      int status;
      try {
        status = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        throw new IOException("bad status line from " + uri.getAuthority() + ": " + statusLine, e);
      }
      Map<String, String> headers = new HashMap<>();
      String line;
      while ((line = readLine(in)) != null && !line.isEmpty()) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
      }
      if (status >= 100 && status < 200) {
        if (status == 100 && untilContinue) {
          return null;
        }
        continue;
      }
      String body = readBody(in, headers);
      return new Answer(status, headers, body, uri);
    }
  }

  private static String readBody(InputStream in, Map<String, String> headers) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    String te = headers.get("transfer-encoding");
    String cl = headers.get("content-length");
    if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
      while (true) {
        String sizeLine = readLine(in);
        if (sizeLine == null) {
          throw new EOFException("chunked answer cut short");
        }
        int semi = sizeLine.indexOf(';');
        int size = Integer.parseInt((semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim(), 16);
        if (size == 0) {
          String trailer;
          while ((trailer = readLine(in)) != null && !trailer.isEmpty()) {
            // trailers are ignored
          }
          break;
        }
        copy(in, b, size);
        readLine(in);
      }
    } else if (cl != null) {
      copy(in, b, Long.parseLong(cl.trim()));
    } else {
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) > 0 && b.size() < MAX_BODY) {
        b.write(buf, 0, n);
      }
    }
    return b.toString(StandardCharsets.UTF_8);
  }

  private static void copy(InputStream in, ByteArrayOutputStream b, long n) throws IOException {
    if (n > MAX_BODY) {
      throw new IOException("answer body of " + n + " bytes is over " + MAX_BODY);
    }
    byte[] bytes = in.readNBytes((int) n);
    if (bytes.length < n) {
      throw new EOFException("answer body cut short: " + bytes.length + " of " + n + " bytes");
    }
    b.write(bytes);
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder s = new StringBuilder(64);
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        int len = s.length();
        if (len > 0 && s.charAt(len - 1) == '\r') {
          s.setLength(len - 1);
        }
        return s.toString();
      }
      if (s.length() >= MAX_HEADER_LINE) {
        throw new IOException("header line over " + MAX_HEADER_LINE + " bytes");
      }
      s.append((char) c);
    }
    return s.length() == 0 ? null : s.toString();
  }
}
