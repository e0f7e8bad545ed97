package org.binlogload.connector.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.binlogload.connector.cli.Cli;
import org.binlogload.connector.job.FakeSyncEngine;
import org.binlogload.connector.job.JobState;
import org.binlogload.connector.job.JobValidator;
import org.binlogload.connector.job.SyncEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class DaemonTest {
  static final String PASSWORD = "Daemon-Pw-9f3";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path home;
  final FakeSyncEngine factory = new FakeSyncEngine();
  final SyncEngine.Provider provider = (doris, pool, clock) -> factory;
  final HttpClient http = HttpClient.newHttpClient();
  final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  static String create(String name, String schema) {
    return "CREATE SYNC JOB " + name + " (FROM " + schema + ".t INTO t_" + schema + ") FROM BINLOG (\"type\" = "
        + "\"mysql\", \"mysql.host\" = \"h\", \"mysql.port\" = \"3306\", \"mysql.user\" = \"repl\", "
        + "\"mysql.password\" = \"" + PASSWORD + "\")";
  }

  @BeforeEach
  void setUp() throws Exception {
    logs.start();
    root.addAppender(logs);
    Files.createDirectories(home.resolve("conf/jobs"));
    Files.writeString(home.resolve("conf/jobs/10-shop.sql"), "-- the shop job\n" + create("shop", "shop") + ";\n");
    Files.writeString(home.resolve("conf/jobs/README.txt"), "not a job file");
  }

  @AfterEach
  void tearDown() {
    root.detachAppender(logs);
  }

  DaemonConfig config() {
    Map<String, String> m = new HashMap<>();
    m.put("admin_port", "0");
    m.put("doris.fe_http_addresses", "127.0.0.1:9");
    m.put("doris.password", "doris-" + PASSWORD);
    m.put("default_database", "dw");
    m.put("status_log_interval_second", "1");
    return DaemonConfig.of(home, m);
  }

  HttpResponse<String> post(int port, String contentType, String body, String query) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/sql" + query))
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  String cli(int port, String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String[] full = new String[args.length + 2];
    full[0] = "--url";
    full[1] = "http://127.0.0.1:" + port;
    System.arraycopy(args, 0, full, 2, args.length);
    int code = Cli.run(full, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
    return "exit " + code + "\n" + out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void servesTheAdminApiAndRestartsIdempotently() throws Exception {
    StringBuilder seen = new StringBuilder();
    int port;
    try (Daemon d = Daemon.start(config(), provider, JobValidator.NONE)) {
      port = d.adminPort();
      // the job file was applied at start
      assertThat(factory.runtimes.get(1L).state()).isEqualTo(JobState.RUNNING);
      assertThat(factory.runtimes.get(1L).def.qualifiedName()).isEqualTo("dw.shop");

      HttpResponse<String> r = post(port, "application/json",
          JSON.writeValueAsString(Map.of("stmt", create("crm", "crm"), "db", "dw")), "");
      seen.append(r.body());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(r.body()).path("msg").asText()).isEqualTo("created sync job dw.crm with id 2");

      r = post(port, "text/plain", create("crm", "crm"), "?db=dw");
      seen.append(r.body());
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(r.body()).path("msg").asText()).startsWith("sync job dw.crm already exists (id 2");

      r = post(port, "text/plain", "CREATE SYNC JOB x (FROM a.b INTO c) FROM BINLOG (\"type\" = \"canal\")", "");
      seen.append(r.body());
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(r.body()).path("msg").asText()).startsWith("line 1, column 59: binlog type \"canal\"");

      factory.runtimes.get(1L).load(42);
      String show = cli(port, "", "sql", "SHOW SYNC JOB FROM dw");
      seen.append(show);
      assertThat(show).startsWith("exit 0\n").contains("JobName: shop").contains("JobName: crm")
          .contains("position:mysql-bin.000001:46").contains("2 rows in set");

      String interactive = cli(port, "PAUSE SYNC JOB\n dw.crm;\nSHOW SYNC JOB FROM nope;\nRESUME SYNC JOB dw.nope;\nquit\n",
          "sql");
      seen.append(interactive);
      assertThat(interactive).contains("paused sync job dw.crm").contains("0 rows in set")
          .contains("ERROR: no sync job dw.nope; SHOW SYNC JOB FROM dw lists the jobs").startsWith("exit 1");

      JsonNode jobs = JSON.readTree(get(port, "/api/jobs").body());
      seen.append(jobs);
      assertThat(jobs.path("jobs")).hasSize(2);
      assertThat(jobs.path("jobs").get(0).path("totalRows").asLong()).isEqualTo(42);
      assertThat(jobs.path("jobs").get(0).path("channelStatus").get(0).path("target").asText()).isEqualTo("dw.t_shop");
      assertThat(jobs.path("jobs").get(1).path("state").asText()).isEqualTo("PAUSED");

      HttpResponse<String> metrics = get(port, "/metrics");
      seen.append(metrics.body());
      assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
      assertThat(metrics.body()).contains("binlogload_job_rows_total{job=\"dw.shop\",id=\"1\"} 42\n")
          .contains("binlogload_job_state{job=\"dw.crm\",id=\"2\",state=\"PAUSED\"} 1\n")
          .contains("binlogload_job_delay_milliseconds{job=\"dw.shop\",id=\"1\"} 120\n")
          .contains("binlogload_job_last_ddl_pause_seconds{job=\"dw.shop\",id=\"1\"} 0.254\n")
          .contains("binlogload_channel_bytes_total{job=\"dw.shop\",id=\"1\",source=\"shop.t\",target=\"dw.t_shop\"} 420\n")
          .contains("binlogload_jobs{state=\"RUNNING\"} 1\n");

      // a PAUSED job is not healthy: 503 with each job's state and reason
      HttpResponse<String> h = get(port, "/health");
      assertThat(h.statusCode()).isEqualTo(503);
      JsonNode health = JSON.readTree(h.body());
      assertThat(health.path("status").asText()).isEqualTo("DEGRADED");
      assertThat(health.path("running").asInt()).isEqualTo(1);
      assertThat(health.path("details").get(0).path("health").asText()).isEqualTo("UP");
      assertThat(health.path("details").get(1).path("job").asText()).isEqualTo("dw.crm");
      assertThat(health.path("details").get(1).path("health").asText()).isEqualTo("PAUSED");
      assertThat(get(port, "/nope").statusCode()).isEqualTo(404);
      assertThat(get(port, "/api/sql").statusCode()).isEqualTo(405);

      // a second daemon on the same data directory is refused
      assertThatThrownBy(() -> Daemon.start(config(), provider, JobValidator.NONE))
          .hasMessageStartingWith("another binlog-load daemon uses data directory ");

      // the periodic status line names throughput and lag
      org.binlogload.testkit.Wait.until("a status line", java.time.Duration.ofSeconds(10),
          () -> logs.list.stream().anyMatch(e -> e.getFormattedMessage().startsWith("sync job dw.shop (id 1) RUNNING: ")
              && e.getFormattedMessage().contains("delay 120 ms")));
    }
    assertThat(factory.runtimes.get(1L).calls).containsExactly("start", "pause");
    assertThat(cli(port, "", "sql", "SHOW SYNC JOB")).startsWith("exit 2").contains("cannot reach the admin API");

    // restart: the job file is not applied twice, the RUNNING job resumes, the PAUSED one stays paused
    factory.runtimes.clear();
    try (Daemon d = Daemon.start(config(), provider, JobValidator.NONE)) {
      assertThat(factory.runtimes.keySet()).containsExactly(1L);
      String show = cli(d.adminPort(), "", "sql", "SHOW SYNC JOB");
      seen.append(show);
      assertThat(show).contains("State: RUNNING").contains("State: PAUSED").contains("2 rows in set");
    }

    for (ILoggingEvent e : logs.list) {
      seen.append(e.getFormattedMessage()).append('\n');
      if (e.getThrowableProxy() != null) {
        seen.append(e.getThrowableProxy().getMessage()).append('\n');
      }
    }
    assertThat(seen.toString()).doesNotContain(PASSWORD).contains("starting binlog-load daemon");
  }

  @Test
  void badJobFileStopsTheStartWithItsName() throws Exception {
    Files.writeString(home.resolve("conf/jobs/20-bad.sql"), "PAUSE SYNC JOB dw.shop;");
    assertThatThrownBy(() -> Daemon.start(config(), provider, JobValidator.NONE))
        .hasMessage("job file 20-bad.sql: only CREATE SYNC JOB belongs in a job file; send PAUSE, RESUME, STOP and "
            + "SHOW through bin/binlog-load sql");
    Files.writeString(home.resolve("conf/jobs/20-bad.sql"), "CREATE SYNC JOB x (FROM a INTO b)");
    assertThatThrownBy(() -> Daemon.start(config(), provider, JobValidator.NONE))
        .hasMessageStartingWith("job file 20-bad.sql: line 1, column 27: expected '.'");
    // the lock was released by the failed starts
    Files.delete(home.resolve("conf/jobs/20-bad.sql"));
    try (Daemon d = Daemon.start(config(), provider, JobValidator.NONE)) {
      assertThat(d.jobs().jobs()).hasSize(1);
    }
  }

  @Test
  void configIsCheckedAndMasked() {
    assertThatThrownBy(() -> DaemonConfig.of(home, Map.of("admin_prot", "1")))
        .hasMessageStartingWith("unknown setting 'admin_prot' in binlog-load.conf; known: [admin_host, admin_port,");
    assertThatThrownBy(() -> DaemonConfig.of(home, Map.of("max_sync_task_threads_num", "0")))
        .hasMessage("max_sync_task_threads_num 0 is out of range 1..1024");
    assertThatThrownBy(() -> DaemonConfig.of(home, Map.of()).doris())
        .hasMessageStartingWith("doris.fe_http_addresses is not set");
    assertThat(config().toString()).doesNotContain(PASSWORD).contains("doris.password=******");
    assertThat(config().dataDir()).isEqualTo(home.resolve("data"));
  }

  @Test
  void adminTokenGuardsStatementsAndJobsButNotProbes() throws Exception {
    Map<String, String> m = new HashMap<>();
    m.put("admin_port", "0");
    m.put("doris.fe_http_addresses", "127.0.0.1:9");
    m.put("default_database", "dw");
    m.put("admin_token", "t0ken-xyz");
    try (Daemon d = Daemon.start(DaemonConfig.of(home, m), provider, JobValidator.NONE)) {
      int port = d.adminPort();
      HttpResponse<String> r = post(port, "text/plain", "SHOW SYNC JOB", "");
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(JSON.readTree(r.body()).path("msg").asText()).startsWith("missing or wrong admin token");
      assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/sql"))
          .header("Authorization", "Bearer wrong").POST(HttpRequest.BodyPublishers.ofString("SHOW SYNC JOB"))
          .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
      assertThat(get(port, "/api/jobs").statusCode()).isEqualTo(401);
      assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/sql"))
          .header("Authorization", "Bearer t0ken-xyz").POST(HttpRequest.BodyPublishers.ofString("SHOW SYNC JOB"))
          .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      assertThat(get(port, "/health").statusCode()).isEqualTo(200);
      assertThat(get(port, "/metrics").statusCode()).isEqualTo(200);
      Path tokenFile = home.resolve("token");
      Files.writeString(tokenFile, "t0ken-xyz\n");
      assertThat(cli(port, "", "--token-file", tokenFile.toString(), "sql", "SHOW SYNC JOB"))
          .startsWith("exit 0").contains("1 row in set");
      assertThat(cli(port, "", "sql", "SHOW SYNC JOB")).startsWith("exit 1").contains("missing or wrong admin token");
      assertThat(DaemonConfig.of(home, m).toString()).doesNotContain("t0ken-xyz");
    }
  }
}
