package org.binlogload.canal;

import java.util.Objects;

/**
 * A place in the source's binlog: file, start offset of the binlog event, row index inside a rows event, and the
 * GTID set, event time and server id where known.
 *
 * <p>Positions are ordered by file sequence number, then file name, then offset, then row index; GTID set, time and
 * server id are carried along and ignored by {@link #compareTo}, {@link #equals} and {@link #hashCode}.
 */
public final class BinlogPosition implements Comparable<BinlogPosition> {
  private static final int FILE_BITS = 19;
  private static final int OFFSET_BITS = 32;
  private static final int ROW_BITS = 12;

  private final String file;
  private final long fileSequence;
  private final long offset;
  private final int rowIndex;
  private final String gtidSet;
  private final long timestampMillis;
  private final long serverId;

  private BinlogPosition(String file, long fileSequence, long offset, int rowIndex, String gtidSet,
      long timestampMillis, long serverId) {
    this.file = file;
    this.fileSequence = fileSequence;
    this.offset = offset;
    this.rowIndex = rowIndex;
    this.gtidSet = gtidSet;
    this.timestampMillis = timestampMillis;
    this.serverId = serverId;
  }

  /** The start of the binlog event at {@code offset} in {@code file}, not inside a rows event. */
  public static BinlogPosition of(String file, long offset) {
    Objects.requireNonNull(file, "file == null");
    if (file.isEmpty()) {
      throw new IllegalArgumentException("file is empty");
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset < 0: " + offset);
    }
    return new BinlogPosition(file, fileSequence(file), offset, -1, null, 0L, 0L);
  }

  /** Row {@code rowIndex} (0-based) of the rows event at {@code offset} in {@code file}. */
  public static BinlogPosition row(String file, long offset, int rowIndex) {
    return of(file, offset).withRowIndex(rowIndex);
  }

  /** A position with every field given; {@code rowIndex} is -1 for a non-row event, {@code gtidSet} may be null. */
  public static BinlogPosition of(String file, long offset, int rowIndex, String gtidSet, long timestampMillis,
      long serverId) {
    BinlogPosition p = of(file, offset);
    if (rowIndex < -1) {
      throw new IllegalArgumentException("rowIndex < -1: " + rowIndex);
    }
    return new BinlogPosition(file, p.fileSequence, offset, rowIndex,
        gtidSet == null || gtidSet.isEmpty() ? null : gtidSet, timestampMillis, serverId);
  }

  /** This position at row {@code rowIndex} (0-based) of its rows event; -1 for a non-row event. */
  public BinlogPosition withRowIndex(int rowIndex) {
    if (rowIndex < -1) {
      throw new IllegalArgumentException("rowIndex < -1: " + rowIndex);
    }
    return new BinlogPosition(file, fileSequence, offset, rowIndex, gtidSet, timestampMillis, serverId);
  }

  /** This position carrying a GTID set (MariaDB {@code 0-1-106,1-1-1} or MySQL {@code uuid:1-5}); null for none. */
  public BinlogPosition withGtidSet(String gtidSet) {
    return new BinlogPosition(file, fileSequence, offset, rowIndex,
        gtidSet == null || gtidSet.isEmpty() ? null : gtidSet, timestampMillis, serverId);
  }

  /** This position carrying the event's time in epoch milliseconds. */
  public BinlogPosition withTimestamp(long timestampMillis) {
    return new BinlogPosition(file, fileSequence, offset, rowIndex, gtidSet, timestampMillis, serverId);
  }

  /** This position carrying the server id of the event's origin. */
  public BinlogPosition withServerId(long serverId) {
    return new BinlogPosition(file, fileSequence, offset, rowIndex, gtidSet, timestampMillis, serverId);
  }

  /** The binlog file name, e.g. {@code mysql-bin.000003}. */
  public String file() {
    return file;
  }

  /** The start offset of the binlog event in its file. */
  public long offset() {
    return offset;
  }

  /** The 0-based index of the row inside its rows event; -1 for a non-row event. */
  public int rowIndex() {
    return rowIndex;
  }

  /** The GTID set, or null where none is known. */
  public String gtidSet() {
    return gtidSet;
  }

  /** The event time in epoch milliseconds; 0 when unknown. */
  public long timestampMillis() {
    return timestampMillis;
  }

  /** The server id of the event's origin; 0 when unknown. */
  public long serverId() {
    return serverId;
  }

  /** The numeric suffix of the file name ({@code mysql-bin.000003} gives 3); -1 when it has none. */
  public long fileSequence() {
    return fileSequence;
  }

  /**
   * The value of a target's sequence column (Doris's) for a row at this position: it grows along the binlog (19 bits
   * of file number, 32 of offset, 12 of row index + 1, the last saturating at 4095), and a position with no row
   * index gives the value just below its event's first row.
   */
  public long sequence() {
    long fileNumber = Math.max(fileSequence, 0);
    if (fileNumber >= (1L << FILE_BITS)) {
      throw new IllegalStateException("binlog file number of " + file + " exceeds " + ((1L << FILE_BITS) - 1)
          + "; the sequence column cannot order it");
    }
    if (offset >= (1L << OFFSET_BITS)) {
      throw new IllegalStateException("binlog offset " + offset + " of " + file + " exceeds 4 GiB; the sequence "
          + "column cannot order it");
    }
    long row = Math.min(rowIndex + 1L, (1L << ROW_BITS) - 1);
    return (fileNumber << (OFFSET_BITS + ROW_BITS)) | (offset << ROW_BITS) | row;
  }

  static long fileSequence(String file) {
    int dot = file.lastIndexOf('.');
    String digits = dot < 0 ? "" : file.substring(dot + 1);
    if (digits.isEmpty() || digits.length() > 18) {
      return -1;
    }
    long n = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  @Override
  public int compareTo(BinlogPosition o) {
    int c = Long.compare(fileSequence, o.fileSequence);
    if (c == 0) {
      c = file.compareTo(o.file);
    }
    if (c == 0) {
      c = Long.compare(offset, o.offset);
    }
    return c != 0 ? c : Integer.compare(rowIndex, o.rowIndex);
  }

  /** Whether this position comes strictly after {@code other}; every position is after none (null). */
  public boolean isAfter(BinlogPosition other) {
    return other == null || compareTo(other) > 0;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof BinlogPosition p)) {
      return false;
    }
    return offset == p.offset && rowIndex == p.rowIndex && file.equals(p.file);
  }

  @Override
  public int hashCode() {
    return Objects.hash(file, offset, rowIndex);
  }

  /** {@code mysql-bin.000003:1234#5}, or {@code mysql-bin.000003:1234} for a non-row event. */
  @Override
  public String toString() {
    return rowIndex < 0 ? file + ":" + offset : file + ":" + offset + "#" + rowIndex;
  }

  /** Parses {@link #toString()} output: {@code file:offset} or {@code file:offset#row}. */
  public static BinlogPosition parse(String text) {
    Objects.requireNonNull(text, "text == null");
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("position '" + text + "' is not file:offset[#row]");
    }
    String file = text.substring(0, colon);
    String rest = text.substring(colon + 1);
    int hash = rest.indexOf('#');
    try {
      long offset = Long.parseLong(hash < 0 ? rest : rest.substring(0, hash));
      BinlogPosition p = of(file, offset);
      return hash < 0 ? p : p.withRowIndex(Integer.parseInt(rest.substring(hash + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("position '" + text + "' is not file:offset[#row]", e);
    }
  }
}
