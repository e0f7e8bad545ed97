package org.binlogload.connector.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.binlogload.testkit.Wait;
import org.binlogload.dorisdouble.DorisDouble;

/** A plugin zip installed on two "FEs" the PluginMgr way, running a job, handing it over, and closing cleanly. */
final class PluginScenario {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String FE1 = "10.0.0.1_9010";
  static final String FE2 = "10.0.0.2_9010";
  static final Duration WAIT = Duration.ofSeconds(30);

  private PluginScenario() {
  }

  /** The FE's class loader: the plugin API stubs and the logging the FE provides, nothing else. */
  static ClassLoader feLoader() throws Exception {
    List<URL> urls = new ArrayList<>();
    urls.add(org.apache.doris.plugin.Plugin.class.getProtectionDomain().getCodeSource().getLocation());
    for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      String name = Path.of(e).getFileName().toString();
      if (name.startsWith("slf4j-api") || name.startsWith("logback-")) {
        urls.add(Path.of(e).toUri().toURL());
      }
    }
    return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
  }

  /** A jar of the fake sync runtime classes from the test classes, as a user would drop into the plugin folder. */
  static Path fakesJar(Path dir) throws IOException {
    Path testClasses = Path.of(FakeEngineProvider.class.getProtectionDomain().getCodeSource().getLocation()
        .getPath());
    Path jar = dir.resolve("binlog-load-test-fakes.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      try (Stream<Path> s = Files.walk(testClasses)) {
        for (Path f : s.filter(Files::isRegularFile).toList()) {
          String name = testClasses.relativize(f).toString().replace('\\', '/');
          if (name.startsWith("org/binlogload/connector/job/FakeSyncEngine")
              || name.equals("org/binlogload/connector/plugin/FakeEngineProvider.class")) {
            out.putNextEntry(new JarEntry(name));
            Files.copy(f, out);
            out.closeEntry();
          }
        }
      }
    }
    return jar;
  }

  /** Checks the zip's layout: plugin.properties and plugin.conf at the root, jars, no FE stubs, no logging. */
  static void checkLayout(Path zip) throws IOException {
    List<String> names = new ArrayList<>();
    try (ZipFile z = new ZipFile(zip.toFile())) {
      for (Enumeration<? extends ZipEntry> en = z.entries(); en.hasMoreElements(); ) {
        names.add(en.nextElement().getName());
      }
    }
    assertThat(names).contains("plugin.properties", "plugin.conf");
    assertThat(names).allMatch(n -> n.equals("plugin.properties") || n.equals("plugin.conf") || n.endsWith(".jar"));
    assertThat(names).anyMatch(n -> n.startsWith("connector-"));
    assertThat(names).noneMatch(n -> n.contains("doris-fe-stubs") || n.startsWith("logback") || n.startsWith("slf4j"));
  }

  static void writeConf(Path pluginDir, DorisDouble doris, Path masterFile) throws IOException {
    Files.writeString(pluginDir.resolve("plugin.conf"), String.join("\n",
        "doris.fe_http_addresses = " + doris.feAddress(),
        "doris.user = " + doris.user(),
        "doris.password = " + doris.password(),
        "state_store.doris.database = binlog_load_meta",
        "state_store.doris.replication_num = 1",
        "max_sync_task_threads_num = 2",
        "master_check = file:" + masterFile,
        "master_check_interval_second = 1",
        "admin_port = 0",
        "validate_jobs = false",
        "default_database = dw",
        "sync_runtime_provider = " + FakeEngineProvider.class.getName(), ""));
  }

  static JsonNode sql(String admin, String stmt) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + admin
        + "/api/sql")).POST(HttpRequest.BodyPublishers.ofString(stmt)).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode n = JSON.readTree(r.body());
    assertThat(n.path("code").asInt()).as(r.body()).isZero();
    return n;
  }

  /** Installs {@code zip} on two FEs, runs a job on the master, moves mastership, and closes both. */
  static void run(Path zip, Path work) throws Exception {
    checkLayout(zip);
    try (DorisDouble doris = DorisDouble.builder().user("root").password("fe-pw").start()) {
      Path masterFile = work.resolve("master.txt");
      Files.writeString(masterFile, FE1);
      FeStylePluginLoader loader = new FeStylePluginLoader(feLoader());
      Path dir1 = loader.extract(zip, work.resolve("fe1/plugins"));
      Path dir2 = loader.extract(zip, work.resolve("fe2/plugins"));
      assertThat(dir1.getFileName().toString()).isEqualTo("binlog_load");
      for (Path d : List.of(dir1, dir2)) {
        writeConf(d, doris, masterFile);
        fakesJar(d);
      }
      FeStylePluginLoader.Installed fe1 = loader.load(dir1, FE1);
      FeStylePluginLoader.Installed fe2 = loader.load(dir2, FE2);
      try {
        // the plugin's classes come from its own folder, not from the FE
        assertThat(fe1.plugin.getClass().getClassLoader()).isSameAs(fe1.loader);
        assertThat(Class.forName("org.binlogload.connector.job.JobManager", false, fe1.loader).getClassLoader())
            .isSameAs(fe1.loader);
        assertThat(Class.forName("org.apache.doris.plugin.Plugin", false, fe1.loader).getClassLoader())
            .isNotSameAs(fe1.loader);

        Wait.until("FE1 becomes master", WAIT, () -> status(fe1, "role").equals("master"));
        String admin1 = status(fe1, "admin");
        assertThat(sql(admin1, "CREATE SYNC JOB orders (FROM shop.orders INTO orders) FROM BINLOG (\"type\" = "
            + "\"mysql\", \"mysql.host\" = \"mysql1\", \"mysql.port\" = \"3306\", \"mysql.user\" = \"repl\", "
            + "\"mysql.password\" = \"pw\")").path("msg").asText()).isEqualTo("created sync job dw.orders with id 1");
        assertThat(sql(admin1, "SHOW SYNC JOB").path("rows").get(0).get(3).asText()).isEqualTo("RUNNING");
        assertThat(status(fe2, "role")).isEqualTo("standby");
        assertThat(status(fe2, "admin")).isEmpty();
        assertThat(doris.count("binlog_load_meta", "binlog_load_state")).isGreaterThanOrEqualTo(3);

        // mastership moves: FE1 stops its jobs, FE2 resumes them from the state in Doris
        Files.writeString(masterFile, FE2);
        Wait.until("FE2 takes over", WAIT, () -> status(fe2, "role").equals("master")
            && status(fe1, "role").equals("standby"));
        String admin2 = status(fe2, "admin");
        JsonNode row = sql(admin2, "SHOW SYNC JOB FROM dw").path("rows").get(0);
        assertThat(row.get(0).asText()).isEqualTo("1");
        assertThat(row.get(3).asText()).isEqualTo("RUNNING");
        assertThat(status(fe2, "running")).isEqualTo("1");
        assertThat(sql(admin2, "PAUSE SYNC JOB dw.orders").path("msg").asText()).isEqualTo("paused sync job dw.orders");
      } finally {
        fe2.close();
        fe1.close();
      }
      assertThat(fe1.status().get("role")).isEqualTo("standby");
      assertThat(fe2.status().get("role")).isEqualTo("standby");
    }
  }

  static String status(FeStylePluginLoader.Installed fe, String key) {
    try {
      String v = fe.status().get(key);
      return v == null ? "" : v;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Builds a plugin zip from this test's class path in Doris's layout (what the assembly does at package). */
  static Path buildZip(Path work) throws IOException {
    Path zip = work.resolve("binlog-load-fe-plugin.zip");
    Path pluginSrc = Path.of("src/main/plugin");
    Path testClasses = Path.of(FakeEngineProvider.class.getProtectionDomain().getCodeSource().getLocation()
        .getPath()).toAbsolutePath().normalize();
    List<String> skip = List.of("junit", "opentest4j", "apiguardian", "assertj", "surefire", "testkit",
        "doris-double", "doris-fe-stubs", "logback", "slf4j", "awaitility", "hamcrest", "byte-buddy");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(zip))) {
      out.setLevel(java.util.zip.Deflater.NO_COMPRESSION); // the jars are compressed already; keep the test fast
      for (String f : List.of("plugin.properties", "plugin.conf")) {
        out.putNextEntry(new JarEntry(f));
        Files.copy(pluginSrc.resolve(f), out);
        out.closeEntry();
      }
      for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
        Path p = Path.of(e).toAbsolutePath().normalize();
        String s = p.toString();
        if (p.equals(testClasses) || skip.stream().anyMatch(s::contains) || !Files.exists(p)) {
          continue;
        }
        if (Files.isDirectory(p)) {
          // a reactor module's classes: <module>/target/classes
          String module = p.getParent().getParent().getFileName().toString();
          out.putNextEntry(new JarEntry(module + "-classes.jar"));
          jarDirectory(p, out);
          out.closeEntry();
        } else if (s.endsWith(".jar")) {
          out.putNextEntry(new JarEntry(p.getFileName().toString()));
          Files.copy(p, out);
          out.closeEntry();
        }
      }
    }
    return zip;
  }

  private static void jarDirectory(Path dir, OutputStream target) throws IOException {
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    try (JarOutputStream jar = new JarOutputStream(buf); Stream<Path> s = Files.walk(dir)) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        jar.putNextEntry(new JarEntry(dir.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, jar);
        jar.closeEntry();
      }
    }
    target.write(buf.toByteArray());
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
