package org.binlogload.canal.internal;

import com.taobao.tddl.dbsync.binlog.LogEvent;
import com.taobao.tddl.dbsync.binlog.event.LogHeader;
import com.taobao.tddl.dbsync.binlog.event.TableMapLogEvent;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The character set of every text column of a table-map event, read from the event's own optional metadata
 * (DEFAULT_CHARSET or COLUMN_CHARSET, binlog_row_metadata MINIMAL or FULL) and written over Canal's, once per event.
 * Canal 1.1.7 reads ENUM_AND_SET_DEFAULT_CHARSET into the field of DEFAULT_CHARSET (text columns of a table with
 * ENUM or SET columns get the ENUM/SET charset), gives every text column -1 when all share the default, and reads
 * none without column names (MINIMAL).
 */
public final class TableMapCharsets {
  static final int HEADER = 19;
  private static final int POST_HEADER = 8;
  private static final int DEFAULT_CHARSET = 2;
  private static final int COLUMN_CHARSET = 3;

  /** Per corrected event (its column array): null when read from its bytes, else why the charsets are unknown. */
  private static final Map<TableMapLogEvent.ColumnInfo[], Outcome> OUTCOMES =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** How the charsets of one event were settled: {@code problem} null when read from the event's bytes. */
  private record Outcome(String problem) {}

  private TableMapCharsets() {}

  /**
   * Reads the charsets of {@code map} from {@code buffer}, which holds the event's bytes from some offset of the first
   * few (a packet header and its status bytes before them), and corrects {@code map}'s columns in place.
   */
  static void fromDumpBuffer(TableMapLogEvent map, byte[] buffer, boolean mariaDb) {
    LogHeader h = map.getHeader();
    int at = -1;
    for (int off = 0; buffer != null && off <= 16 && at < 0; off++) {
      if (off + HEADER <= buffer.length && (buffer[off + 4] & 0xff) == LogEvent.TABLE_MAP_EVENT
          && uint32(buffer, off + 9) == h.getEventLen() && uint32(buffer, off + 13) == h.getLogPos()) {
        at = off;
      }
    }
    settle(map, at < 0 ? null : buffer, at, mariaDb, at < 0 ? "its bytes were not found in the dump buffer" : null);
  }

  /** Reads the charsets of {@code map} from {@code event}, its bytes from the first, as Canal's parallel stages got them. */
  static void fromPublished(TableMapLogEvent map, byte[] event, boolean mariaDb) {
    synchronized (OUTCOMES) {
      if (!OUTCOMES.containsKey(map.getColumnInfo())) {
        settle(map, event, 0, mariaDb, null);
      }
    }
  }

  /**
   * Null when the charsets in {@code map}'s column infos are each column's own (read from the event, or Canal's where
   * they cannot be wrong, or absent from the event: then text is UTF-8 as documented); else why the charset of the
   * first column {@code text} marks (true for columns decoded as text) is unknown, naming table and column.
   */
  public static String unknown(TableMapLogEvent map, boolean[] text, String[] names) {
    TableMapLogEvent.ColumnInfo[] columns = map.getColumnInfo();
    Outcome o;
    synchronized (OUTCOMES) { // Canal's parallel stages decode rows events of one table map on several threads
      o = OUTCOMES.get(columns);
      if (o == null) {
        settle(map, null, 0, false, "its bytes were not kept");
        o = OUTCOMES.get(columns);
      }
    }
    if (o.problem == null || canalsAreRight(columns)) {
      return null;
    }
    for (int i = 0; i < columns.length && i < text.length; i++) {
      if (text[i] && character(columns[i])) {
        return "the character set of column " + names[i] + " of " + map.getDbName() + "." + map.getTableName()
            + " is unknown: the table map at " + h(map) + " was not read (" + o.problem + ") and Canal's reading of"
            + " it cannot be trusted here (ENUM or SET columns, or every text column in the default charset);"
            + " its rows are not decoded rather than decoded in a guessed charset; reload the table";
      }
    }
    return null;
  }

  /** Whether the charsets of {@code columns} were read from their event's bytes. */
  public static boolean readFromEvent(TableMapLogEvent.ColumnInfo[] columns) {
    Outcome o = OUTCOMES.get(columns);
    return o != null && o.problem == null;
  }

  private static void settle(TableMapLogEvent map, byte[] b, int at, boolean mariaDb, String problem) {
    TableMapLogEvent.ColumnInfo[] columns = map.getColumnInfo();
    String why = problem;
    if (why == null) {
      try {
        int[] charsets = charsets(map, b, at, mariaDb);
        if (charsets != null) {
          for (int i = 0; i < columns.length; i++) {
            if (character(columns[i], mariaDb)) {
              columns[i].charset = charsets[i];
            }
          }
        } else {
          for (TableMapLogEvent.ColumnInfo c : columns) {
            if (character(c)) {
              c.charset = 0; // the event names none: text is read as UTF-8
            }
          }
        }
      } catch (RuntimeException e) {
        why = e.getMessage();
      }
    }
    OUTCOMES.putIfAbsent(columns, new Outcome(why));
  }

