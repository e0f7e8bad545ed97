package org.binlogload.connector.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.binlogload.connector.doris.RowSource;
import org.binlogload.connector.load.LoadRow;
import org.binlogload.testkit.MariaDbServer;
import org.binlogload.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A MariaDB restart in the middle of a chunk, on a server of its own: the chunk's reads fail, the retries meet the
 * server down and then up again, and the chunk is copied again from its start; Doris ends equal to MariaDB.
 */
class SnapshotRestartMariaDbTest {
  @Test
  void aServerRestartDuringAChunkIsRetriedUntilTheServerIsBack(@TempDir Path dir) throws Exception {
    MariaDbServer server = MariaDbServer.dedicated("snap_restart");
    server.start();
    String schema = "snap_restart_" + ProcessHandle.current().pid();
    try (Connection c = server.adminConnection(null); Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + schema);
      st.execute("CREATE DATABASE " + schema);
    }
    TestDatabase db = new TestDatabase(server, schema);
    db.execute("CREATE TABLE r (id INT PRIMARY KEY, v VARCHAR(200))");
    StringBuilder sb = new StringBuilder("INSERT INTO r VALUES ");
    for (int i = 1; i <= 600; i++) {
      sb.append(i > 1 ? "," : "").append('(').append(i).append(",REPEAT('r', ").append(100 + i % 100).append("))");
    }
    db.execute(sb.toString(), "ANALYZE TABLE r");
    try (SnapshotFixture f = new SnapshotFixture(db, dir)) {
      f.dorisTable("r", "`id` INT NOT NULL, `v` VARCHAR(800)", "`id`");
      DorisChunkLoader doris = new DorisChunkLoader(f.client);
      List<String> retries = new CopyOnWriteArrayList<>();
      AtomicBoolean stopped = new AtomicBoolean();
      Thread[] starter = new Thread[1];
      ChunkLoader restarting = (load, rows) -> {
        if (!load.label().contains("-c1-") || stopped.get()) {
          return doris.load(load, rows);
        }
        RowSource cut = () -> {
          Iterator<LoadRow> it = rows.open();
          return new Iterator<>() {
            int n;

            @Override
            public boolean hasNext() {
              if (n == 50 && stopped.compareAndSet(false, true)) {
                server.stop(); // down in the middle of the chunk; up again while the worker retries
                starter[0] = new Thread(server::start, "mariadb-start");
                starter[0].start();
              }
              return it.hasNext();
            }

            @Override
            public LoadRow next() {
              n++;
              return it.next();
            }
          };
        };
        return doris.load(load, cut);
      };
      Snapshot.Listener listener = new Snapshot.Listener() {
        @Override
        public void chunkCopied(Snapshot.Target target, Chunk chunk, long rows, SnapshotProgress progress) {
        }

        @Override
        public void chunkRetrying(String what, int attempt, long waitMillis, String why) {
          retries.add(what + " #" + attempt + ": " + why);
        }
      };
      new Snapshot(f.repl, restarting, f.store(), "1_job", 1, 200, listener,
          new Snapshot.Retry(6, Duration.ofMillis(500))).run(List.of(f.target("r")));
      starter[0].join();
      System.out.println("retries across the restart: " + retries);
      assertThat(stopped).isTrue();
      assertThat(retries).isNotEmpty().allMatch(r -> r.startsWith(schema + ".r chunk 1 #"));
      f.assertEqual("r", "id");
      assertThat(f.store().load().orElseThrow().table(schema + ".r").rowsCopied()).isEqualTo(600);
    } finally {
      db.execute("DROP DATABASE " + schema);
    }
  }
}
