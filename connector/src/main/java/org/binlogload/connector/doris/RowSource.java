package org.binlogload.connector.doris;

import java.util.Iterator;

/** Rows of one load, pulled while the body is sent; {@link #open()} is called again for each retry and must yield the same rows. */
@FunctionalInterface
public interface RowSource {
  /** A fresh iterator over the rows, from the first. */
  Iterator<DorisRow> open();

  /** A source over an in-memory collection (tests, small loads). */
  static RowSource of(Iterable<DorisRow> rows) {
    return rows::iterator;
  }
}
