package org.binlogload.testkit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test class a fresh schema on the project's private MariaDB (or, opt-in, a Testcontainers MySQL 8).
 *
 * <p>Declare {@code @ExtendWith(MariaDbExtension.class)} and take a {@link TestDatabase} or {@link MariaDbServer}
 * parameter in a test, a constructor, or a {@code @BeforeAll}/{@code @BeforeEach} method.
 */
public final class MariaDbExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(MariaDbExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    MariaDbServer server = MariaDbServer.shared();
    server.start();
    String schema = schemaName(context.getRequiredTestClass());
    try (Connection c = server.adminConnection(null); Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS `" + schema + "`");
      st.execute("CREATE DATABASE `" + schema + "` CHARACTER SET utf8mb4");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test schema " + schema + ": " + e.getMessage(), e);
    }
    context.getStore(NS).put("db", new TestDatabase(server, schema));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    TestDatabase db = context.getStore(NS).remove("db", TestDatabase.class);
    if (db == null || Boolean.getBoolean("binlogload.keepSchemas")) {
      return;
    }
    try (Connection c = db.server().adminConnection(null); Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS `" + db.schema() + "`");
    } catch (SQLException e) {
      // The schema is left behind on a server that is gone; the next run drops it by name. Say so.
      System.err.println("could not drop test schema " + db.schema() + ": " + e.getMessage());
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    Class<?> t = p.getParameter().getType();
    return t == TestDatabase.class || t == MariaDbServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    TestDatabase db = find(e);
    if (db == null) {
      throw new ParameterResolutionException("no TestDatabase: is @ExtendWith(MariaDbExtension.class) on the class?");
    }
    return p.getParameter().getType() == MariaDbServer.class ? db.server() : db;
  }

  private static TestDatabase find(ExtensionContext e) {
    for (ExtensionContext c = e; c != null; c = c.getParent().orElse(null)) {
      TestDatabase db = c.getStore(NS).get("db", TestDatabase.class);
      if (db != null) {
        return db;
      }
    }
    return null;
  }

  /** A schema name unique per test class: {@code t_<class>_<random>}, at most 64 characters. */
  static String schemaName(Class<?> testClass) {
    String simple = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    if (simple.length() > 40) {
      simple = simple.substring(0, 40);
    }
    return "t_" + simple + "_" + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36 * 36), 36);
  }
}
