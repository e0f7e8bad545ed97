package org.binlogload.connector.job;

import java.util.Objects;

/** Counters of one channel of a running job. */
public final class ChannelStatus {
  private final String source;
  private final String target;
  private final long rows;
  private final long bytes;
  private final long loads;
  private final String lastLabel;

  private ChannelStatus(String source, String target, long rows, long bytes, long loads, String lastLabel) {
    this.source = Objects.requireNonNull(source, "source");
    this.target = Objects.requireNonNull(target, "target");
    this.rows = rows;
    this.bytes = bytes;
    this.loads = loads;
    this.lastLabel = lastLabel;
  }

  /** A channel's counters; {@code lastLabel} may be null before the first load. */
  public static ChannelStatus of(String source, String target, long rows, long bytes, long loads, String lastLabel) {
    return new ChannelStatus(source, target, rows, bytes, loads, lastLabel);
  }

  /** {@code "mysql_db.tbl"}. */
  public String source() {
    return source;
  }

  /** {@code "doris_db.tbl"}. */
  public String target() {
    return target;
  }

  /** Rows committed. */
  public long rows() {
    return rows;
  }

  /** Bytes committed. */
  public long bytes() {
    return bytes;
  }

  /** Stream loads committed. */
  public long loads() {
    return loads;
  }

  /** The label of the last load, or null. */
  public String lastLabel() {
    return lastLabel;
  }

  /** {@code "mysql_db.tbl->doris_db.tbl"}. */
  public String name() {
    return source + "->" + target;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ChannelStatus)) {
      return false;
    }
    ChannelStatus c = (ChannelStatus) o;
    return source.equals(c.source) && target.equals(c.target) && rows == c.rows && bytes == c.bytes
        && loads == c.loads && Objects.equals(lastLabel, c.lastLabel);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, target, rows, bytes, loads, lastLabel);
  }

  @Override
  public String toString() {
    return name() + "{rows=" + rows + ", bytes=" + bytes + ", loads=" + loads + ", lastLabel=" + lastLabel + "}";
  }
}
