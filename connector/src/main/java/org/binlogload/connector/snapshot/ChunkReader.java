package org.binlogload.connector.snapshot;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.binlogload.connector.doris.RowSource;
import org.binlogload.connector.load.LoadColumns;
import org.binlogload.connector.load.LoadRow;

/**
 * Streams one chunk's rows from a SELECT on one connection, row by row (mysql-connector-j's streaming result set:
 * fetch size {@link Integer#MIN_VALUE}, the text protocol), so memory holds one row however large the chunk; each
 * {@link RowSource#open()} runs the SELECT again, as a retried load needs.
 */
public final class ChunkReader implements AutoCloseable {
  private final Connection connection;
  private PreparedStatement open;
  private long rowsRead;

  /** A reader over {@code connection}, which it uses for one SELECT at a time. */
  public ChunkReader(Connection connection) {
    this.connection = connection;
  }

  /** The rows of {@code chunk} of {@code table} as upserts with {@code sequence}, read when pulled. */
  public RowSource rows(SnapshotTable table, Chunk chunk, long sequence) {
    return rows(table, chunk, sequence, table.columnNames(), table.columnNames());
  }

  /**
   * The rows of {@code chunk} of {@code table} as upserts with {@code sequence}, read when pulled: the values of the
   * source columns {@code select}, each under the Doris name at the same place of {@code names}.
   */
  public RowSource rows(SnapshotTable table, Chunk chunk, long sequence, List<String> select, List<String> names) {
    if (select.size() != names.size() || select.isEmpty()) {
      throw new IllegalArgumentException("columns " + select + " and their Doris names " + names + " differ in count");
    }
    List<SnapshotTable.Column> columns = select.stream().map(table::column).toList();
    LoadColumns loadColumns = LoadColumns.of(names);
    return () -> {
      try {
        return iterator(table, chunk, sequence, columns, loadColumns);
      } catch (SQLException e) {
        throw failure(table, chunk, e);
      }
    };
  }

  /** Rows read by the SELECTs so far (a retried chunk counts again). */
  public long rowsRead() {
    return rowsRead;
  }

  private Iterator<LoadRow> iterator(SnapshotTable table, Chunk chunk, long sequence,
      List<SnapshotTable.Column> columns, LoadColumns names) throws SQLException {
    close();
    KeyRange range = KeyRange.of(table, chunk.lower(), chunk.upper());
    StringBuilder cols = new StringBuilder();
    for (SnapshotTable.Column c : columns) {
      cols.append(cols.length() == 0 ? "" : ", ").append(SnapshotTable.quote(c.name()));
    }
    PreparedStatement st = connection.prepareStatement("SELECT " + cols + " FROM " + table.quotedName() + " WHERE "
        + range.where(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
    open = st;
    st.setFetchSize(Integer.MIN_VALUE);
    range.bind(st, 1);
    ResultSet rs = st.executeQuery();
    return new Iterator<>() {
      private Boolean ahead;

      @Override
      public boolean hasNext() {
        if (ahead == null) {
          try {
            ahead = rs.next();
            if (!ahead) {
              st.close();
            }
          } catch (SQLException e) {
            throw failure(table, chunk, e);
          }
        }
        return ahead;
      }

      @Override
      public LoadRow next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        ahead = null;
        try {
          Object[] values = new Object[columns.size()];
          for (int i = 0; i < values.length; i++) {
            values[i] = columns.get(i).kind().read(rs, i + 1);
          }
          rowsRead++;
          return LoadRow.of(names, values, false, sequence, null);
        } catch (SQLException | RuntimeException e) {
          throw failure(table, chunk, e);
        }
      }
    };
  }

  private static IllegalStateException failure(SnapshotTable table, Chunk chunk, Exception e) {
    return new IllegalStateException("reading " + chunk + " of " + table.qualifiedName() + " failed: "
        + e.getMessage(), e);
  }

  /** Closes the SELECT in progress, if any (the connection stays open). */
  @Override
  public void close() {
    if (open != null) {
      try {
        open.close();
      } catch (SQLException e) {
        // the connection is broken; the next SELECT on it says so
      }
      open = null;
    }
  }
}
