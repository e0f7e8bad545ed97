package org.binlogload.canal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Canal runs in-process with the trimmed runtime jars alone: no ZooKeeper, netty, H2, MyBatis, Spring data, logback. */
@ExtendWith(MariaDbExtension.class)
class RuntimeClasspathTest {
  /** Jars only tests put on the classpath. */
  private static final List<String> TEST_ONLY = List.of("junit-", "opentest4j-", "apiguardian-", "assertj-",
      "testkit", "mysql-connector-j-", "logback-", "byte-buddy", "testcontainers", "duct-tape", "docker-java", "jna",
      "commons-compress-1.24", "jackson-annotations", "awaitility", "hamcrest");

  static List<String> runtimeJars() {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> jars = new ArrayList<>();
    for (String entry : cp.split(File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      if (entry.endsWith(".jar") && TEST_ONLY.stream().noneMatch(name::startsWith)) {
        jars.add(entry);
      }
    }
    return jars;
  }

  @Test
  void thirtySixRuntimeJarsAndCanalRunsWithThemAlone(TestDatabase db, @TempDir Path dir) throws Exception {
    List<String> jars = runtimeJars();
    List<String> names = jars.stream().map(j -> Path.of(j).getFileName().toString()).sorted().toList();
    assertThat(names).as("runtime jars: %s", names).hasSize(36);
    assertThat(names).anyMatch(n -> n.equals("druid-1.2.28.jar"));
    assertThat(names).noneMatch(n -> n.startsWith("zookeeper") || n.startsWith("zkclient") || n.startsWith("netty")
        || n.startsWith("h2-") || n.startsWith("mybatis") || n.startsWith("mysql-connector-java")
        || n.startsWith("spring-orm") || n.startsWith("spring-jdbc") || n.startsWith("spring-tx")
        || n.startsWith("zstd") || n.startsWith("logback") || n.startsWith("httpclient")
        || n.startsWith("commons-logging"));

    db.execute("CREATE TABLE smoke (id INT PRIMARY KEY)");
    String[] at = db.masterStatus();
    db.execute("INSERT INTO smoke VALUES (1), (2)", "INSERT INTO smoke VALUES (3)");
    String classes = Path.of("target", "classes").toAbsolutePath() + File.pathSeparator
        + Path.of("target", "test-classes").toAbsolutePath();
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        classes + File.pathSeparator + String.join(File.pathSeparator, jars), RuntimeSmoke.class.getName(),
        db.host(), String.valueOf(db.port()), db.server().replUser(), "8123", db.schema(), at[0], at[1],
        dir.toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("SMOKE_PASSWORD", db.server().replPassword());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(out).contains("rows=3");
    assertThat(p.exitValue()).as(out).isZero();
  }
}
