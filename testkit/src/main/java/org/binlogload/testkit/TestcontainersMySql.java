package org.binlogload.testkit;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;

/**
 * A MySQL 8 from Testcontainers with a ROW binlog; opt-in with {@code -Dbinlogload.db=testcontainers}.
 * Reflection keeps Testcontainers an optional dependency: runs without Docker never load it.
 */
final class TestcontainersMySql extends MariaDbServer {
  private Object container;

  TestcontainersMySql() {
    super("testcontainers");
  }

  @Override
  public synchronized void start() {
    if (container != null) {
      return;
    }
    try {
      Class<?> type = Class.forName("org.testcontainers.containers.MySQLContainer");
      Object c = type.getConstructor(String.class).newInstance("mysql:8.0");
      type.getMethod("withUsername", String.class).invoke(c, "bl_admin");
      type.getMethod("withPassword", String.class).invoke(c, "bl_admin_pw");
      type.getMethod("withCommand", String[].class).invoke(c, (Object) new String[] {
          "--server-id=1", "--log-bin=mysql-bin", "--binlog-format=ROW", "--binlog-row-image=FULL",
          "--binlog-row-metadata=FULL", "--gtid-mode=ON", "--enforce-gtid-consistency=ON",
          "--character-set-server=utf8mb4"});
      type.getMethod("start").invoke(c);
      container = c;
      try (var conn = adminConnection(null); var st = conn.createStatement()) {
        for (String sql : List.of(
            "CREATE USER IF NOT EXISTS 'bl_repl'@'%' IDENTIFIED BY 'bl_repl_pw'",
            "GRANT SELECT, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'bl_repl'@'%'")) {
          st.execute(sql);
        }
      }
    } catch (ReflectiveOperationException | java.sql.SQLException e) {
      throw new IllegalStateException("cannot start a Testcontainers MySQL 8 (-Dbinlogload.db=testcontainers needs"
          + " a Docker engine and org.testcontainers:mysql on the test classpath): " + e, e);
    }
  }

  @Override
  public synchronized void stop() {
    invoke("stop");
    container = null;
  }

  @Override
  public synchronized void restart() {
    throw new UnsupportedOperationException("restart needs the private MariaDB (a container restart changes its port)");
  }

  @Override
  public String host() {
    return (String) invoke("getHost");
  }

  @Override
  public int port() {
    return (Integer) invokeWith("getMappedPort", 3306);
  }

  @Override
  public String adminUser() {
    return "root";
  }

  @Override
  public String adminPassword() {
    return "bl_admin_pw";
  }

  @Override
  public String replUser() {
    return "bl_repl";
  }

  @Override
  public String replPassword() {
    return "bl_repl_pw";
  }

  @Override
  public Path dataDir() {
    return null;
  }

  @Override
  public boolean isContainer() {
    return true;
  }

  private Object invoke(String method) {
    start();
    try {
      Method m = container.getClass().getMethod(method);
      return m.invoke(container);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(method + " on the MySQL container failed: " + e, e);
    }
  }

  private Object invokeWith(String method, int arg) {
    start();
    try {
      return container.getClass().getMethod(method, Integer.class).invoke(container, arg);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(method + " on the MySQL container failed: " + e, e);
    }
  }
}
