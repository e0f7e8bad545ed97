package org.binlogload.connector.snapshot;

import java.util.Objects;
import org.binlogload.canal.BinlogPosition;

/**
 * A point of the source's binlog read before a chunk's SELECT: every change the SELECT can miss lies at or after it,
 * and its {@link #sequence()} is lower than that of any row event at or after it.
 */
public record Watermark(String file, long offset, String gtid) implements Comparable<Watermark> {
  /** Checks the fields. */
  public Watermark {
    Objects.requireNonNull(file, "file");
    if (file.isEmpty() || offset < 0) {
      throw new IllegalArgumentException("watermark " + file + ":" + offset + " is not a binlog position");
    }
    gtid = gtid == null || gtid.isEmpty() ? null : gtid;
  }

  /** Parses {@link #toString()}: {@code file:offset}. */
  public static Watermark parse(String s) {
    BinlogPosition p = BinlogPosition.parse(s);
    return new Watermark(p.file(), p.offset(), null);
  }

  /**
   * The Doris sequence value of the rows a chunk read after this watermark: the sequence of the binlog position
   * itself (row bits 0), so the first row of an event starting exactly here (row bits 1) is already larger.
   */
  public long sequence() {
    return position().sequence();
  }

  /** This watermark as the engine's position, for the binlog to start from. */
  public BinlogPosition position() {
    BinlogPosition p = BinlogPosition.of(file, offset);
    return gtid == null ? p : p.withGtidSet(gtid);
  }

  @Override
  public int compareTo(Watermark o) {
    return BinlogPosition.of(file, offset).compareTo(BinlogPosition.of(o.file, o.offset));
  }

  @Override
  public String toString() {
    return file + ":" + offset;
  }
}
