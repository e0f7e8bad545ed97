package org.binlogload.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.binlogload.testkit.Wait;

/**
 * The standalone daemon ({@code org.binlogload.connector.daemon.Daemon}) as a child JVM with a home directory of
 * its own ({@code conf/binlog-load.conf}, {@code conf/logback.xml}, {@code data/}, {@code daemon.log}), so that a
 * test can kill it with SIGKILL and start it again on the same data directory.
 */
public final class DaemonProcess implements AutoCloseable {
  /** The daemon's main class. */
  public static final String MAIN = "org.binlogload.connector.daemon.Daemon";

  private final Path home;
  private final int adminPort;
  private final AdminClient admin;
  private Process process;
  private int starts;
  private List<String> jvmArgs = List.of();

  private DaemonProcess(Path home, int adminPort) {
    this.home = home;
    this.adminPort = adminPort;
    this.admin = new AdminClient("127.0.0.1", adminPort);
  }

  /**
   * Writes a home for a daemon syncing into {@code target} under {@code home}; {@code extra} adds or overrides
   * settings of {@code binlog-load.conf}. Nothing is started yet.
   */
  public static DaemonProcess prepare(Path home, DorisTarget target, Map<String, String> extra) {
    int port = freePort();
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("data_dir", "data");
    conf.put("admin_host", "127.0.0.1");
    conf.put("admin_port", String.valueOf(port));
    conf.put("doris.fe_http_addresses", target.feAddresses());
    conf.put("doris.user", target.user());
    conf.put("doris.password", target.password());
    conf.put("max_sync_task_threads_num", "4");
    conf.put("status_log_interval_second", "5");
    conf.putAll(extra);
    try {
      Files.createDirectories(home.resolve("conf/jobs"));
      StringBuilder sb = new StringBuilder("# written by org.binlogload.it.DaemonProcess\n");
      conf.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
      Path file = home.resolve("conf/binlog-load.conf");
      Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the file keeps its default permissions
      }
      Files.writeString(home.resolve("conf/logback.xml"), """
          <configuration>
            <appender name="FILE" class="ch.qos.logback.core.FileAppender">
              <file>${binlogload.home}/daemon.log</file>
              <append>true</append>
              <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
            </appender>
            <logger name="com.alibaba.otter" level="WARN"/>
            <logger name="com.alibaba.druid" level="WARN"/>
            <root level="INFO"><appender-ref ref="FILE"/></root>
          </configuration>
          """, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the daemon's home " + home + ": " + e.getMessage(), e);
    }
    return new DaemonProcess(home, port);
  }

  /** Extra JVM arguments for the next starts (e.g. {@code -XX:TieredStopAtLevel=1} for fast restarts). */
  public synchronized DaemonProcess jvmArgs(String... args) {
    this.jvmArgs = List.of(args);
    return this;
  }

  /** Starts the daemon and waits until {@code /health} answers. */
  public synchronized DaemonProcess start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("daemon already running (pid " + process.pid() + ")");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx384m");
    cmd.add("-XX:+UseSerialGC");
    cmd.addAll(jvmArgs);
    cmd.add("-Dbinlogload.home=" + home);
    cmd.add("-Dlogback.configurationFile=" + home.resolve("conf/logback.xml"));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(MAIN);
    cmd.add("--home");
    cmd.add(home.toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("daemon.out").toFile()));
    try {
      process = pb.start();
      process.getOutputStream().close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the daemon: " + e.getMessage(), e);
    }
    starts++;
    Process p = process;
    Wait.until("daemon (pid " + p.pid() + ") answering /health on port " + adminPort + "; see " + home
        + "/daemon.log", Duration.ofSeconds(60), () -> {
          if (!p.isAlive()) {
            throw new AssertionError("daemon exited with " + p.exitValue() + " before answering; last log lines:\n"
                + tail(40));
          }
          return admin.answering();
        });
    return this;
  }

  /** SIGKILL: the daemon gets no chance to finish anything. Waits until the process is gone. */
  public synchronized void kill9() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    waitFor(process);
    process = null;
  }

  /** SIGTERM: the daemon stops its jobs after their current round. Waits until the process is gone. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    waitFor(process);
    process = null;
  }

  private static void waitFor(Process p) {
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("daemon pid " + p.pid() + " did not exit in 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for the daemon to exit", e);
    }
  }

  /** Whether the process is alive. */
  public synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** The process id, or -1. */
  public synchronized long pid() {
    return process == null ? -1 : process.pid();
  }

  /** How many times the daemon was started. */
  public synchronized int starts() {
    return starts;
  }

  /** The admin API client. */
  public AdminClient admin() {
    return admin;
  }

  /** The admin API port. */
  public int adminPort() {
    return adminPort;
  }

  /** The daemon's home directory. */
  public Path home() {
    return home;
  }

  /** The last {@code n} lines of the daemon's log. */
  public String tail(int n) {
    try {
      Path log = home.resolve("daemon.log");
      List<String> lines = new ArrayList<>();
      if (Files.exists(log)) {
        lines.addAll(Files.readAllLines(log, StandardCharsets.UTF_8));
      }
      Path out = home.resolve("daemon.out");
      if (Files.exists(out)) {
        lines.addAll(Files.readAllLines(out, StandardCharsets.UTF_8));
      }
      return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    } catch (IOException e) {
      return "(cannot read the daemon's log: " + e.getMessage() + ")";
    }
  }

  /** The daemon's whole log. */
  public String log() {
    try {
      Path log = home.resolve("daemon.log");
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    stop();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port: " + e.getMessage(), e);
    }
  }
}
