package org.binlogload.connector.doris;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.binlogload.connector.load.LoadRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the client puts on the wire, seen by a scripted FE and BE speaking raw HTTP/1.1. */
@Timeout(60)
class WireTest {
  /** One request as the server read it. */
  static final class Seen {
    final String requestLine;
    final Map<String, String> headers;
    final String body;

    Seen(String requestLine, Map<String, String> headers, String body) {
      this.requestLine = requestLine;
      this.headers = headers;
      this.body = body;
    }
  }

  /** A one-request-per-connection HTTP server whose answers are scripted per request. */
  static final class Scripted implements AutoCloseable {
    final ServerSocket socket;
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    final Thread thread;

    /** {@code answer} returns null to send 100 Continue and read the body first, or the raw early answer. */
    Scripted(Function<Seen, String> early, Function<Seen, String> answer) throws IOException {
      socket = new ServerSocket(0);
      thread = new Thread(() -> {
        while (!socket.isClosed()) {
          try (Socket s = socket.accept()) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            String requestLine = line(in);
            Map<String, String> h = new LinkedHashMap<>();
            String l;
            while ((l = line(in)) != null && !l.isEmpty()) {
              int c = l.indexOf(':');
              h.put(l.substring(0, c).trim().toLowerCase(Locale.ROOT), l.substring(c + 1).trim());
            }
            Seen headOnly = new Seen(requestLine, h, null);
            String e = early.apply(headOnly);
            if (e != null) {
              seen.add(headOnly);
              out.write(e.getBytes(StandardCharsets.UTF_8));
              out.flush();
              continue;
            }
            if ("100-continue".equalsIgnoreCase(h.get("expect"))) {
              out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
              out.flush();
            }
            String body = readBody(in, h);
            Seen full = new Seen(requestLine, h, body);
            seen.add(full);
            out.write(answer.apply(full).getBytes(StandardCharsets.UTF_8));
            out.flush();
          } catch (IOException e) {
            return;
          }
        }
      }, "scripted-http");
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }

