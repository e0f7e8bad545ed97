package org.binlogload.canal.internal;

import com.alibaba.otter.canal.protocol.CanalEntry;
import com.alibaba.otter.canal.protocol.position.LogPosition;
import com.alibaba.otter.canal.store.model.Event;
import com.alibaba.otter.canal.store.model.Events;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import org.binlogload.canal.Batch;
import org.binlogload.canal.BinlogException;
import org.binlogload.canal.BinlogException.Reason;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.ChangeEvent;

/**
 * The consumer's side of the ring: the batches handed out and not yet acked, released in the ring on ack. An entry's
 * content is dropped as soon as it is handed out, so un-acked rows live once, in the consumer. The reader calls it
 * from its synchronized get/ack only.
 */
final class RingConsumer {
  private final String name;
  private final Reconnects reconnects;
  private final EntryConverter converter = new EntryConverter();
  private final Deque<Pending> pending = new ArrayDeque<>();

  private BoundedEventStore store;
  private BinlogPosition floor;
  private long gotSequence = -1;
  private long nextBatchId = 1;

  /** One batch handed out (or skipped because every entry in it was already delivered before a restart). */
  private record Pending(long id, long endSequence, LogPosition end, long bytes, BinlogPosition lastEvent,
      BinlogPosition resume) {}

  RingConsumer(String name, Reconnects reconnects) {
    this.name = name;
    this.reconnects = reconnects;
  }

  /** Reads {@code store} from its start; events at or before {@code floor} were delivered before a restart. */
  void start(BoundedEventStore store, BinlogPosition floor) {
    this.store = store;
    this.floor = floor;
    gotSequence = -1;
  }

  /** Up to {@code maxEntries} events, waiting at most {@code timeout} for the first. */
  Batch get(int maxEntries, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        reconnects.throwIfFailed();
        long remaining = deadline - System.nanoTime();
        if (!store.awaitAfter(gotSequence, Math.max(0, remaining))) {
          reconnects.throwIfFailed();
          return Batch.empty();
        }
        reconnects.throwIfFailed();
        Events<Event> got = store.tryGet(null, maxEntries);
        List<Event> events = got.getEvents();
        if (events.isEmpty()) {
          continue;
        }
        long endSeq = got.getPositionRange().getEndSeq();
        gotSequence = endSeq;
        List<ChangeEvent> out = new ArrayList<>(Math.max(16, events.size()));
        BinlogPosition resume = null;
        long bytes = 0;
        for (Event e : events) {
          CanalEntry.Entry entry = e.getEntry();
          bytes += e.getRawLength();
          if (entry == null) {
            continue;
          }
          converter.convert(entry, RowsEvent.rows(e), floor, out);
          if (EntryConverter.isBoundary(entry)) {
            CanalEntry.Header h = entry.getHeader();
            resume = BinlogPosition.of(h.getLogfileName(), h.getLogfileOffset() + h.getEventLength(), -1,
                h.getGtid(), h.getExecuteTime(), h.getServerId());
          }
          RowsEvent.release(e); // the consumer holds what it needs now; a rollback reads again from the server
        }
        BinlogPosition last = out.isEmpty() ? null : out.get(out.size() - 1).position();
        long id = out.isEmpty() ? -(nextBatchId++) : nextBatchId++;
        pending.addLast(new Pending(id, endSeq, (LogPosition) got.getPositionRange().getEnd(), bytes, last, resume));
        if (!out.isEmpty()) {
          reconnects.delivered();
          return Batch.of(id, out);
        }
        releaseSkippedHead();
        if (System.nanoTime() - deadline >= 0) {
          return Batch.empty();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BinlogException(Reason.INTERNAL, false, "interrupted while waiting for binlog events of " + name, e);
    }
  }

  /**
   * Acks {@code batchId} and every earlier batch: hands the cursor after them to {@code persist}, then releases them
   * in the ring.
   */
  void ack(long batchId, Cursor c, Consumer<Cursor> persist) {
    if (batchId <= 0) {
      throw new IllegalArgumentException("batchId <= 0: " + batchId);
    }
    Pending target = null;
    for (Pending p : pending) {
      if (p.id() == batchId) {
        target = p;
        break;
      }
    }
    if (target == null) {
      throw new IllegalArgumentException("no un-acked batch " + batchId + " (already acked or rolled back?)");
    }
    List<Pending> done = new ArrayList<>();
    while (true) {
      Pending p = pending.pollFirst();
      done.add(p);
      if (p == target) {
        break;
      }
    }
    BinlogPosition acked = c.acked();
    BinlogPosition resume = c.resume();
    long bytes = 0;
    for (Pending p : done) {
      if (p.lastEvent() != null) {
        acked = p.lastEvent();
      }
      if (p.resume() != null) {
        resume = p.resume();
      }
      bytes += p.bytes();
    }
    Cursor next = new Cursor(resume, acked, c.gtidMode());
    persist.accept(next);
    Pending last = done.get(done.size() - 1);
    store.ack(last.end(), last.endSequence());
    store.released(bytes);
    floor = null; // the ring will not hand out anything before the acked batch again
  }

  /** Acks in the ring, without moving the cursor, replayed batches that no delivered batch precedes. */
  private void releaseSkippedHead() {
    for (Pending p : pending) {
      if (p.id() > 0) {
        return;
      }
    }
    Pending last = pending.peekLast();
    long bytes = 0;
    for (Pending p : pending) {
      bytes += p.bytes();
    }
    store.ack(last.end(), last.endSequence());
    store.released(bytes);
    pending.clear();
  }

  /** Forgets the batches handed out. */
  void clear() {
    pending.clear();
  }
}
