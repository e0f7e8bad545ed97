package org.binlogload.canal.internal;

import com.taobao.tddl.dbsync.binlog.LogEvent;
import com.taobao.tddl.dbsync.binlog.event.LogHeader;
import com.taobao.tddl.dbsync.binlog.event.TableMapLogEvent;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The bytes of the table-map events one reader published to Canal's parallel stages, in binlog order, until its
 * serial stage decodes each: the charsets of a decoded table map are read from its own bytes, matched by end offset
 * and table id in publishing order (offsets repeat across binlog files, and other readers publish the same events).
 */
public final class PublishedTableMaps {
  static final int LIMIT = 4096;

  private record Published(byte[] event, boolean mariaDb, long logPos, long tableId) {}

  private final ArrayDeque<Published> queue = new ArrayDeque<>();

  /** Keeps {@code event} (a whole event from its first byte) if it is a table map. */
  synchronized void add(byte[] event, boolean mariaDb) {
    if (event.length > TableMapCharsets.HEADER + 6 && (event[4] & 0xff) == LogEvent.TABLE_MAP_EVENT) {
      if (queue.size() == LIMIT) {
        queue.removeFirst(); // never decoded (a dump that ended): its table map will say its bytes were not kept
      }
      queue.addLast(new Published(event, mariaDb, TableMapCharsets.uint32(event, 13),
          TableMapCharsets.uint48(event, TableMapCharsets.HEADER)));
    }
  }

  /**
   * Corrects the charsets of {@code map} from its published bytes, dropping the table maps published before it that
   * were never decoded; leaves it to {@link TableMapCharsets#unknown} when its bytes are not here.
   */
  public void settle(TableMapLogEvent map) {
    LogHeader h = map.getHeader();
    Published found = null;
    synchronized (this) {
      for (Iterator<Published> it = queue.iterator(); it.hasNext() && found == null; ) {
        Published p = it.next();
        if (p.logPos == h.getLogPos() && p.tableId == map.getTableId()) {
          found = p;
        }
      }
      if (found != null) {
        while (queue.removeFirst() != found) {
          // published before it and never decoded
        }
      }
    }
    if (found != null) {
      TableMapCharsets.fromPublished(map, found.event, found.mariaDb);
    }
  }
}
