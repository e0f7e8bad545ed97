package org.binlogload.canal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Rows written across binlog rotations all arrive, each at the file it was written to. */
@ExtendWith(MariaDbExtension.class)
class RotationTest {
  @Test
  void rowsAcrossRotationsArriveWithTheirOwnFile(TestDatabase db, @TempDir Path dir) {
    check(db, dir, "t", false);
  }

  @Test
  void rowsAcrossRotationsArriveWithTheirOwnFileWhenParsedInParallel(TestDatabase db, @TempDir Path dir) {
    check(db, dir, "p", true); // Canal's parallel stages look up a rows event's table without the serial converter
  }

  private static void check(TestDatabase db, Path dir, String table, boolean parallel) {
    db.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, v VARCHAR(200))");
    String[] start = db.masterStatus();
    Map<Integer, String> fileOf = new TreeMap<>();
    int id = 0;
    for (int file = 0; file < 4; file++) {
      String current = db.masterStatus()[0];
      for (int stmt = 0; stmt < 5; stmt++) {
        StringBuilder sb = new StringBuilder("INSERT INTO " + table + " VALUES ");
        for (int i = 0; i < 200; i++) {
          id++;
          sb.append(i == 0 ? "" : ",").append('(').append(id).append(",'").append("x".repeat(150)).append("')");
          fileOf.put(id, current);
        }
        db.execute(sb.toString());
      }
      db.execute("FLUSH BINARY LOGS");
    }
    int total = id;
    try (EmbeddedCanal canal = Readers.builder(db, dir).parallelParsing(parallel).startPosition(StartPosition.at(start[0],
        Long.parseLong(start[1]))).build()) {
      canal.start();
      List<RowChange> rows = Readers.rows(Readers.drain(canal, Duration.ofSeconds(60), Readers.rowCount(table, total)),
          table);
      List<String> wrong = new ArrayList<>();
      for (RowChange r : rows) {
        int rowId = ((Number) r.after().get(0)).intValue();
        if (!r.position().file().equals(fileOf.get(rowId))) {
          wrong.add(rowId + " at " + r.position() + " but written to " + fileOf.get(rowId));
        }
      }
      assertThat(rows).hasSize(total);
      assertThat(wrong).as("rows reported at another file than theirs").isEmpty();
    }
  }
}
