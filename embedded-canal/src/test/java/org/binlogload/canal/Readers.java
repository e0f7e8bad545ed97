package org.binlogload.canal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.binlogload.testkit.MariaDbServer;
import org.binlogload.testkit.TestDatabase;

/** Test helpers: a reader on the test server and draining until a condition holds. */
final class Readers {
  private static final AtomicInteger SERVER_IDS = new AtomicInteger((int) (ProcessHandle.current().pid() % 10000) * 100
      + 1000);

  private Readers() {}

  static EmbeddedCanal.Builder builder(MariaDbServer server, String schema, Path dataDir) {
    return EmbeddedCanal.builder()
        .name("t" + SERVER_IDS.get())
        .host(server.host())
        .port(server.port())
        .user(server.replUser())
        .password(server.replPassword())
        .serverId(SERVER_IDS.incrementAndGet())
        .include(schema + ".*")
        .dataDir(dataDir)
        .connectTimeout(Duration.ofSeconds(5));
  }

  static EmbeddedCanal.Builder builder(TestDatabase db, Path dataDir) {
    return builder(db.server(), db.schema(), dataDir);
  }

  /** Gets and acks batches until {@code done} holds for everything read, or fails after {@code timeout}. */
  static List<ChangeEvent> drain(EmbeddedCanal canal, Duration timeout, Predicate<List<ChangeEvent>> done) {
    List<ChangeEvent> all = new ArrayList<>();
    List<Batch> batches = new ArrayList<>();
    drainBatches(canal, timeout, done, all, batches, true);
    return all;
  }

  static List<Batch> drainBatches(EmbeddedCanal canal, Duration timeout, Predicate<List<ChangeEvent>> done,
      List<ChangeEvent> all, List<Batch> batches, boolean ack) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.test(all)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + "; read " + all.size() + " events: "
            + (all.size() > 20 ? all.subList(all.size() - 20, all.size()) : all));
      }
      Batch b = canal.get(1000, Duration.ofMillis(200));
      if (!b.isEmpty()) {
        all.addAll(b.events());
        batches.add(b);
        if (ack) {
          canal.ack(b.id());
        }
      }
    }
    return batches;
  }

  static List<RowChange> rows(List<ChangeEvent> events, String table) {
    List<RowChange> out = new ArrayList<>();
    for (ChangeEvent e : events) {
      if (e instanceof RowChange r && r.table().equals(table)) {
        out.add(r);
      }
    }
    return out;
  }

  static Predicate<List<ChangeEvent>> rowCount(String table, int n) {
    return events -> rows(events, table).size() >= n;
  }
}
