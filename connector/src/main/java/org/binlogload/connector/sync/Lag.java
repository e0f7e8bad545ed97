package org.binlogload.connector.sync;

import java.util.List;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.ChangeEvent;

/**
 * A job's lag: the age of the oldest source change read but not yet committed to the sink, whatever holds it back
 * (buffered, loading, or read again after a failure). It is not reset by a retry, so it grows through an outage.
 */
final class Lag {
  private volatile long oldestMillis; // binlog time of the oldest uncommitted change read, 0 when none
  private volatile BinlogPosition lastRead;

  /** Notes a batch read from the source; {@code committed} is the committed position (null before the first). */
  void read(List<ChangeEvent> events, BinlogPosition committed, long nowMillis) {
    for (ChangeEvent e : events) {
      BinlogPosition p = e.position();
      if (committed != null && !p.isAfter(committed)) {
        continue;
      }
      if (lastRead == null || p.isAfter(lastRead)) {
        lastRead = p;
      }
      if (oldestMillis == 0) {
        oldestMillis = p.timestampMillis() > 0 ? p.timestampMillis() : nowMillis;
      }
    }
  }

  /** Notes that everything through {@code end} is committed. */
  void committed(BinlogPosition end) {
    BinlogPosition r = lastRead;
    if (r == null || !r.isAfter(end)) {
      oldestMillis = 0;
    } else if (end.timestampMillis() > oldestMillis) {
      oldestMillis = end.timestampMillis(); // what is left is no older than the end of the committed range
    }
  }

  /** The lag at {@code nowMillis}: 0 when everything read is committed. */
  long millis(long nowMillis) {
    long o = oldestMillis;
    return o == 0 ? 0 : Math.max(0, nowMillis - o);
  }
}
