package org.binlogload.canal.internal;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.binlogload.canal.BinlogException;
import org.binlogload.canal.BinlogPosition;

/**
 * The saved reading state of one instance: where Canal resumes (a transaction boundary) and the last acked position
 * (rows at or before it are not delivered again). Serialized as versioned {@code key=value} text.
 *
 * @param resume where the parser restarts: the end of the last acked transaction or DDL, in file or GTID terms
 * @param acked the last acked event position; null before the first ack
 * @param gtidMode whether the parser reads by GTID
 */
record Cursor(BinlogPosition resume, BinlogPosition acked, boolean gtidMode) {
  static final int FORMAT_VERSION = 1;

  static String key(String name) {
    return name + ".cursor";
  }

  byte[] encode(String name) {
    StringBuilder sb = new StringBuilder(256);
    sb.append("# embedded-canal cursor\n");
    sb.append("format=").append(FORMAT_VERSION).append('\n');
    sb.append("name=").append(name).append('\n');
    sb.append("gtidMode=").append(gtidMode).append('\n');
    append(sb, "resume", resume);
    if (acked != null) {
      append(sb, "acked", acked);
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void append(StringBuilder sb, String prefix, BinlogPosition p) {
    sb.append(prefix).append('=').append(p).append('\n');
    if (p.gtidSet() != null) {
      sb.append(prefix).append(".gtid=").append(p.gtidSet()).append('\n');
    }
    sb.append(prefix).append(".timestamp=").append(p.timestampMillis()).append('\n');
    sb.append(prefix).append(".serverId=").append(p.serverId()).append('\n');
  }

  static Cursor decode(String name, byte[] bytes) {
    Properties p = new Properties();
    try {
      p.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
    } catch (IOException | IllegalArgumentException e) {
      throw corrupt(name, "unreadable: " + e.getMessage(), e);
    }
    String format = p.getProperty("format");
    if (!String.valueOf(FORMAT_VERSION).equals(format)) {
      throw corrupt(name, "format " + format + " is not " + FORMAT_VERSION
          + " (written by another version of embedded-canal)", null);
    }
    try {
      BinlogPosition resume = read(p, "resume");
      if (resume == null) {
        throw corrupt(name, "no resume position", null);
      }
      return new Cursor(resume, read(p, "acked"), Boolean.parseBoolean(p.getProperty("gtidMode", "false")));
    } catch (IllegalArgumentException e) {
      throw corrupt(name, e.getMessage(), e);
    }
  }

  private static BinlogPosition read(Properties p, String prefix) {
    String pos = p.getProperty(prefix);
    if (pos == null) {
      return null;
    }
    return BinlogPosition.parse(pos)
        .withGtidSet(p.getProperty(prefix + ".gtid"))
        .withTimestamp(Long.parseLong(p.getProperty(prefix + ".timestamp", "0")))
        .withServerId(Long.parseLong(p.getProperty(prefix + ".serverId", "0")));
  }

  private static BinlogException corrupt(String name, String what, Throwable cause) {
    return new BinlogException(BinlogException.Reason.CORRUPT_STATE, true,
        "saved cursor " + key(name) + " is " + what + "; restore it or remove it to start from the configured position",
        cause);
  }
}
