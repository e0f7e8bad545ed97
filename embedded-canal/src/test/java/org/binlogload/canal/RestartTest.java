package org.binlogload.canal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
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
class RestartTest {
  @Test
  void latestIsPersistedBeforeTheFirstEventSoNothingWrittenAfterStartIsLost(TestDatabase db, @TempDir Path dir) {
    db.execute("CREATE TABLE early (id INT PRIMARY KEY)");
    EmbeddedCanal first = Readers.builder(db, dir).name("latest").build();
    first.start();
    String saved = new String(DurableStore.directory(dir).get("latest.cursor").orElseThrow(), StandardCharsets.UTF_8);
    assertThat(saved).contains("format=1").contains("resume=" + first.position());
    first.close(); // never read, never acked: a crash right after start
    db.execute("INSERT INTO early VALUES (1), (2), (3)");
    try (EmbeddedCanal second = Readers.builder(db, dir).name("latest").build()) {
      second.start();
      List<RowChange> rows = Readers.rows(Readers.drain(second, Duration.ofSeconds(30), Readers.rowCount("early", 3)),
          "early");
      assertThat(rows).extracting(r -> r.after("id")).containsExactly(1L, 2L, 3L);
    }
  }

  @Test
  void wakeUpEndsAWaitingGetAtOnce(TestDatabase db, @TempDir Path dir) throws Exception {
    db.execute("CREATE TABLE woken (id INT PRIMARY KEY)");
    try (EmbeddedCanal canal = Readers.builder(db, dir).name("wake").build()) {
      canal.start();
      java.util.concurrent.CompletableFuture<Batch> got = java.util.concurrent.CompletableFuture.supplyAsync(
          () -> canal.get(100, Duration.ofSeconds(60)));
      org.binlogload.testkit.Wait.until("the reader waits", Duration.ofSeconds(10),
          () -> !got.isDone() && Thread.getAllStackTraces().keySet().stream().anyMatch(t -> java.util.Arrays.stream(
              t.getStackTrace()).anyMatch(f -> f.getMethodName().equals("awaitAfter"))));
      canal.wakeUp();
      Batch b = got.get(10, java.util.concurrent.TimeUnit.SECONDS); // not the 60 s the get would wait
      assertThat(b.isEmpty()).isTrue();
      db.execute("INSERT INTO woken VALUES (1)");
      assertThat(Readers.rows(Readers.drain(canal, Duration.ofSeconds(30), Readers.rowCount("woken", 1)), "woken"))
          .extracting(r -> r.after("id")).containsExactly(1L);
    }
  }

