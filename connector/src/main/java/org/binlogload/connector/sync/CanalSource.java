package org.binlogload.connector.sync;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.binlogload.canal.Batch;
import org.binlogload.canal.BinlogException;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.EmbeddedCanal;

/** The {@link Source} over one job's {@link EmbeddedCanal}, whose immutable events the engine reads as they are. */
public final class CanalSource implements Source {
  private final Supplier<EmbeddedCanal> factory;
  private EmbeddedCanal canal;

  /** A source building its Canal instance with {@code factory} at {@link #start()}. */
  public CanalSource(Supplier<EmbeddedCanal> factory) {
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  @Override
  public void start() {
    canal = factory.get();
    canal.start();
  }

  @Override
  public Batch get(int maxEvents, Duration timeout) {
    return canal.get(maxEvents, timeout);
  }

  @Override
  public void ack(long batchId) {
    canal.ack(batchId);
  }

  @Override
  public void rollback() {
    canal.rollback();
  }

  @Override
  public void restartFrom(BinlogPosition position) {
    if (canal == null) {
      canal = factory.get(); // a reader that cannot start at its saved position (purged) is started at the new one
    }
    canal.restartFrom(position);
  }

  @Override
  public BinlogPosition acked() {
    return canal == null ? null : canal.position();
  }

  @Override
  public boolean isRetryable(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof BinlogException b) {
        return !b.fatal();
      }
    }
    return false;
  }

  @Override
  public boolean isDeterministic(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof BinlogException b) {
        return !b.fatal() && b.reason() != BinlogException.Reason.CONNECTION;
      }
    }
    return false;
  }

  @Override
  public void close() {
    if (canal != null) {
      canal.close();
      canal = null;
    }
  }
}
