package org.binlogload.canal;

import java.util.Objects;

/** Where a reader with no saved cursor starts: latest, earliest, a file and offset, or a GTID set. */
public final class StartPosition {
  /** The kind of start position. */
  public enum Kind { LATEST, EARLIEST, FILE_OFFSET, GTID }

  private final Kind kind;
  private final String file;
  private final long offset;
  private final String gtidSet;

  private StartPosition(Kind kind, String file, long offset, String gtidSet) {
    this.kind = kind;
    this.file = file;
    this.offset = offset;
    this.gtidSet = gtidSet;
  }

  /** The current end of the binlog, resolved and saved when the reader starts. */
  public static StartPosition latest() {
    return new StartPosition(Kind.LATEST, null, -1, null);
  }

  /** The oldest binlog file the server still has. */
  public static StartPosition earliest() {
    return new StartPosition(Kind.EARLIEST, null, -1, null);
  }

  /** The binlog event starting at {@code offset} in {@code file}. */
  public static StartPosition at(String file, long offset) {
    Objects.requireNonNull(file, "file == null");
    if (file.isEmpty()) {
      throw new IllegalArgumentException("file is empty");
    }
    if (offset < 4) {
      throw new IllegalArgumentException("offset < 4: " + offset);
    }
    return new StartPosition(Kind.FILE_OFFSET, file, offset, null);
  }

  /** After the given GTID set (MariaDB {@code 0-1-106,1-1-1}; an empty string means from the beginning). */
  public static StartPosition gtid(String gtidSet) {
    Objects.requireNonNull(gtidSet, "gtidSet == null");
    return new StartPosition(Kind.GTID, null, -1, gtidSet.trim());
  }

  /** Parses {@code latest}, {@code earliest}, {@code <file>:<pos>} or a GTID set. */
  public static StartPosition parse(String text) {
    Objects.requireNonNull(text, "text == null");
    String t = text.trim();
    if (t.equalsIgnoreCase("latest")) {
      return latest();
    }
    if (t.equalsIgnoreCase("earliest")) {
      return earliest();
    }
    if (t.startsWith("gtid:")) {
      return gtid(t.substring(5));
    }
    int colon = t.lastIndexOf(':');
    if (colon > 0 && t.indexOf('.') > 0 && t.indexOf('.') < colon) {
      String file = t.substring(0, colon);
      try {
        return at(file, Long.parseLong(t.substring(colon + 1)));
      } catch (NumberFormatException e) {
        // not file:pos; may be a MySQL GTID set, checked below
      }
    }
    if (t.matches("[0-9]+-[0-9]+-[0-9]+(\\s*,\\s*[0-9]+-[0-9]+-[0-9]+)*")
        || t.matches("(?i)[0-9a-f-]{36}:[0-9:-]+(\\s*,\\s*[0-9a-f-]{36}:[0-9:-]+)*")) {
      return gtid(t);
    }
    throw new IllegalArgumentException(
        "not a start position (latest, earliest, <file>:<pos> or a GTID set such as 0-1-106): " + text);
  }

  public Kind kind() {
    return kind;
  }

  /** The file for {@link Kind#FILE_OFFSET}, else null. */
  public String file() {
    return file;
  }

  /** The offset for {@link Kind#FILE_OFFSET}, else -1. */
  public long offset() {
    return offset;
  }

  /** The GTID set for {@link Kind#GTID}, else null. */
  public String gtidSet() {
    return gtidSet;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StartPosition s && kind == s.kind && offset == s.offset && Objects.equals(file, s.file)
        && Objects.equals(gtidSet, s.gtidSet);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, file, offset, gtidSet);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case LATEST -> "latest";
      case EARLIEST -> "earliest";
      case FILE_OFFSET -> file + ":" + offset;
      case GTID -> "gtid:" + gtidSet;
    };
  }
}
