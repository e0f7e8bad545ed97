package org.binlogload.canal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.TestDatabase;
import org.binlogload.testkit.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(MariaDbExtension.class)
class KillTest {
  private static final int TRANSACTIONS = 400;
  private static final int ROWS_PER_TRANSACTION = 5;

  @Test
  void killingTheReaderJvmAtRandomPointsLosesNothing(TestDatabase db, @TempDir Path dir) throws Exception {
    db.execute("CREATE TABLE k (id INT PRIMARY KEY, pad VARCHAR(100))");
    Path data = dir.resolve("data");
    Path out = dir.resolve("delivered.txt");
    Files.createFile(out);
    long serverId = 7000 + (ProcessHandle.current().pid() % 1000);

    // The first run resolves "latest" and saves it; everything written afterwards must arrive.
    Process first = startChild(db, serverId, data, out, dir.resolve("child-0.log"));
    Wait.until("the first child saved its start position", Duration.ofSeconds(60),
        () -> Files.exists(data.resolve("child.cursor")));

    AtomicReference<Throwable> writerFailure = new AtomicReference<>();
    Thread writer = new Thread(() -> {
      try {
        for (int t = 0; t < TRANSACTIONS; t++) {
          String[] sql = new String[ROWS_PER_TRANSACTION];
          for (int r = 0; r < ROWS_PER_TRANSACTION; r++) {
            int id = t * ROWS_PER_TRANSACTION + r + 1;
            sql[r] = "INSERT INTO k VALUES (" + id + ", REPEAT('x', 80))";
          }
          db.transaction(sql);
        }
      } catch (Throwable e) {
        writerFailure.set(e);
      }
    }, "kill-test-writer");
    writer.start();

    Random random = new Random(42);
    Process child = first;
    int kills = 0;
    for (int run = 1; run <= 5; run++) {
      Thread.sleep(300 + random.nextInt(900)); // a random point in the reader's life, not a wait for a condition
      child.destroyForcibly(); // SIGKILL: no shutdown hooks, no flush
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      kills++;
      child = startChild(db, serverId, data, out, dir.resolve("child-" + run + ".log"));
    }
    writer.join(120_000);
    assertThat(writerFailure.get()).isNull();
    int total = TRANSACTIONS * ROWS_PER_TRANSACTION;
    Process last = child;
    try {
      Wait.until("every row delivered", Duration.ofSeconds(120), () -> distinct(out).size() >= total);
    } finally {
      last.destroyForcibly();
      last.waitFor(30, TimeUnit.SECONDS);
    }
    Map<Integer, Integer> counts = counts(out);
    for (int id = 1; id <= total; id++) {
      assertThat(counts).as("row %d delivered", id).containsKey(id);
    }
    int duplicates = counts.values().stream().mapToInt(c -> c - 1).sum();
    // Only what was delivered but not acked when a child died comes again: at most one batch per kill.
    assertThat(duplicates).isLessThanOrEqualTo(kills * 50);
    assertThat(kills).isEqualTo(5);
  }

  private static Process startChild(TestDatabase db, long serverId, Path data, Path out, Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        ChildReader.class.getName(), db.host(), String.valueOf(db.port()), db.server().replUser(),
        String.valueOf(serverId), db.schema(), data.toString(), out.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("CHILD_READER_PASSWORD", db.server().replPassword());
    return pb.start();
  }

  private static Map<Integer, Integer> counts(Path out) throws IOException {
    Map<Integer, Integer> counts = new HashMap<>();
    for (String line : Files.readAllLines(out)) {
      if (!line.isBlank()) {
        counts.merge(Integer.parseInt(line.trim()), 1, Integer::sum);
      }
    }
    return counts;
  }

  private static java.util.Set<Integer> distinct(Path out) {
    try {
      return counts(out).keySet();
    } catch (IOException | NumberFormatException e) {
      return java.util.Set.of(); // a line half-written by a killed child: read again
    }
  }
}