  /** Each column's collation (0 for a column without one), or null when the event carries no charsets. */
  private static int[] charsets(TableMapLogEvent map, byte[] b, int at, boolean mariaDb) {
    LogHeader h = map.getHeader();
    int end = at + h.getEventLen() - (h.getChecksumAlg() == LogEvent.BINLOG_CHECKSUM_ALG_CRC32 ? 4 : 0);
    if (end > b.length) {
      throw new IllegalArgumentException("the event is cut short");
    }
    if (uint48(b, at + HEADER) != map.getTableId()) {
      throw new IllegalArgumentException("the event bytes are of table id " + uint48(b, at + HEADER));
    }
    int[] p = {at + HEADER + POST_HEADER};
    p[0] += (b[p[0]] & 0xff) + 2; // database name, its length and its NUL
    p[0] += (b[p[0]] & 0xff) + 2; // table name
    TableMapLogEvent.ColumnInfo[] columns = map.getColumnInfo();
    int n = (int) packed(b, p, end);
    if (n != columns.length) {
      throw new IllegalArgumentException("the event bytes have " + n + " columns, Canal read " + columns.length);
    }
    p[0] += n;
    int metadata = (int) packed(b, p, end);
    p[0] += metadata + (n + 7) / 8; // the column metadata and the null bits
    int characters = 0;
    for (TableMapLogEvent.ColumnInfo c : columns) {
      characters += character(c, mariaDb) ? 1 : 0;
    }
    int[] byCharacter = null;
    while (p[0] < end) {
      int type = b[p[0]++] & 0xff;
      int length = (int) packed(b, p, end);
      int fieldEnd = p[0] + length;
      if (fieldEnd > end) {
        throw new IllegalArgumentException("optional metadata field " + type + " runs past the event");
      }
      if (type == DEFAULT_CHARSET) {
        byCharacter = new int[characters];
        Arrays.fill(byCharacter, (int) packed(b, p, fieldEnd));
        int last = -1;
        while (p[0] < fieldEnd) {
          int index = (int) packed(b, p, fieldEnd);
          if (index <= last || index >= characters) {
            throw new IllegalArgumentException("DEFAULT_CHARSET names column " + index + " of " + characters);
          }
          byCharacter[index] = (int) packed(b, p, fieldEnd);
          last = index;
        }
      } else if (type == COLUMN_CHARSET) {
        byCharacter = new int[characters];
        for (int i = 0; i < characters; i++) {
          byCharacter[i] = (int) packed(b, p, fieldEnd);
        }
        if (p[0] != fieldEnd) {
          throw new IllegalArgumentException("COLUMN_CHARSET has more charsets than the " + characters
              + " text columns");
        }
      }
      p[0] = fieldEnd;
    }
    if (byCharacter == null) {
      return null;
    }
    int[] out = new int[n];
    for (int i = 0, k = 0; i < n; i++) {
      out[i] = character(columns[i], mariaDb) ? byCharacter[k++] : 0;
    }
    return out;
  }

  /**
   * Whether Canal's charsets are right without our reading: no ENUM or SET column (its default charset is read over the
   * text one), no GEOMETRY column (MariaDB lists it among the charset columns, Canal does not) and no text column at
   * -1 (Canal's mark for "in the table map's default", which it loses).
   */
  private static boolean canalsAreRight(TableMapLogEvent.ColumnInfo[] columns) {
    for (TableMapLogEvent.ColumnInfo c : columns) {
      int type = realType(c);
      if (type == LogEvent.MYSQL_TYPE_ENUM || type == LogEvent.MYSQL_TYPE_SET || type == LogEvent.MYSQL_TYPE_GEOMETRY
          || (character(c) && c.charset < 0)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the server lists the column among the ones with a charset: CHAR, VARCHAR, BINARY, TEXT, BLOB..., and on
   * MariaDB GEOMETRY too (seen: MariaDB 10.11 lists its spatial columns with charset 63; MySQL's list leaves them out).
   */
  private static boolean character(TableMapLogEvent.ColumnInfo c, boolean mariaDb) {
    return character(c) || (mariaDb && c.type == LogEvent.MYSQL_TYPE_GEOMETRY);
  }

  /** Whether the column is CHAR, VARCHAR, BINARY, VARBINARY, TEXT or BLOB. */
  private static boolean character(TableMapLogEvent.ColumnInfo c) {
    return switch (realType(c)) {
      case LogEvent.MYSQL_TYPE_STRING, LogEvent.MYSQL_TYPE_VAR_STRING, LogEvent.MYSQL_TYPE_VARCHAR,
          LogEvent.MYSQL_TYPE_BLOB, LogEvent.MYSQL_TYPE_TINY_BLOB, LogEvent.MYSQL_TYPE_MEDIUM_BLOB,
          LogEvent.MYSQL_TYPE_LONG_BLOB -> true;
      default -> false;
    };
  }

  /** ENUM, SET and long CHAR travel as STRING with their real type in the metadata's first byte. */
  private static int realType(TableMapLogEvent.ColumnInfo c) {
    if (c.type == LogEvent.MYSQL_TYPE_STRING && c.meta >= 256) {
      int byte0 = c.meta >> 8;
      return (byte0 & 0x30) != 0x30 ? byte0 | 0x30 : byte0;
    }
    return c.type;
  }

  private static long packed(byte[] b, int[] p, int end) {
    if (p[0] >= end) {
      throw new IllegalArgumentException("a length-encoded integer runs past its field");
    }
    int first = b[p[0]++] & 0xff;
    int size = first < 251 ? 0 : first == 252 ? 2 : first == 253 ? 3 : first == 254 ? 8 : -1;
    if (size < 0 || p[0] + size > end) {
      throw new IllegalArgumentException("bad length-encoded integer " + first);
    }
    if (size == 0) {
      return first;
    }
    long v = 0;
    for (int i = 0; i < size; i++) {
      v |= (long) (b[p[0] + i] & 0xff) << (8 * i);
    }
    p[0] += size;
    return v;
  }

  static long uint32(byte[] b, int at) {
    return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
  }

  static long uint48(byte[] b, int at) {
    return uint32(b, at) | (b[at + 4] & 0xffL) << 32 | (b[at + 5] & 0xffL) << 40;
  }

  private static String h(TableMapLogEvent map) {
    LogHeader h = map.getHeader();
    return h.getLogFileName() + ":" + (h.getLogPos() - h.getEventLen());
  }
}
