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

/** DML logged as statements (binlog_format STATEMENT) is reported as a {@link StatementEvent}, never dropped. */
@ExtendWith(MariaDbExtension.class)
class StatementFormatTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void statementLoggedDmlBecomesAStatementEventBetweenTheRows(TestDatabase db, @TempDir Path dir) throws Exception {
    db.execute("CREATE TABLE s (id INT PRIMARY KEY, v VARCHAR(10))");
    try (EmbeddedCanal canal = Readers.builder(db, dir).build()) {
      canal.start();
      db.execute("INSERT INTO s VALUES (1, 'row')");
      db.execute("SET SESSION binlog_format = 'STATEMENT'", "INSERT INTO s VALUES (2, 'stmt')",
          "UPDATE s SET v = 'stmt2' WHERE id = 1", "SET SESSION binlog_format = 'ROW'");
      db.execute("INSERT INTO s VALUES (3, 'row')");
      List<ChangeEvent> events = Readers.drain(canal, WAIT, Readers.rowCount("s", 2));
      List<StatementEvent> statements = events.stream().filter(e -> e instanceof StatementEvent)
          .map(e -> (StatementEvent) e).toList();
      assertThat(statements).hasSize(2);
      assertThat(statements.get(0).table()).isEqualTo("s");
      assertThat(statements.get(0).schema()).isEqualTo(db.schema());
      assertThat(statements.get(0).sql()).contains("INSERT INTO s VALUES (2, 'stmt')");
      assertThat(statements.get(1).sql()).contains("UPDATE s SET v = 'stmt2'");
      List<RowChange> rows = Readers.rows(events, "s");
      assertThat(events).containsSubsequence(rows.get(0), statements.get(0), statements.get(1), rows.get(1));
    }
  }
}
