package org.binlogload.connector.sync;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.binlogload.canal.Batch;
import org.binlogload.canal.BinlogPosition;

/** Gets batches from the source without acknowledging them, and acknowledges them in order once committed. */
final class Receiver {
  private record Pending(long id, BinlogPosition last) {}

  private final Source source;
  private final int maxEvents;
  private final Duration pollTimeout;
  private final Deque<Pending> pending = new ArrayDeque<>();

  Receiver(Source source, int maxEvents, Duration pollTimeout) {
    if (maxEvents <= 0) {
      throw new IllegalArgumentException("maxEvents <= 0");
    }
    this.source = source;
    this.maxEvents = maxEvents;
    this.pollTimeout = pollTimeout;
  }

  /** The next batch, possibly empty; remembered until acknowledged. */
  Batch next() {
    Batch b = source.get(maxEvents, pollTimeout);
    if (b.id() >= 0) {
      pending.addLast(new Pending(b.id(), b.lastPosition()));
    }
    return b;
  }

  /**
   * Acknowledges every batch whose events all lie at or before {@code end} with one ack of the last of them (the
   * source's ack is cumulative, and each one persists the reader's cursor).
   */
  void ackThrough(BinlogPosition end) {
    Pending last = null;
    while (!pending.isEmpty()) {
      Pending p = pending.peekFirst();
      if (p.last() != null && p.last().compareTo(end) > 0) {
        break;
      }
      last = pending.removeFirst();
    }
    if (last != null) {
      source.ack(last.id());
    }
  }

  /** Makes the source's waiting {@link #next} return at once; any thread may call it. */
  void wakeUp() {
    source.wakeUp();
  }

  /** Drops every un-acknowledged batch; the source delivers them again. */
  void rollback() {
    pending.clear();
    source.rollback();
  }
}
