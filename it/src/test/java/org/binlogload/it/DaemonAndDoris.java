package org.binlogload.it;

import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A Doris target and a daemon in its own JVM, started before a test class and stopped after it. */
final class DaemonAndDoris implements BeforeAllCallback, AfterAllCallback {
  private final String home;
  private DorisTarget doris;
  private DaemonProcess daemon;

  DaemonAndDoris(String home) {
    this.home = home;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    doris = DorisTarget.start();
    daemon = DaemonProcess.prepare(E2e.home(home), doris, Map.of()).start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (daemon != null) {
      daemon.stop();
    }
    if (doris != null) {
      doris.close();
    }
  }

  /** The Doris the daemon loads into: the double, or a real Doris from DORIS_FE_HTTP. */
  DorisTarget doris() {
    return doris;
  }

  /** The running daemon. */
  DaemonProcess daemon() {
    return daemon;
  }
}
