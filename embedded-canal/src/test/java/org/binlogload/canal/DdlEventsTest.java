package org.binlogload.canal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(MariaDbExtension.class)
class DdlEventsTest {
  @Test
  void everyDdlKindArrivesAloneInItsBatchAndRowsFollowTheNewShape(TestDatabase db, @TempDir Path dir) {
    try (EmbeddedCanal canal = Readers.builder(db, dir).build()) {
      canal.start();
      db.execute(
          "CREATE TABLE d (id INT PRIMARY KEY, a VARCHAR(10))",
          "INSERT INTO d VALUES (1, 'x')",
          "ALTER TABLE d ADD COLUMN b INT",
          "INSERT INTO d VALUES (2, 'y', 20)",
          "ALTER TABLE d MODIFY COLUMN b BIGINT",
          "ALTER TABLE d CHANGE COLUMN a aa VARCHAR(20)",
          "ALTER TABLE d RENAME COLUMN aa TO a2",
          "ALTER TABLE d DROP COLUMN b",
          "INSERT INTO d VALUES (3, 'z')",
          "CREATE INDEX d_a2 ON d (a2)",
          "DROP INDEX d_a2 ON d",
          "RENAME TABLE d TO d2",
          "INSERT INTO d2 VALUES (4, 'w')",
          "TRUNCATE TABLE d2",
          "DROP TABLE d2",
          "CREATE TABLE marker (id INT PRIMARY KEY)",
          "INSERT INTO marker VALUES (1)");
      List<ChangeEvent> all = new ArrayList<>();
      List<Batch> batches = Readers.drainBatches(canal, Duration.ofSeconds(30), Readers.rowCount("marker", 1), all,
          new ArrayList<>(), true);
      List<String> verbs = new ArrayList<>();
      for (Batch b : batches) {
        for (ChangeEvent e : b.events()) {
          if (e instanceof DdlEvent ddl) {
            assertThat(b.events()).as("a DDL is alone in its batch").hasSize(1);
            assertThat(ddl.schema()).isEqualTo(db.schema());
            String[] words = ddl.sql().split("\\s+");
            verbs.add(words[0] + " " + words[1]);
          }
        }
      }
      assertThat(verbs).containsExactly("CREATE TABLE", "ALTER TABLE", "ALTER TABLE", "ALTER TABLE", "ALTER TABLE",
          "ALTER TABLE", "CREATE INDEX", "DROP INDEX", "RENAME TABLE", "TRUNCATE TABLE", "DROP TABLE", "CREATE TABLE");
      List<DdlEvent> ddls = all.stream().filter(e -> e instanceof DdlEvent).map(e -> (DdlEvent) e).toList();
      assertThat(ddls.get(0).table()).isEqualTo("d");
      assertThat(ddls.get(0).sql()).startsWith("CREATE TABLE d");
      assertThat(ddls.get(8).table()).isEqualTo("d2");
      assertThat(ddls.get(8).sql()).isEqualTo("RENAME TABLE d TO d2");

      List<RowChange> d = Readers.rows(all, "d");
      assertThat(d).hasSize(3);
      assertThat(d.get(0).after()).containsExactly(1L, "x");
      assertThat(d.get(1).after()).containsExactly(2L, "y", 20L);
      assertThat(d.get(2).columns().stream().map(ColumnInfo::name)).containsExactly("id", "a2");
      assertThat(d.get(2).after()).containsExactly(3L, "z");
      assertThat(Readers.rows(all, "d2").get(0).after()).containsExactly(4L, "w");
    }
  }
}
