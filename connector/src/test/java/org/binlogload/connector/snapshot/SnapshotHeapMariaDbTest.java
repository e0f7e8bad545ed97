package org.binlogload.connector.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A table of 150 MB copies in a process whose heap is 64 MB, in chunks of 60 MB, two at once: nothing is buffered. */
@ExtendWith(MariaDbExtension.class)
class SnapshotHeapMariaDbTest {
  private static final int ROWS = 1000;
  private static final int VALUE_CHARS = 150_000;

  @Test
  void aTableLargerThanTheHeapCopiesWithBoundedMemory(TestDatabase db, @TempDir Path dir) throws Exception {
    db.execute("CREATE TABLE digits (n INT PRIMARY KEY)", "INSERT INTO digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),"
        + "(8),(9)", "CREATE TABLE big (id INT PRIMARY KEY, v LONGTEXT)",
        "INSERT INTO big SELECT a.n * 100 + b.n * 10 + c.n + 1, REPEAT(CHAR(65 + (a.n + b.n + c.n) % 26), "
            + VALUE_CHARS + ") FROM digits a, digits b, digits c",
        "ANALYZE TABLE big");
    try (SnapshotFixture f = new SnapshotFixture(db, dir)) {
      f.dorisTable("big", "`id` INT NOT NULL, `v` STRING", "`id`");
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx64m", "-cp", System.getProperty("java.class.path"), SnapshotChild.class.getName(), db.host(),
          Integer.toString(db.port()), db.server().replUser(), db.server().replPassword(), db.schema(), "big",
          f.doris.feAddress(), f.doris.user(), f.doris.password(), dir.resolve("state").toString(), "2", "400"));
      Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      byte[] out = child.getInputStream().readAllBytes();
      assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();
      String output = new String(out, StandardCharsets.UTF_8);
      assertThat(child.exitValue()).as(output).isZero();
      assertThat(output).contains("rows=" + ROWS);
      System.out.println("snapshot of 150 MB at -Xmx64m: " + output.lines().filter(l -> l.startsWith("rows="))
          .findFirst().orElse(""));
      assertThat(f.doris.count("snap", "big")).isEqualTo(ROWS);
      for (Map<String, Object> row : f.doris.rows("snap", "big")) {
        int id = (Integer) row.get("id") - 1;
        String v = (String) row.get("v");
        assertThat(v).hasSize(VALUE_CHARS);
        assertThat(v.charAt(0)).isEqualTo((char) (65 + (id / 100 + id / 10 % 10 + id % 10) % 26));
      }
    }
  }
}
