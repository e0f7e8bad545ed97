package org.binlogload.connector.sync;

import java.time.Duration;
import org.binlogload.canal.Batch;
import org.binlogload.canal.BinlogPosition;

/** The binlog reader of one job, with get-without-ack semantics (the embedded Canal instance in production). */
public interface Source extends AutoCloseable {
  /** Connects and positions the reader after its last acknowledged event. */
  void start();

  /** Up to {@code maxEvents} events, waiting at most {@code timeout}; not acknowledged. */
  Batch get(int maxEvents, Duration timeout);

  /** Acknowledges batch {@code batchId} and every batch before it; the reader will not deliver them again. */
  void ack(long batchId);

  /** Forgets every un-acknowledged batch; they are delivered again. */
  void rollback();

  /** The reader's last acknowledged position, or null if none. */
  BinlogPosition acked();

  /** Whether a failure of this source may pass when the job reconnects (a lost connection, not a purged log). */
  default boolean isRetryable(Throwable t) {
    return false;
  }

  /**
   * Whether a retryable failure would come back at the same place however often the job reconnects (an event it
   * cannot decode, not a lost connection); repeated with nothing delivered in between, it pauses the job.
   */
  default boolean isDeterministic(Throwable t) {
    return false;
  }

  /**
   * Restarts the started reader at {@code position}, a transaction boundary at or before its acknowledged position:
   * every event after it is delivered again (an online copy's hand-over).
   */
  default void restartFrom(BinlogPosition position) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot restart at " + position);
  }

  /** Disconnects; idempotent. */
  @Override
  void close();
}
