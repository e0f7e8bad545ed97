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

  /** Acknowledges, in order, every batch whose events all lie at or before {@code end}. */
  void ackThrough(BinlogPosition end) {
    while (!pending.isEmpty()) {
      Pending p = pending.peekFirst();
      if (p.last() != null && p.last().compareTo(end) > 0) {
        return;
      }
      source.ack(p.id());
      pending.removeFirst();
    }
  }

  /** Drops every un-acknowledged batch; the source delivers them again. */
  void rollback() {
    pending.clear();
    source.rollback();
  }
}
