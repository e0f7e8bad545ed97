package org.binlogload.connector.doris;

import java.util.Iterator;
import java.util.List;
import org.binlogload.connector.load.LoadColumns;
import org.binlogload.connector.load.LoadRow;
import org.binlogload.connector.load.PackedRows;
import org.binlogload.connector.load.RowCursor;

/** Rows of one load, pulled while the body is sent; {@link #open()} is called again for each retry and must yield the same rows. */
@FunctionalInterface
public interface RowSource {
  /** A fresh iterator over the rows, from the first. */
  Iterator<LoadRow> open();

  /** A fresh cursor over the rows, from the first: {@link #open()}'s rows unless the source reads them more cheaply. */
  default RowCursor cursor() {
    return RowCursor.of(open());
  }

  /** The distinct column lists of the rows in first-seen order if known without reading them, else null. */
  default List<LoadColumns> shapes() {
    return null;
  }

  /** A source over an in-memory collection (tests, small loads, a channel's packed rows). */
  static RowSource of(Iterable<LoadRow> rows) {
    return new RowSource() {
      @Override
      public Iterator<LoadRow> open() {
        return rows.iterator();
      }

      @Override
      public RowCursor cursor() {
        RowCursor packed = PackedRows.cursorOf(rows);
        return packed != null ? packed : RowCursor.of(rows.iterator());
      }

      @Override
      public List<LoadColumns> shapes() {
        return PackedRows.shapesOf(rows);
      }
    };
  }
}
