package org.binlogload.connector.sync;

import java.util.Objects;

/**
 * A point in the source binlog: file, event offset and the row's index inside a rows event (-1 for other events),
 * ordered as the binlog is; the GTID set and event time ride along and are ignored by comparison.
 */
public final class Position implements Comparable<Position> {
  private static final int FILE_BITS = 19;
  private static final int OFFSET_BITS = 32;
  private static final int ROW_BITS = 12;

  private final String file;
  private final long offset;
  private final int rowIndex;
  private final String gtid;
  private final long timestampMillis;
  private final long fileSequence;

  private Position(String file, long offset, int rowIndex, String gtid, long timestampMillis) {
    if (file == null || file.isEmpty()) {
      throw new IllegalArgumentException("file is empty");
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset < 0");
    }
    if (rowIndex < -1) {
      throw new IllegalArgumentException("rowIndex < -1");
    }
    this.file = file;
    this.offset = offset;
    this.rowIndex = rowIndex;
    this.gtid = gtid == null || gtid.isEmpty() ? null : gtid;
    this.timestampMillis = timestampMillis;
    this.fileSequence = fileSequence(file);
  }

  /** The position of a non-row event starting at {@code offset} of {@code file}. */
  public static Position of(String file, long offset) {
    return new Position(file, offset, -1, null, 0);
  }

  /** The position of row {@code rowIndex} (0-based) of the rows event starting at {@code offset} of {@code file}. */
  public static Position row(String file, long offset, int rowIndex) {
    return new Position(file, offset, rowIndex, null, 0);
  }

  /** Parses {@link #toString()}: {@code file:offset} or {@code file:offset#row}. */
  public static Position parse(String s) {
    Objects.requireNonNull(s, "position");
    int hash = s.lastIndexOf('#');
    String head = hash < 0 ? s : s.substring(0, hash);
    int colon = head.lastIndexOf(':');
    if (colon <= 0 || colon == head.length() - 1) {
      throw new IllegalArgumentException("position '" + s + "' is not file:offset[#row]");
    }
    try {
      long offset = Long.parseLong(head.substring(colon + 1));
      int row = hash < 0 ? -1 : Integer.parseInt(s.substring(hash + 1));
      return new Position(head.substring(0, colon), offset, row, null, 0);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("position '" + s + "' is not file:offset[#row]", e);
    }
  }

  private static long fileSequence(String file) {
    int dot = file.lastIndexOf('.');
    String digits = dot < 0 ? file : file.substring(dot + 1);
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** This position with {@code gtid} as the GTID set reached. */
  public Position withGtid(String gtid) {
    return new Position(file, offset, rowIndex, gtid, timestampMillis);
  }

  /** This position with the event time {@code millis}. */
  public Position withTimestamp(long millis) {
    return new Position(file, offset, rowIndex, gtid, millis);
  }

  /** The binlog file name. */
  public String file() {
    return file;
  }

  /** The start offset of the event in its file. */
  public long offset() {
    return offset;
  }

  /** The row's index in its rows event, or -1 for a non-row event. */
  public int rowIndex() {
    return rowIndex;
  }

  /** The GTID set reached at this event, or null. */
  public String gtid() {
    return gtid;
  }

  /** The event time in epoch milliseconds, or 0 when unknown. */
  public long timestampMillis() {
    return timestampMillis;
  }

  /** Whether this position is strictly after {@code other}. */
  public boolean isAfter(Position other) {
    return other == null || compareTo(other) > 0;
  }

  /**
   * The value of the Doris sequence column for a row at this position: monotonically increasing along the binlog
   * (19 bits of file number, 32 of offset, 12 of row index + 1, the last saturating at 4095).
   */
  public long sequence() {
    if (fileSequence >= (1L << FILE_BITS)) {
      throw new IllegalStateException("binlog file number of " + file + " exceeds " + ((1L << FILE_BITS) - 1)
          + "; the sequence column cannot order it");
    }
    if (offset >= (1L << OFFSET_BITS)) {
      throw new IllegalStateException("binlog offset " + offset + " of " + file + " exceeds 4 GiB; the sequence "
          + "column cannot order it");
    }
    long row = Math.min(rowIndex + 1L, (1L << ROW_BITS) - 1);
    return (fileSequence << (OFFSET_BITS + ROW_BITS)) | (offset << ROW_BITS) | row;
  }

  @Override
  public int compareTo(Position o) {
    int c = Long.compare(fileSequence, o.fileSequence);
    if (c == 0) {
      c = file.compareTo(o.file);
    }
    if (c == 0) {
      c = Long.compare(offset, o.offset);
    }
    return c != 0 ? c : Integer.compare(rowIndex, o.rowIndex);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Position && compareTo((Position) o) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(file, offset, rowIndex);
  }

  /** {@code file:offset} or {@code file:offset#row}. */
  @Override
  public String toString() {
    return file + ":" + offset + (rowIndex >= 0 ? "#" + rowIndex : "");
  }
}