  @Test
  void restartAfterPartialAckReplaysOnlyTheUnackedTail(TestDatabase db, @TempDir Path dir) {
    db.execute("CREATE TABLE p (id INT PRIMARY KEY, v VARCHAR(10))");
    EmbeddedCanal first = Readers.builder(db, dir).name("partial").build();
    first.start();
    // One transaction of five rows events (1-3, 4, 5, 6-10, 11), then one more.
    db.transaction("INSERT INTO p VALUES (1,'v1'),(2,'v2'),(3,'v3')", "INSERT INTO p VALUES (4,'v4')",
        "INSERT INTO p VALUES (5,'v5')", "INSERT INTO p VALUES (6,'v6'),(7,'v7'),(8,'v8'),(9,'v9'),(10,'v10')",
        "INSERT INTO p VALUES (11,'v11')");
    db.execute("INSERT INTO p VALUES (12, 'v12')");
    // Read two binlog entries at a time and ack until at least four rows are acked: the middle of the transaction.
    List<ChangeEvent> delivered = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    BinlogPosition ackedAt = null;
    while (Readers.rows(delivered, "p").size() < 4 && System.nanoTime() < deadline) {
      Batch b = first.get(2, Duration.ofMillis(200));
      if (!b.isEmpty()) {
        delivered.addAll(b.events());
        first.ack(b.id());
        ackedAt = b.lastPosition();
      }
    }
    List<Long> ackedIds = Readers.rows(delivered, "p").stream().map(r -> (Long) r.after("id")).toList();
    assertThat(ackedIds).hasSizeBetween(4, 9);
    assertThat(delivered).noneMatch(e -> e instanceof TransactionEnd);
    long lastAcked = ackedIds.get(ackedIds.size() - 1);
    Batch unacked = first.get(2, Duration.ofSeconds(5));
    assertThat(unacked.events()).isNotEmpty();
    assertThat(first.position()).isEqualTo(ackedAt);
    first.close();

    try (EmbeddedCanal second = Readers.builder(db, dir).name("partial").build()) {
      second.start();
      assertThat(second.position()).isEqualTo(ackedAt);
      List<ChangeEvent> rest = Readers.drain(second, Duration.ofSeconds(30), Readers.rowCount("p", 12 - (int) lastAcked));
      List<Long> ids = Readers.rows(rest, "p").stream().map(r -> (Long) r.after("id")).toList();
      List<Long> expected = new ArrayList<>();
      for (long i = lastAcked + 1; i <= 12; i++) {
        expected.add(i);
      }
      assertThat(ids).isEqualTo(expected);
      for (ChangeEvent e : rest) {
        assertThat(e.position().compareTo(ackedAt)).as("replayed %s after %s", e, ackedAt).isPositive();
      }
      // Both commits arrive (an empty transaction of another schema may add its own end).
      assertThat(rest.stream().filter(e -> e instanceof TransactionEnd).count()).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void rollbackDeliversTheUnackedBatchesAgain(TestDatabase db, @TempDir Path dir) {
    db.execute("CREATE TABLE r (id INT PRIMARY KEY)");
    try (EmbeddedCanal canal = Readers.builder(db, dir).name("rollback").build()) {
      canal.start();
      db.execute("INSERT INTO r VALUES (1), (2)", "INSERT INTO r VALUES (3)");
      List<ChangeEvent> firstRead = new ArrayList<>();
      Readers.drainBatches(canal, Duration.ofSeconds(30), Readers.rowCount("r", 3), firstRead, new ArrayList<>(),
          false);
      canal.rollback();
      List<ChangeEvent> again = Readers.drain(canal, Duration.ofSeconds(30), Readers.rowCount("r", 3));
      assertThat(again).hasSameSizeAs(firstRead);
      assertThat(again).extracting(ChangeEvent::position).isEqualTo(
          firstRead.stream().map(ChangeEvent::position).toList());
    }
  }

  @Test
  void rollbackAfterAnAckReadsOnlyTheUnackedRowsAgainWithTheirValues(TestDatabase db, @TempDir Path dir) {
    db.execute("CREATE TABLE ra (id INT PRIMARY KEY, v VARCHAR(10))");
    try (EmbeddedCanal canal = Readers.builder(db, dir).name("rollback-acked").build()) {
      canal.start();
      db.execute("INSERT INTO ra VALUES (1, 'one')");
      Readers.drain(canal, Duration.ofSeconds(30), Readers.rowCount("ra", 1)); // acked
      BinlogPosition acked = canal.position();
      db.execute("INSERT INTO ra VALUES (2, 'two')", "UPDATE ra SET v = 'uno' WHERE id = 1");
      List<ChangeEvent> unacked = new ArrayList<>();
      Readers.drainBatches(canal, Duration.ofSeconds(30), Readers.rowCount("ra", 2), unacked, new ArrayList<>(), false);
      // the reader dropped those rows when it handed them out: they come again from the server, after the ack only
      canal.rollback();
      assertThat(canal.position()).isEqualTo(acked);
      List<ChangeEvent> again = Readers.drain(canal, Duration.ofSeconds(30), Readers.rowCount("ra", 2));
      assertThat(Readers.rows(again, "ra")).extracting(RowChange::kind, r -> r.after("id"), r -> r.after("v"))
          .containsExactly(tuple(RowChange.Kind.INSERT, 2L, "two"), tuple(RowChange.Kind.UPDATE, 1L, "uno"));
      assertThat(Readers.rows(again, "ra")).extracting(ChangeEvent::position)
          .isEqualTo(Readers.rows(unacked, "ra").stream().map(ChangeEvent::position).toList());
    }
  }

  @Test
  void restartFromAPositionDeliversEverythingAfterItAgainWithTheDefinitionsOfThen(TestDatabase db,
      @TempDir Path dir) {
    db.execute("CREATE TABLE w (id INT PRIMARY KEY)");
    try (EmbeddedCanal canal = Readers.builder(db, dir).name("rewind").build()) {
      canal.start();
      db.execute("INSERT INTO w VALUES (1)");
      String[] status = db.masterStatus();
      BinlogPosition boundary = BinlogPosition.of(status[0], Long.parseLong(status[1]));
      db.execute("INSERT INTO w VALUES (2)", "ALTER TABLE w ADD COLUMN c VARCHAR(5)", "INSERT INTO w VALUES (3, 'x')");
      List<ChangeEvent> first = new ArrayList<>();
      for (Batch b : Readers.drainBatches(canal, Duration.ofSeconds(30), Readers.rowCount("w", 3), first,
          new ArrayList<>(), true)) {
        assertThat(b.id()).isPositive();
      }
      BinlogPosition acked = canal.position();

      canal.restartFrom(boundary);

      assertThat(canal.position()).isEqualTo(boundary);
      List<ChangeEvent> again = Readers.drain(canal, Duration.ofSeconds(30), Readers.rowCount("w", 2));
      List<RowChange> rows = Readers.rows(again, "w");
      assertThat(rows).extracting(r -> r.after("id")).containsExactly(2L, 3L);
      assertThat(rows.get(0).columns()).hasSize(1);
      assertThat(rows.get(1).after("c")).isEqualTo("x");
      assertThat(again).allMatch(e -> e.position().isAfter(boundary));
      assertThat(again).anyMatch(e -> e instanceof DdlEvent);
      assertThat(acked.isAfter(boundary)).isTrue();
    }
  }
}
