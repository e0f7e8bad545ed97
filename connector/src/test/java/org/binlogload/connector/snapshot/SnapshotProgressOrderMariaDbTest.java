package org.binlogload.connector.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.binlogload.connector.state.MemoryStateStore;
import org.binlogload.connector.state.StateStore;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Four workers finishing chunks of three tables at once never store an older progress over a newer one. */
@ExtendWith(MariaDbExtension.class)
class SnapshotProgressOrderMariaDbTest {
  @Test
  void everyStoredProgressHasAtLeastTheChunksOfTheOneBefore(TestDatabase db, @TempDir Path dir) throws Exception {
    for (String t : List.of("p1", "p2", "p3")) {
      db.execute("CREATE TABLE " + t + " (id INT PRIMARY KEY)");
      SnapshotSourceMariaDbTest.insertSeries(db, t, 1, 600, 1);
    }
    List<SnapshotProgress> saved = new CopyOnWriteArrayList<>();
    StateStore recording = new StateStore() {
      private final MemoryStateStore inner = new MemoryStateStore();

      @Override
      public Optional<byte[]> get(String key) {
        return inner.get(key);
      }

      @Override
      public void put(String key, byte[] value) {
        saved.add(SnapshotProgress.fromBytes(value));
        inner.put(key, value);
      }

      @Override
      public void delete(String key) {
        inner.delete(key);
      }

      @Override
      public List<String> keys(String prefix) {
        return inner.keys(prefix);
      }

      @Override
      public StateStore scoped(String prefix) {
        throw new UnsupportedOperationException();
      }
    };
    try (SnapshotFixture f = new SnapshotFixture(db, dir)) {
      ChunkLoader drain = (load, rows) -> {
        long n = 0;
        for (var it = rows.open(); it.hasNext(); n++) {
          it.next();
        }
        return n;
      };
      new Snapshot(f.repl, drain, new SnapshotProgressStore(recording), "1_job", 4, 10, null)
          .run(List.of(f.target("p1"), f.target("p2"), f.target("p3")));
    }
    int before = -1;
    for (SnapshotProgress p : saved) {
      int chunks = p.tablesView().values().stream().mapToInt(SnapshotProgress.TableProgress::chunksDone).sum();
      assertThat(chunks).as("chunks recorded in save " + saved.indexOf(p)).isGreaterThanOrEqualTo(before);
      before = chunks;
    }
    SnapshotProgress last = saved.get(saved.size() - 1);
    assertThat(last.tablesView().values()).allSatisfy(t -> {
      assertThat(t.done()).isTrue();
      assertThat(t.rowsCopied()).isEqualTo(600);
    });
  }
}
