package org.binlogload.canal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Table and column names with accents, CJK and Hangul, and emoji values (the binlog's table-map metadata carries them as UTF-8) reach
 * the events as MySQL spells them, through CREATE, ALTER (ADD and RENAME COLUMN) and rows.
 */
@ExtendWith(MariaDbExtension.class)
class NonAsciiNamesTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void nonAsciiTableAndColumnNamesAndEmojiValues(TestDatabase db, @TempDir Path dir) throws Exception {
    String table = "caf\u00e9_\u8ba2\u5355";
    db.execute("CREATE TABLE `" + table + "` (id INT PRIMARY KEY, `v\u00e4lue` VARCHAR(10), `\u540d\u524d` "
        + "VARCHAR(10)) DEFAULT CHARSET=utf8mb4");
    try (EmbeddedCanal canal = Readers.builder(db, dir).build()) {
      canal.start();
      db.execute("INSERT INTO `" + table + "` VALUES (1, 'a\u00e9', '\u6771\u4eac')",
          "ALTER TABLE `" + table + "` ADD COLUMN `\uac12` INT",
          "INSERT INTO `" + table + "` VALUES (2, 'b\ud83d\ude00', '\u4eac', 7)",
          "ALTER TABLE `" + table + "` RENAME COLUMN `v\u00e4lue` TO `w\u00e9rt`",
          "UPDATE `" + table + "` SET `w\u00e9rt` = 'c' WHERE id = 2");
      List<ChangeEvent> events = Readers.drain(canal, WAIT, Readers.rowCount(table, 3));
      List<RowChange> rows = Readers.rows(events, table);
      assertThat(rows).hasSize(3);
      assertThat(names(rows.get(0))).containsExactly("id", "v\u00e4lue", "\u540d\u524d");
      assertThat(rows.get(0).after()).containsExactly(1L, "a\u00e9", "\u6771\u4eac");
      assertThat(names(rows.get(1))).containsExactly("id", "v\u00e4lue", "\u540d\u524d", "\uac12");
      assertThat(rows.get(1).after()).containsExactly(2L, "b\ud83d\ude00", "\u4eac", 7L);
      assertThat(names(rows.get(2))).containsExactly("id", "w\u00e9rt", "\u540d\u524d", "\uac12");
      assertThat(rows.get(2).after()).containsExactly(2L, "c", "\u4eac", 7L);
      assertThat(rows.get(2).table()).isEqualTo(table);
    }
  }

  private static List<String> names(RowChange row) {
    return row.columns().stream().map(ColumnInfo::name).toList();
  }
}
