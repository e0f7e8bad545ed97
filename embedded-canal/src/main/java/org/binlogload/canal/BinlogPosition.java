package org.binlogload.canal;

import java.util.Objects;

/**
 * A place in the source's binlog: file, start offset of the binlog event, row index inside a rows event, and the
 * GTID set, event time and server id where known.
 *
 * <p>Positions are ordered by file sequence number, then offset, then row index; GTID set and time are carried along
 * and ignored by {@link #compareTo}, {@link #equals} and {@link #hashCode}.
 */
public final class BinlogPosition implements Comparable<BinlogPosition> {
  private final String file;
  private final long offset;
  private final int rowIndex;
  private final String gtidSet;
  private final long timestampMillis;
  private final long serverId;

  private BinlogPosition(String file, long offset, int rowIndex, String gtidSet, long timestampMillis, long serverId) {
    this.file = file;
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
    return new BinlogPosition(file, offset, -1, null, 0L, 0L);
  }

  /** A position with every field given; {@code rowIndex} is -1 for a non-row event, {@code gtidSet} may be null. */
  public static BinlogPosition of(String file, long offset, int rowIndex, String gtidSet, long timestampMillis,
      long serverId) {
    BinlogPosition p = of(file, offset);
    if (rowIndex < -1) {
      throw new IllegalArgumentException("rowIndex < -1: " + rowIndex);
    }
    return new BinlogPosition(file, offset, rowIndex, gtidSet == null || gtidSet.isEmpty() ? null : gtidSet,
        timestampMillis, serverId);
  }

  /** This position at row {@code rowIndex} (0-based) of its rows event; -1 for a non-row event. */
  public BinlogPosition withRowIndex(int rowIndex) {
    if (rowIndex < -1) {
      throw new IllegalArgumentException("rowIndex < -1: " + rowIndex);
    }
    return new BinlogPosition(file, offset, rowIndex, gtidSet, timestampMillis, serverId);
  }

  /** This position carrying a GTID set (MariaDB {@code 0-1-106,1-1-1} or MySQL {@code uuid:1-5}); null for none. */
  public BinlogPosition withGtidSet(String gtidSet) {
    return new BinlogPosition(file, offset, rowIndex, gtidSet == null || gtidSet.isEmpty() ? null : gtidSet,
        timestampMillis, serverId);
  }

  /** This position carrying the event's time in epoch milliseconds. */
  public BinlogPosition withTimestamp(long timestampMillis) {
    return new BinlogPosition(file, offset, rowIndex, gtidSet, timestampMillis, serverId);
  }

  /** This position carrying the server id of the event's origin. */
  public BinlogPosition withServerId(long serverId) {
    return new BinlogPosition(file, offset, rowIndex, gtidSet, timestampMillis, serverId);
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
    return fileSequence(file);
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
    long a = fileSequence();
    long b = o.fileSequence();
    int c = (a >= 0 && b >= 0) ? Long.compare(a, b) : file.compareTo(o.file);
    if (c != 0) {
      return c;
    }
    c = Long.compare(offset, o.offset);
    return c != 0 ? c : Integer.compare(rowIndex, o.rowIndex);
  }

  /** Whether this position comes strictly after {@code other}. */
  public boolean isAfter(BinlogPosition other) {
    return compareTo(other) > 0;
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
      throw new IllegalArgumentException("not a binlog position (file:offset[#row]): " + text);
    }
    String file = text.substring(0, colon);
    String rest = text.substring(colon + 1);
    int hash = rest.indexOf('#');
    try {
      long offset = Long.parseLong(hash < 0 ? rest : rest.substring(0, hash));
      BinlogPosition p = of(file, offset);
      return hash < 0 ? p : p.withRowIndex(Integer.parseInt(rest.substring(hash + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a binlog position (file:offset[#row]): " + text, e);
    }
  }
}
