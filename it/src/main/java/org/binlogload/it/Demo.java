package org.binlogload.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.binlogload.testkit.MariaDbServer;

/**
 * The demo behind {@code scripts/demo.sh}: the private MariaDB, the Doris double, the daemon as its own process, a
 * sync job created by SQL through the admin API, a mixed workload with DDL, progress, SHOW SYNC JOB, and the proof
 * that source and target hold the same rows. Stops everything it started.
 */
public final class Demo {
  private static final String SOURCE = "demo_shop";
  private static final String TARGET = "demo";
  private static final String JOB = "shop_sync";
  /** A source table the job leaves out by its EXCLUDE clause. */
  private static final String EXCLUDED = "audit_log";
  /** Workload steps run before the job exists: the rows its initial snapshot copies. */
  private static final int PREFILL_STEPS = 500;

  private Demo() {
  }

  /** Runs the demo: {@code Demo [steps] [seed]} (default 300 steps, seed 42). */
  public static void main(String[] args) throws Exception {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 42L;
    int rc;
    try {
      rc = run(steps, seed);
    } catch (Throwable e) {
      System.out.println();
      System.out.println("DEMO FAILED: " + e);
      e.printStackTrace(System.out);
      rc = 1;
    }
    System.exit(rc);
  }

  static int run(int steps, long seed) throws Exception {
    banner("1. the private MariaDB and the Doris double");
    MariaDbServer mysql = MariaDbServer.dedicated("default");
    System.out.println("MariaDB: " + mysql.host() + ":" + mysql.port() + " (binlog ROW/FULL, replication user "
        + mysql.replUser() + ")");
    Path work = Files.createTempDirectory("binlog-load-demo-");
    try (DorisTarget doris = DorisTarget.start()) {
      System.out.println("Doris:   " + doris);
      try (Connection c = mysql.adminConnection(null); Statement st = c.createStatement()) {
        st.execute("DROP DATABASE IF EXISTS " + SOURCE);
        st.execute("CREATE DATABASE " + SOURCE + " CHARACTER SET utf8mb4");
      }
      Workload workload = new Workload(SOURCE, seed);
      try (Connection c = mysql.adminConnection(SOURCE)) {
        workload.create(c);
        workload.run(c, PREFILL_STEPS, false); // rows that exist before the job: its initial snapshot copies them
        try (Statement st = c.createStatement()) {
          st.execute("CREATE TABLE " + EXCLUDED + " (id INT AUTO_INCREMENT PRIMARY KEY, what VARCHAR(100))");
          st.execute("INSERT INTO " + EXCLUDED + " (what) VALUES ('prefill'), ('kept out of Doris')");
        }
      }
      System.out.println("MySQL tables " + SOURCE + "." + Workload.TABLES + " created, with " + workload.statements()
          + " statements of existing rows (the job's initial snapshot copies them), and " + SOURCE + "." + EXCLUDED
          + ", which the job excludes");
      doris.recreateDatabase(TARGET);
      System.out.println("Doris database " + TARGET + " created (the job creates its tables)");

      banner("2. the daemon (its own JVM, home " + work + ")");
      try (DaemonProcess daemon = DaemonProcess.prepare(work, doris, Map.of()).start()) {
        System.out.println("daemon pid " + daemon.pid() + ", admin API http://127.0.0.1:" + daemon.adminPort());
        AdminClient admin = daemon.admin();

        banner("3. CREATE SYNC JOB with the CLI (bin/binlog-load sql: POST /api/sql of the daemon)");
        String create = "CREATE SYNC JOB " + TARGET + "." + JOB + " (\n"
            + "  FROM " + SOURCE + ".* INTO " + TARGET + " EXCLUDE (" + EXCLUDED + ")\n"
            + ") FROM BINLOG (\n"
            + "  \"type\" = \"mysql\",\n"
            + "  \"mysql.host\" = \"" + mysql.host() + "\", \"mysql.port\" = \"" + mysql.port() + "\",\n"
            + "  \"mysql.user\" = \"" + mysql.replUser() + "\", \"mysql.password\" = \"" + mysql.replPassword()
            + "\"\n" // no start position: "initial", copy the existing rows, then follow the binlog
            + ") PROPERTIES (\"sync_commit_interval_second\" = \"1\");";
        boolean viaCli = cli(daemon, create, mysql.replPassword());
        if (!viaCli) {
          AdminClient.Result created = admin.sql(create);
          System.out.println("=> " + (created.ok() ? created.msg() : "REFUSED: " + created.msg()));
        }
        if (admin.job(JOB).isMissingNode()) {
          System.out.println("the job was not created; daemon log:\n" + daemon.tail(30));
          return 1;
        }
        waitRunning(admin);

        banner("4. workload: " + steps + " steps of inserts, updates, deletes, key updates, transactions, DDL (seed "
            + seed + ")");
        // A job started at a past position decodes rows with the table definitions the schema history took when
        // it connected; the first DDL waits until the job has committed rows, i.e. until it has connected.
        boolean[] connected = {false};
        workload.onDdl(sql -> {
          if (!connected[0]) {
            awaitCommitted(admin);
            connected[0] = true;
          }
          System.out.println("   ddl>  " + sql);
        });
        long t0 = System.nanoTime();
        long lastPrint = 0;
        try (Connection c = mysql.adminConnection(SOURCE)) {
          for (int i = 0; i < steps; i++) {
            workload.step(c, true);
            long now = System.nanoTime();
            if (now - lastPrint > 1_000_000_000L) {
              lastPrint = now;
              progress(admin, workload);
            }
          }
        }
        System.out.printf(Locale.ROOT, "workload done: %d statements in %.1f s%n", workload.statements(),
            (System.nanoTime() - t0) / 1e9);
        try (Connection c = mysql.adminConnection(SOURCE); Statement st = c.createStatement()) {
          st.execute("INSERT INTO " + EXCLUDED + " (what) VALUES ('after the job started')");
        }

        banner("5. waiting until Doris holds what MySQL holds");
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        boolean equal = false;
        while (System.nanoTime() < deadline) {
          progress(admin, workload);
          JsonNode j = admin.job(JOB);
          if (!"RUNNING".equals(j.path("state").asText())) {
            System.out.println("job is " + j.path("state").asText() + ": " + j.path("msg").asText());
            break;
          }
          if (allEqual(mysql, doris)) {
            equal = true;
            break;
          }
          Thread.sleep(1000); // demo pacing: one progress line a second while the job catches up
        }
        progress(admin, workload);

        banner("6. SHOW SYNC JOB FROM " + TARGET);
        if (!cli(daemon, "SHOW SYNC JOB FROM " + TARGET, mysql.replPassword())) {
          printVertical(admin.sql("SHOW SYNC JOB FROM " + TARGET));
        }

        banner("7. the tables in Doris");
        for (String t : Workload.TABLES) {
          if (!doris.tableExists(TARGET, t)) {
            System.out.println(TARGET + "." + t + ": does not exist");
            continue;
          }
          System.out.println("DESC " + TARGET + "." + t + ": " + doris.describe(TARGET, t));
          List<List<String>> rows = doris.rows(TARGET, t, List.of("id"));
          System.out.println("  " + rows.size() + " rows; first ones:");
          for (List<String> r : rows.subList(0, Math.min(3, rows.size()))) {
            System.out.println("    " + r);
          }
        }

        boolean excludedAbsent = !doris.tableExists(TARGET, EXCLUDED);
        System.out.println(TARGET + "." + EXCLUDED + ": " + (excludedAbsent ? "not in Doris, as EXCLUDE (" + EXCLUDED
            + ") asks" : "EXISTS, although the job excludes it"));

        banner("8. source and target, row for row");
        boolean same = compare(mysql, doris, true) && excludedAbsent;
        System.out.println(same ? "RESULT: source and target are EQUAL, row for row, on all "
            + Workload.TABLES.size() + " tables" : "RESULT: source and target DIFFER (see above)");
        if (!equal && same) {
          System.out.println("(equal only after the wait timed out)");
        }

        banner("9. STOP SYNC JOB and shut down");
        System.out.println("=> " + admin.sql("STOP SYNC JOB " + TARGET + "." + JOB).msg());
        AdminClient.Result after = admin.sql("SHOW SYNC JOB FROM " + TARGET);
        System.out.println("State: " + after.value(0, "State") + ", FinishTime: " + after.value(0, "FinishTime"));
        daemon.stop();
        System.out.println("daemon stopped; its log: " + work.resolve("daemon.log"));
        return same ? 0 : 1;
      }
    } finally {
      try (Connection c = mysql.adminConnection(null); Statement st = c.createStatement()) {
        st.execute("DROP DATABASE IF EXISTS " + SOURCE);
      } catch (SQLException e) {
        System.out.println("could not drop " + SOURCE + ": " + e.getMessage());
      }
    }
  }

