package org.binlogload.connector.snapshot;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Cuts one table into chunks of about {@code chunkSize} rows, one at a time, from a resume key on. A single integer key
 * whose values are dense (at most {@link #DENSE_FACTOR} key values per estimated row) is split arithmetically, as
 * Flink CDC's evenly sized chunks; any other key (sparse or skewed integers, compound, strings) by keyset: the next
 * chunk ends at the key {@code chunkSize} rows further, found by an index-ordered query.
 */
public final class ChunkPlanner {
  /** At most this many key values per estimated row still counts as dense. */
  static final double DENSE_FACTOR = 2.0;

  private final SnapshotTable table;
  private final int chunkSize;
  private List<Object> lower;
  private int nextIndex;
  private boolean exhausted;
  private long evenStep;
  private long evenMax;

  private ChunkPlanner(SnapshotTable table, int chunkSize, List<Object> resumeAfter, int nextIndex) {
    this.table = table;
    this.chunkSize = chunkSize;
    this.lower = resumeAfter;
    this.nextIndex = nextIndex;
  }

  /**
   * A planner of {@code table}'s chunks after {@code resumeAfter} (null for the whole table), numbering them from
   * {@code nextIndex}; decides between even and keyset chunks with one MIN/MAX query.
   */
  public static ChunkPlanner start(Connection c, SnapshotTable table, int chunkSize, List<Object> resumeAfter,
      int nextIndex) throws SQLException {
    if (table.keyless()) {
      throw new IllegalArgumentException(table.keylessReason());
    }
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunk size " + chunkSize + " < 1");
    }
    ChunkPlanner p = new ChunkPlanner(table, chunkSize, resumeAfter, nextIndex);
    p.decide(c);
    return p;
  }

  private void decide(Connection c) throws SQLException {
    if (table.key().size() != 1 || table.keyColumns().get(0).kind() != ColumnKind.INTEGER) {
      return;
    }
    String k = SnapshotTable.quote(table.key().get(0));
    KeyRange range = KeyRange.of(table, lower, null);
    try (PreparedStatement st = c.prepareStatement("SELECT MIN(" + k + "), MAX(" + k + ") FROM "
        + table.quotedName() + " WHERE " + range.where())) {
      range.bind(st, 1);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        long min = rs.getLong(1);
        if (rs.wasNull()) {
          return; // empty: one keyset query finds that out
        }
        long max = rs.getLong(2);
        double span = (double) max - min + 1;
        double factor = span / Math.max(1, table.estimatedRows());
        if (table.estimatedRows() > 0 && factor <= DENSE_FACTOR) {
          evenStep = Math.max(1, (long) Math.ceil(chunkSize * factor));
          evenMax = max;
          lower = List.of(min - 1);
        }
      }
    }
  }

  /** Whether chunks are cut arithmetically (a dense integer key) rather than by keyset queries. */
  public boolean even() {
    return evenStep > 0;
  }

  /** The next chunk, or null after the last one (which runs to the end of the table). */
  public Chunk next(Connection c) throws SQLException {
    if (exhausted) {
      return null;
    }
    List<Object> upper = even() ? evenUpper() : keysetUpper(c);
    Chunk chunk = new Chunk(table.qualifiedName(), nextIndex++, lower, upper);
    exhausted = upper == null;
    lower = upper;
    return chunk;
  }

  private List<Object> evenUpper() {
    long from = (Long) lower.get(0);
    // the last chunk is open-ended: rows inserted above the MAX read at the start are copied too
    return evenMax - from <= evenStep ? null : List.of(from + evenStep);
  }

  /** The key {@code chunkSize} rows after the lower bound, or null when fewer rows remain. */
  private List<Object> keysetUpper(Connection c) throws SQLException {
    KeyRange range = KeyRange.of(table, lower, null);
    String cols = KeyRange.columns(table);
    try (PreparedStatement st = c.prepareStatement("SELECT " + cols + " FROM " + table.quotedName() + " WHERE "
        + range.where() + " ORDER BY " + cols + " LIMIT 1 OFFSET " + (chunkSize - 1))) {
      range.bind(st, 1);
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        List<Object> key = new ArrayList<>();
        List<SnapshotTable.Column> keyColumns = table.keyColumns();
        for (int i = 0; i < keyColumns.size(); i++) {
          key.add(Objects.requireNonNull(keyColumns.get(i).kind().read(rs, i + 1), "key value"));
        }
        return key;
      }
    }
  }
}
