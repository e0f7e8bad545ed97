package org.binlogload.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A MySQL-compatible server with a ROW binlog: the project's private MariaDB started by {@code scripts/mariadb.sh},
 * or a Testcontainers MySQL 8 when {@code -Dbinlogload.db=testcontainers} is set and a Docker engine exists.
 */
public class MariaDbServer {
  private static final Map<String, MariaDbServer> SERVERS = new ConcurrentHashMap<>();

  private final String name;
  private volatile Map<String, String> env = Map.of();
  private volatile String extraArgs = "";

  MariaDbServer(String name) {
    this.name = name;
  }

  /** The server shared by all test classes of a run, started on first use. */
  public static MariaDbServer shared() {
    if ("testcontainers".equalsIgnoreCase(System.getProperty("binlogload.db", ""))) {
      return SERVERS.computeIfAbsent("testcontainers", n -> new TestcontainersMySql());
    }
    return dedicated("default");
  }

  /** A server of its own for tests that stop, restart or reconfigure it (started on first use). */
  public static MariaDbServer dedicated(String name) {
    MariaDbServer server = SERVERS.computeIfAbsent(name, MariaDbServer::new);
    server.start();
    return server;
  }

  /** Starts the server when it is not running; idempotent. */
  public synchronized void start() {
    script("start");
    env = readEnv();
  }

  /** Stops the server this project started (and only that one). */
  public synchronized void stop() {
    script("stop");
  }

  /** Stops and starts the server; the datadir, binlog and port are kept. */
  public synchronized void restart() {
    script("restart");
    env = readEnv();
  }

  /**
   * Extra {@code mariadbd} arguments for the next start or restart of this server ({@code BL_MARIADB_EXTRA_ARGS}),
   * e.g. {@code --skip-log-bin}; empty for none.
   */
  public MariaDbServer extraArgs(String args) {
    this.extraArgs = args == null ? "" : args;
    return this;
  }

  /** Whether the server answers. */
  public boolean isRunning() {
    try (Connection c = adminConnection(null)) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  public String name() {
    return name;
  }

  public String host() {
    return env.getOrDefault("host", "127.0.0.1");
  }

  public int port() {
    return Integer.parseInt(env.get("port"));
  }

  public int serverId() {
    return Integer.parseInt(env.getOrDefault("server_id", "1"));
  }

  /** A user with all privileges, for tests that create schemas and tables. */
  public String adminUser() {
    return env.get("admin_user");
  }

  public String adminPassword() {
    return env.get("admin_password");
  }

  /** A user with only SELECT, REPLICATION SLAVE and REPLICATION CLIENT, as a sync job needs. */
  public String replUser() {
    return env.get("repl_user");
  }

  public String replPassword() {
    return env.get("repl_password");
  }

  /** The datadir, where the binlog files are; null for a container. */
  public Path dataDir() {
    String d = env.get("datadir");
    return d == null ? null : Path.of(d);
  }

  /** A JDBC URL for {@code schema} (null for none). */
  public String jdbcUrl(String schema) {
    return "jdbc:mysql://" + host() + ":" + port() + "/" + (schema == null ? "" : schema)
        + "?useSSL=false&allowPublicKeyRetrieval=true&characterEncoding=utf8&connectionTimeZone=SERVER"
        + "&zeroDateTimeBehavior=CONVERT_TO_NULL&allowMultiQueries=true";
  }

  /** A new connection as the admin user. */
  public Connection adminConnection(String schema) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(schema), adminUser(), adminPassword());
  }

  /** Whether this is a Testcontainers MySQL rather than the private MariaDB. */
  public boolean isContainer() {
    return false;
  }

  private Map<String, String> readEnv() {
    String out = script("env");
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : out.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        m.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
    return m;
  }

  /** Runs {@code scripts/mariadb.sh <command> [args]} for this server and returns its standard output. */
  public String script(String command, String... args) {
    Path script = Projects.root().resolve("scripts/mariadb.sh");
    java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("bash", script.toString(), command));
    cmd.addAll(java.util.List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("BL_MARIADB_NAME", name);
    if (!extraArgs.isEmpty()) {
      pb.environment().put("BL_MARIADB_EXTRA_ARGS", extraArgs);
    }
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      String out = readAll(p.getInputStream());
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("scripts/mariadb.sh " + command + " did not finish in 300 s");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException("scripts/mariadb.sh " + command + " (instance " + name + ") exited with "
            + p.exitValue() + "; see .mariadb/" + name + "/error.log");
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run scripts/mariadb.sh " + command + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running scripts/mariadb.sh " + command, e);
    }
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    in.transferTo(bytes);
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** Locates the project root (the folder holding scripts/mariadb.sh). */
  public static final class Projects {
    private Projects() {}

    public static Path root() {
      String configured = System.getProperty("binlogload.root");
      if (configured != null) {
        return Path.of(configured).toAbsolutePath();
      }
      Path p = Path.of("").toAbsolutePath();
      while (p != null) {
        if (Files.isRegularFile(p.resolve("scripts/mariadb.sh"))) {
          return p;
        }
        p = p.getParent();
      }
      throw new IllegalStateException("cannot find scripts/mariadb.sh above " + Path.of("").toAbsolutePath()
          + "; run from inside the project or set -Dbinlogload.root");
    }
  }
}