  private static void awaitCommitted(AdminClient admin) {
    try {
      for (int i = 0; i < 600; i++) {
        JsonNode j = admin.job(JOB);
        if (j.path("totalRows").asLong() > 0 || !j.path("state").asText().equals("RUNNING")) {
          return;
        }
        Thread.sleep(100); // polling the job's progress
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new IllegalStateException("job " + JOB + " committed nothing in 60 s: " + admin.job(JOB));
  }

  private static void waitRunning(AdminClient admin) throws InterruptedException {
    for (int i = 0; i < 300; i++) {
      JsonNode j = admin.job(JOB);
      String s = j.path("state").asText();
      if (s.equals("RUNNING") && j.path("channelStatus").size() > 0) {
        System.out.println("job " + JOB + " is RUNNING with " + j.path("channelStatus").size() + " channels");
        return;
      }
      if (s.equals("PAUSED") || s.equals("CANCELLED")) {
        throw new IllegalStateException("job " + JOB + " is " + s + ": " + j.path("msg").asText());
      }
      Thread.sleep(100); // polling the job's state
    }
    throw new IllegalStateException("job " + JOB + " did not start running in 30 s: " + admin.job(JOB));
  }

  /** The binlog position now ({@code SHOW MASTER STATUS}), so the job starts exactly before the workload. */
  static String masterStatus(MariaDbServer mysql) throws SQLException {
    try (Connection c = mysql.adminConnection(null); Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
      rs.next();
      return rs.getString(1) + ":" + rs.getLong(2);
    }
  }

  private static long lastRows;
  private static long lastNanos;

  private static void progress(AdminClient admin, Workload w) {
    String status = admin.sql("SHOW SYNC JOB FROM " + TARGET).value(0, "Status");
    if (status != null && status.startsWith("phase:snapshot")) {
      System.out.println("   [snapshot] " + status.substring(0, status.indexOf(", position:")));
    }
    JsonNode j = admin.job(JOB);
    long rows = j.path("totalRows").asLong();
    long now = System.nanoTime();
    double rate = lastNanos == 0 || rows < lastRows ? 0 : (rows - lastRows) / ((now - lastNanos) / 1e9);
    lastRows = rows;
    lastNanos = now;
    String position = j.path("position").isNull() ? "N/A (nothing committed yet)" : j.path("position").asText();
    StringBuilder ch = new StringBuilder();
    for (JsonNode c : j.path("channelStatus")) {
      ch.append(ch.length() > 0 ? ", " : "").append(c.path("target").asText()).append('=')
          .append(c.path("rows").asLong());
    }
    System.out.printf(Locale.ROOT, "   [%s] mysql statements %d | synced rows %d (%.0f rows/s since the last line) |"
            + " lag %d ms | position %s | %s%n", j.path("state").asText(), w.statements(), rows, rate,
        j.path("delayMillis").asLong(), position, ch);
  }

  private static boolean allEqual(MariaDbServer mysql, DorisTarget doris) throws SQLException {
    return compare(mysql, doris, false);
  }

  private static boolean compare(MariaDbServer mysql, DorisTarget doris, boolean print) throws SQLException {
    boolean all = true;
    try (Connection c = mysql.adminConnection(SOURCE)) {
      for (String t : Workload.TABLES) {
        TableContents src = TableContents.mysql(c, SOURCE, t);
        if (!doris.tableExists(TARGET, t)) {
          all = false;
          if (print) {
            System.out.println(t + ": missing in Doris");
          }
          continue;
        }
        TableContents dst = TableContents.doris(doris, TARGET, t, List.of("id"));
        boolean same = src.sameAs(dst);
        all &= same;
        if (print) {
          System.out.printf(Locale.ROOT, "%-22s %6d rows  sha256 %s%n", "mysql " + src.name(), src.size(),
              src.checksum());
          System.out.printf(Locale.ROOT, "%-22s %6d rows  sha256 %s  %s%n", "doris " + dst.name(), dst.size(),
              dst.checksum(), same ? "EQUAL" : "DIFFERENT");
          if (!same) {
            System.out.print(src.diff(dst, 10));
          }
        }
      }
    }
    return all;
  }

  /**
   * Runs {@code bin/binlog-load sql "<statement>"} against the demo's daemon (the CLI, pointed at its admin API) and
   * prints what it prints, with {@code secret} masked in the echoed command; false when the CLI is not built.
   */
  private static boolean cli(DaemonProcess daemon, String statement, String secret) {
    Path script = MariaDbServer.Projects.root().resolve("bin/binlog-load");
    if (!Files.isExecutable(script)) {
      System.out.println("(bin/binlog-load not found: using the admin API directly)");
      return false;
    }
    System.out.println("$ bin/binlog-load sql \"" + statement.replace(secret, "******").replace("\"", "\\\"")
        + "\"");
    ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), "sql", statement).redirectErrorStream(true);
    pb.environment().put("BINLOG_LOAD_ADMIN_URL", "http://127.0.0.1:" + daemon.adminPort());
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      int rc = p.waitFor();
      System.out.print(out.replace(secret, "******"));
      if (rc != 0 && out.contains("not built")) {
        System.out.println("(the CLI is not built: using the admin API directly)");
        return false;
      }
      return rc == 0;
    } catch (java.io.IOException e) {
      System.out.println("(cannot run bin/binlog-load: " + e.getMessage() + "; using the admin API directly)");
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void printVertical(AdminClient.Result r) {
    if (!r.ok()) {
      System.out.println("refused: " + r.msg());
      return;
    }
    for (int i = 0; i < r.rows().size(); i++) {
      System.out.println("*************************** " + (i + 1) + ". row ***************************");
      for (int c = 0; c < r.columns().size(); c++) {
        System.out.printf(Locale.ROOT, "%14s: %s%n", r.columns().get(c), r.rows().get(i).get(c));
      }
    }
  }

  private static void banner(String s) {
    System.out.println();
    System.out.println("== " + s);
  }
}
