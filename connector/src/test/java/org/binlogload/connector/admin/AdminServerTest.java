package org.binlogload.connector.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.binlogload.connector.job.JobManager;
import org.binlogload.connector.state.MemoryStateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin server's limits: oversized headers are refused and the connection closed, idle connections closed. */
class AdminServerTest {
  private JobManager manager;
  private AdminServer server;

  @BeforeEach
  void start() {
    manager = JobManager.builder().store(new MemoryStateStore()).engine((id, def, store, listener) -> {
      throw new IllegalStateException("no jobs here");
    }).build();
    manager.start();
    server = AdminServer.start(new AdminApi(manager, null), "127.0.0.1", 0, 1);
  }

  @AfterEach
  void stop() {
    server.close();
    manager.close();
  }

  @Test
  void aHugeHeaderIsAnswered431AndTheConnectionClosedDespiteKeepAlive() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("GET /health HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\nX-Big: " + "a".repeat(64 << 10)
          + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer = readAll(s.getInputStream());
      assertThat(answer).startsWith("HTTP/1.1 431").containsIgnoringCase("connection: close")
          .contains("headers too large");
    }
  }

  @Test
  void aHalfSentRequestIsClosedOnceIdle() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      long t0 = System.nanoTime();
      assertThat(s.getInputStream().read()).as("the server closes the connection").isEqualTo(-1);
      assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(9_000);
    }
  }

  @Test
  void connectionCloseIsHonoured() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      String answer = readAll(s.getInputStream());
      assertThat(answer).startsWith("HTTP/1.1 200").contains("\"status\":\"UP\"");
    }
  }

  private static String readAll(InputStream in) throws Exception {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }
}