    private static String readBody(InputStream in, Map<String, String> h) throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      if ("chunked".equalsIgnoreCase(h.get("transfer-encoding"))) {
        while (true) {
          int n = Integer.parseInt(line(in).trim(), 16);
          if (n == 0) {
            line(in);
            break;
          }
          b.write(in.readNBytes(n));
          line(in);
        }
      } else if (h.containsKey("content-length")) {
        b.write(in.readNBytes(Integer.parseInt(h.get("content-length"))));
      }
      return b.toString(StandardCharsets.UTF_8);
    }

    static String line(InputStream in) throws IOException {
      StringBuilder s = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0 && c != '\n') {
        if (c != '\r') {
          s.append((char) c);
        }
      }
      return c < 0 && s.length() == 0 ? null : s.toString();
    }
  }

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private static String json(int status, String body) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    return "HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + b.length
        + "\r\nConnection: close\r\n\r\n" + body;
  }

  private DorisClient client(int fePort) {
    DorisClient c = DorisClient.create(DorisConfig.builder().feAddress("127.0.0.1:" + fePort).user("loader")
        .password("pa:ss-w0rd").readTimeout(Duration.ofSeconds(5)).loadTimeout(Duration.ofSeconds(5))
        .retryPolicy(RetryPolicy.none()).build());
    open.add(c);
    return c;
  }

  private static LoadRequest wireRequest(String label) {
    return LoadRequest.builder().db("db1").table("t1").label(Label.parse(label)).columns(List.of("id")).build();
  }

  private static RowSource rows(int n) {
    List<LoadRow> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(LoadRow.upsert(Map.of("id", i), i));
    }
    return RowSource.of(rows);
  }

  @Test
  void feGetsHeadersWithoutBodyAndTheBeGetsAuthorizationExpectAndAChunkedBody() throws IOException {
    Scripted be = new Scripted(s -> null, s -> json(200, "{\"TxnId\":7,\"Label\":\"w-1\",\"TwoPhaseCommit\":\"true\","
        + "\"Status\":\"Success\",\"Message\":\"OK\",\"NumberTotalRows\":3,\"NumberLoadedRows\":3,"
        + "\"NumberFilteredRows\":0}"));
    open.add(be);
    Scripted fe = new Scripted(s -> "HTTP/1.1 307 Temporary Redirect\r\nLocation: http://127.0.0.1:" + be.port()
        + "/api/db1/t1/_stream_load?\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", s -> "");
    open.add(fe);

    LoadResult r = client(fe.port()).streamLoad(wireRequest("w-1"), rows(3));
    assertThat(r.isPrecommitted()).isTrue();
    assertThat(r.txnId()).isEqualTo(7);

    String auth = "Basic " + Base64.getEncoder().encodeToString("loader:pa:ss-w0rd".getBytes(StandardCharsets.UTF_8));
    Seen f = fe.seen.get(0);
    assertThat(f.requestLine).isEqualTo("PUT /api/db1/t1/_stream_load HTTP/1.1");
    assertThat(f.headers).containsEntry("authorization", auth).containsEntry("expect", "100-continue")
        .containsEntry("content-length", "0").containsEntry("label", "w-1").containsEntry("two_phase_commit", "true")
        .containsEntry("format", "json").containsEntry("read_json_by_line", "true")
        .containsEntry("columns", "`id`,__DORIS_DELETE_SIGN__,__binlog_load_seq")
        .containsEntry("function_column.sequence_col", "__binlog_load_seq").doesNotContainKey("hidden_columns")
        .containsEntry("max_filter_ratio", "0").containsEntry("strict_mode", "true").containsEntry("timeout", "5");
    Seen b = be.seen.get(0);
    assertThat(b.requestLine).isEqualTo("PUT /api/db1/t1/_stream_load? HTTP/1.1");
    assertThat(b.headers).containsEntry("authorization", auth).containsEntry("expect", "100-continue")
        .containsEntry("transfer-encoding", "chunked").containsEntry("label", "w-1");
    assertThat(b.body.split("\n")).hasSize(3).allMatch(line -> line.startsWith("{\"id\":"));
  }

  @Test
  void anEarlyAnswerWithABodyIsReadAndNoBodyIsSent() throws IOException {
    String exists = "{\"TxnId\":-1,\"Label\":\"w-2\",\"Status\":\"Label Already Exists\",\"ExistingJobStatus\":\"PRECOMMITTED\","
        + "\"Message\":\"errCode = 2, detailMessage = Label [w-2] has already been used, relate to txn [42]\"}";
    Scripted be = new Scripted(s -> json(200, exists), s -> "");
    open.add(be);
    Scripted fe = new Scripted(s -> "HTTP/1.1 307 Temporary Redirect\r\nLocation: http://127.0.0.1:" + be.port()
        + "/api/db1/t1/_stream_load\r\nContent-Length: 0\r\n\r\n", s -> "");
    open.add(fe);
    boolean[] opened = new boolean[1];
    LoadResult r = client(fe.port()).streamLoad(wireRequest("w-2"), () -> {
      opened[0] = true;
      return List.<LoadRow>of().iterator();
    });
    assertThat(r.status()).isEqualTo(LoadResult.Status.LABEL_ALREADY_EXISTS);
    assertThat(r.txnId()).isEqualTo(42);
    assertThat(opened[0]).as("row source opened").isFalse();
    assertThat(r.bodyBytes()).isZero();
  }

  @Test
  void feErrorsAndNonJsonAnswersAreClassified() throws IOException {
    Scripted fe = new Scripted(s -> s.headers.get("label").equals("w-3")
        ? json(200, "{\"status\":\"FAILED\",\"msg\":\"errCode = 7, detailMessage = unknown table, tableName=t1\"}")
        : "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", s -> "");
    open.add(fe);
    DorisClient c = client(fe.port());
    assertThatThrownBy(() -> c.streamLoad(wireRequest("w-3"), rows(1)))
        .isInstanceOfSatisfying(DorisException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UNKNOWN_TABLE);
          assertThat(e.getMessage()).contains("db1.t1").contains("w-3").doesNotContain("pa:ss-w0rd");
        });
    assertThatThrownBy(() -> c.streamLoad(wireRequest("w-4"), rows(1)))
        .isInstanceOfSatisfying(DorisException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL);
          assertThat(e.getMessage()).contains("is not JSON: hello");
        });
  }

  /** A BE that says 100 Continue, then reads at most {@code readLimit} body bytes before {@code then} runs. */
  private static final class RawBe implements AutoCloseable {
    final ServerSocket socket = new ServerSocket(0);
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final Thread thread;

    RawBe(int readLimit, String answer) throws IOException {
      thread = new Thread(() -> {
        try (Socket s = socket.accept()) {
          InputStream in = new BufferedInputStream(s.getInputStream());
          String l;
          while ((l = Scripted.line(in)) != null && !l.isEmpty()) {
            // headers
          }
          s.getOutputStream().write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          s.getOutputStream().flush();
          byte[] buf = new byte[8192];
          int n;
          while (received.size() < readLimit && (n = in.read(buf)) > 0) {
            synchronized (received) {
              received.write(buf, 0, n);
            }
          }
          if (answer != null) {
            s.getOutputStream().write(answer.getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
          }
        } catch (IOException e) {
          // the client went away: what arrived is in received
        }
      }, "raw-be");
      thread.setDaemon(true);
      thread.start();
    }

    String received() throws InterruptedException {
      thread.join(10_000);
      synchronized (received) {
        return received.toString(StandardCharsets.ISO_8859_1);
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private Scripted redirectingFe(int bePort) throws IOException {
    Scripted fe = new Scripted(s -> "HTTP/1.1 307 Temporary Redirect\r\nLocation: http://127.0.0.1:" + bePort
        + "/api/db1/t1/_stream_load\r\nContent-Length: 0\r\n\r\n", s -> "");
    open.add(fe);
    return fe;
  }

  /** {@code n} rows of about 100 bytes of JSON each; row {@code bad} (1-based) cannot be encoded, if positive. */
  private static RowSource rowsFailingAt(int n, int bad) {
    return () -> new java.util.Iterator<>() {
      int i;

      @Override
      public boolean hasNext() {
        return i < n;
      }

      @Override
      public LoadRow next() {
        i++;
        return LoadRow.upsert(Map.of("id", i == bad ? new Object() : (Object) ("row-" + i + "-" + "x".repeat(80))), i);
      }
    };
  }

  @Test
  void aBodyCutByARowThatCannotBeEncodedNeverEndsAsACompleteChunkedBody() throws Exception {
    RawBe be = new RawBe(Integer.MAX_VALUE, null);
    open.add(be);
    Scripted fe = redirectingFe(be.socket.getLocalPort());
    // rows 1..2999 fill several 64 KiB chunks that are sent; row 3000 fails the body mid-stream
    assertThatThrownBy(() -> client(fe.port()).streamLoad(wireRequest("w-5"), rowsFailingAt(5000, 3000)))
        .isInstanceOfSatisfying(DorisException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.BAD_ROW);
          assertThat(e.getMessage()).contains("w-5").contains("unsupported type java.lang.Object");
        });
    String body = be.received();
    assertThat(body.length()).as("chunks sent before the bad row").isGreaterThan(64 * 1024);
    // a last chunk would make Doris load the rows sent so far
    assertThat(body).doesNotEndWith("\r\n0\r\n\r\n");
  }

  @Test
  void anAnswerTheBeSentBeforeClosingMidBodyIsRead() throws Exception {
    String refused = "{\"TxnId\":9,\"Label\":\"w-6\",\"Status\":\"Fail\",\"Message\":\"[INTERNAL_ERROR]cancelled: tablet "
        + "writer failed\"}";
    RawBe be = new RawBe(256 * 1024, json(200, refused));
    open.add(be);
    Scripted fe = redirectingFe(be.socket.getLocalPort());
    // 200,000 rows (about 20 MB) cannot fit in the socket buffers: writing fails once the BE closed
    assertThatThrownBy(() -> client(fe.port()).streamLoad(wireRequest("w-6"), rowsFailingAt(200_000, -1)))
        .isInstanceOfSatisfying(DorisException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
          assertThat(e.getMessage()).contains("tablet writer failed").contains("w-6");
        });
  }
}
