package org.binlogload.connector.doris;

import java.util.Iterator;
import org.binlogload.connector.load.LoadRow;

/** Rows of one load, pulled while the body is sent; {@link #open()} is called again for each retry and must yield the same rows. */
@FunctionalInterface
public interface RowSource {
  /** A fresh iterator over the rows, from the first. */
  Iterator<LoadRow> open();

  /** A source over an in-memory collection (tests, small loads). */
  static RowSource of(Iterable<LoadRow> rows) {
    return rows::iterator;
  }
}
