package org.binlogload.canal.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.alibaba.otter.canal.protocol.CanalEntry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.binlogload.testkit.Wait;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The parser's sink into the ring: which transactions it passes on, and how a full ring holds the parser. */
class RingSinkTest {
  private static final InetSocketAddress SOURCE = new InetSocketAddress("127.0.0.1", 3306);

  private BoundedEventStore store;
  private RingSink sink;
  private long offset = 4;

  @BeforeEach
  void start() {
    store = new BoundedEventStore(4, Long.MAX_VALUE);
    store.start();
    sink = new RingSink(store, new RowDecoder());
    sink.start();
  }

  @AfterEach
  void stop() {
    if (sink.isStart()) {
      sink.stop();
    }
    store.stop();
  }

  @Test
  void transactionsWithoutRowsPassOnlyEveryFewSeconds() throws Exception {
    store = new BoundedEventStore(16, Long.MAX_VALUE);
    store.start();
    sink = new RingSink(store, new RowDecoder());
    sink.start();
    long t = 1_700_000_000_000L;
    assertThat(sink.sink(transaction(t, false), SOURCE, "d")).isTrue();
    assertThat(entries()).as("the first one passes").isEqualTo(2);
    assertThat(sink.sink(transaction(t + RingSink.EMPTY_INTERVAL_MILLIS - 1, false), SOURCE, "d")).isTrue();
    assertThat(entries()).as("one within the interval is left out").isEqualTo(2);
    assertThat(sink.sink(transaction(t + 1 + RingSink.EMPTY_INTERVAL_MILLIS, false), SOURCE, "d")).isTrue();
    assertThat(entries()).as("one after the interval passes").isEqualTo(4);
    assertThat(sink.sink(transaction(t + 2 + RingSink.EMPTY_INTERVAL_MILLIS, true), SOURCE, "d")).isTrue();
    assertThat(entries()).as("rows always pass, with their transaction").isEqualTo(7);
  }

  @Test
  void aFullRingHoldsTheParserUntilTheConsumerReleases() throws Exception {
    sink.sink(transaction(1_000, true), SOURCE, "d"); // 3 of 4 entries
    CompletableFuture<Boolean> parser = parserWaitingForSpace();
    assertThat(parser).isNotDone();
    var got = store.tryGet(null, 3); // the consumer takes and acks the first transaction
    store.ack(got.getPositionRange().getEnd(), got.getPositionRange().getEndSeq());
    store.released(0);
    assertThat(parser.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(entries()).isEqualTo(6);
  }

  @Test
  void aStoppedSinkGivesUpInsteadOfWaiting() throws Exception {
    sink.sink(transaction(1_000, true), SOURCE, "d");
    CompletableFuture<Boolean> parser = parserWaitingForSpace();
    sink.stop();
    assertThat(parser.get(10, TimeUnit.SECONDS)).isFalse();
  }

  @Test
  void aWaitingConsumerGetsALoneTransactionAndEntriesBesideAWaitingParser() throws Exception {
    CompletableFuture<Boolean> consumer = CompletableFuture.supplyAsync(() -> {
      try {
        return store.awaitAfter(-1, TimeUnit.SECONDS.toNanos(30));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    sink.sink(transaction(1_000, true), SOURCE, "d"); // fewer entries than a batch: handed over after the linger
    assertThat(consumer.get(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Boolean> parser = parserWaitingForSpace(); // the ring of 4 is full
    assertThat(store.awaitAfter(0, TimeUnit.SECONDS.toNanos(30))).as("entries after the first are there").isTrue();
    parser.cancel(true);
  }

  /** A transaction sunk on another thread into a ring without room for it, once that thread waits for space. */
  private CompletableFuture<Boolean> parserWaitingForSpace() {
    CompletableFuture<Boolean> parser = CompletableFuture.supplyAsync(() -> {
      try {
        return sink.sink(transaction(1_001, true), SOURCE, "d");
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    Wait.until("the parser waits for ring space", Duration.ofSeconds(10), store::hasWaitingWriter);
    return parser;
  }

  /** Entries put into the ring so far (sequences start at 0). */
  private long entries() {
    return store.getPutSequence().get() + 1;
  }

  private List<CanalEntry.Entry> transaction(long millis, boolean rows) {
    CanalEntry.Entry begin = entry(CanalEntry.EntryType.TRANSACTIONBEGIN, millis);
    CanalEntry.Entry end = entry(CanalEntry.EntryType.TRANSACTIONEND, millis);
    return rows ? List.of(begin, entry(CanalEntry.EntryType.ROWDATA, millis), end) : List.of(begin, end);
  }

  private CanalEntry.Entry entry(CanalEntry.EntryType type, long millis) {
    CanalEntry.Header h = CanalEntry.Header.newBuilder().setLogfileName("mysql-bin.000001")
        .setLogfileOffset(offset).setEventLength(10).setExecuteTime(millis).setServerId(1).build();
    offset += 10;
    return CanalEntry.Entry.newBuilder().setHeader(h).setEntryType(type).build();
  }
}
