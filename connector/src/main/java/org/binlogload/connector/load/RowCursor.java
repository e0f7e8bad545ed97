package org.binlogload.connector.load;

import java.io.IOException;
import java.util.Iterator;

/** Steps through the rows of a load one at a time, handing each row's values to a {@link ValueSink}. */
public interface RowCursor {
  /** Moves to the next row; false after the last. */
  boolean next();

  /** The current row's columns. */
  LoadColumns columns();

  /** Whether the current row sets the delete sign. */
  boolean isDelete();

  /** The current row's sequence. */
  long sequence();

  /** Hands the current row's values, in column order, to {@code sink}. */
  void values(ValueSink sink) throws IOException;

  /** A cursor over {@code rows}, each value handed over as the object. */
  static RowCursor of(Iterator<LoadRow> rows) {
    return new RowCursor() {
      private LoadRow row;

      @Override
      public boolean next() {
        row = rows.hasNext() ? rows.next() : null;
        return row != null;
      }

      @Override
      public LoadColumns columns() {
        return row.columns();
      }

      @Override
      public boolean isDelete() {
        return row.isDelete();
      }

      @Override
      public long sequence() {
        return row.sequence();
      }

      @Override
      public void values(ValueSink sink) throws IOException {
        for (int i = 0, n = row.columns().size(); i < n; i++) {
          sink.value(row.value(i));
        }
      }
    };
  }
}
