package org.binlogload.canal.internal.schema;

import java.util.Optional;
import org.binlogload.canal.BinlogException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The fatal error a schema history stopped with: once set, every later call of the history throws it again. */
final class StickyFailure {
  private static final Logger LOG = LoggerFactory.getLogger(StickyFailure.class);

  private final String key;
  private volatile BinlogException failure;

  /** The failure of the history kept under {@code key}. */
  StickyFailure(String key) {
    this.key = key;
  }

  /** Stops the history with a fatal error of {@code reason}: logs it, keeps it and returns it to be thrown. */
  BinlogException fail(BinlogException.Reason reason, String message) {
    BinlogException e = new BinlogException(reason, true, message);
    failure = e;
    LOG.error("schema history {}: {}", key, message);
    return e;
  }

  /** Throws the error the history stopped with, if any. */
  void check() {
    BinlogException f = failure;
    if (f != null) {
      throw f;
    }
  }

  /** Whether the history has stopped. */
  boolean failed() {
    return failure != null;
  }

  /** The error the history stopped with, if any. */
  Optional<BinlogException> get() {
    return Optional.ofNullable(failure);
  }
}
