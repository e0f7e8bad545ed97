package org.binlogload.canal.internal;

import java.time.Duration;
import org.binlogload.canal.Batch;
import org.binlogload.canal.BinlogPosition;

/** The Canal parser, sink and ring wired by hand, with the cursor persisted in a DurableStore. */
public final class CanalReader {
  private final ReaderConfig config;

  public CanalReader(ReaderConfig config) {
    this.config = config;
  }

  public void start() {
    throw new UnsupportedOperationException("not yet");
  }

  public Batch get(int maxEntries, Duration timeout) {
    throw new UnsupportedOperationException("not yet");
  }

  public void ack(long batchId) {
    throw new UnsupportedOperationException("not yet");
  }

  public void rollback() {
    throw new UnsupportedOperationException("not yet");
  }

  public BinlogPosition position() {
    throw new UnsupportedOperationException("not yet");
  }

  public void stop() {}
}
